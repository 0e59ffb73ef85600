package io.bertstream.trainer.data;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.SplittableRandom;

/**
 * BERT's masked-LM corruption ({@code create_masked_lm_predictions}): choose
 * {@code min(maxPredictions, max(1, round(length · maskProb)))} positions among the non-special
 * tokens (whole words at a time when {@code wholeWord}: a word is a piece plus its {@code ##}
 * continuations), then replace 80 % by [MASK], 10 % by a random non-special token and keep 10 %.
 */
public final class Masker {
    private final SpecialTokens special;
    private final double maskProb;
    private final int maxPredictions;
    private final boolean wholeWord;

    public Masker(SpecialTokens special, double maskProb, int maxPredictions, boolean wholeWord) {
        if (!(maskProb > 0 && maskProb < 1)) throw new IllegalArgumentException("mask probability must be in (0, 1), got " + maskProb);
        if (maxPredictions < 1) throw new IllegalArgumentException("max predictions must be positive, got " + maxPredictions);
        this.special = special;
        this.maskProb = maskProb;
        this.maxPredictions = maxPredictions;
        this.wholeWord = wholeWord;
    }

    /** The masked example; the choice is a pure function of {@code seed}. */
    public MaskedExample mask(PretrainingExample example, long seed) {
        SplittableRandom random = new SplittableRandom(seed);
        int[] tokens = example.tokens();
        List<int[]> candidates = new ArrayList<>();
        for (int i = 0; i < tokens.length; i++) {
            if (special.special()[tokens[i]]) continue;
            int[] last = candidates.isEmpty() ? null : candidates.get(candidates.size() - 1);
            if (wholeWord && last != null && last[last.length - 1] == i - 1 && special.continuation()[tokens[i]]) {
                int[] grown = Arrays.copyOf(last, last.length + 1);
                grown[last.length] = i;
                candidates.set(candidates.size() - 1, grown);
            } else {
                candidates.add(new int[] {i});
            }
        }
        for (int i = candidates.size() - 1; i > 0; i--) {
            int j = random.nextInt(i + 1);
            int[] t = candidates.get(i);
            candidates.set(i, candidates.get(j));
            candidates.set(j, t);
        }
        int toPredict = Math.min(maxPredictions, Math.max(1, (int) Math.round(tokens.length * maskProb)));
        boolean[] chosen = new boolean[tokens.length];
        int count = 0;
        for (int[] word : candidates) {
            if (count >= toPredict) break;
            if (count + word.length > toPredict) continue;
            for (int i : word) chosen[i] = true;
            count += word.length;
        }
        int[] input = tokens.clone();
        int[] positions = new int[count], labels = new int[count];
        for (int i = 0, k = 0; i < tokens.length; i++) {
            if (!chosen[i]) continue;
            positions[k] = i;
            labels[k++] = tokens[i];
            double r = random.nextDouble();
            if (r < 0.8) input[i] = special.mask();
            else if (r < 0.9) input[i] = randomToken(random);
        }
        return new MaskedExample(input, example.typeIds(), positions, labels, example.randomNext());
    }

    private int randomToken(SplittableRandom random) {
        int id;
        do {
            id = random.nextInt(special.vocabSize());
        } while (special.special()[id]);
        return id;
    }
}
