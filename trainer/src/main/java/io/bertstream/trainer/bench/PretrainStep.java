package io.bertstream.trainer.bench;

import io.bertstream.trainer.autograd.Arena;
import io.bertstream.trainer.bert.BertConfig;
import io.bertstream.trainer.bert.BertForPreTraining;
import io.bertstream.trainer.bert.BertInput;
import io.bertstream.trainer.bert.PretrainingOutput;
import io.bertstream.trainer.bert.PretrainingTargets;
import io.bertstream.trainer.nn.DropoutSeeds;
import io.bertstream.trainer.train.AdamW;
import io.bertstream.trainer.train.GradientClipping;
import java.util.SplittableRandom;

/**
 * One MLM + NSP pre-training step of a model on a fixed synthetic batch, as {@code bench train}
 * times it and {@code bench train-step --preset} profiles it: forward, backward, gradient clipping
 * and AdamW, with dropout. Every sequence is full (no padding); {@code masked} positions per
 * sequence are spread evenly after {@code [CLS]}. Keeps the time of each phase.
 */
final class PretrainStep {
    /** The phases of a step, in the order {@link #phaseNanos()} reports them. */
    static final String[] PHASES = {"forward", "backward", "clip", "AdamW"};
    /** Steps run before timing: the JIT's and the arena's warm-up (PyTorch's baseline gets as many). */
    static final int WARMUP_STEPS = 3;

    private final BertForPreTraining model;
    private final AdamW adam;
    private final BertInput input;
    private final PretrainingTargets targets;
    private final Arena arena = new Arena();
    private final long[] phaseNanos = new long[PHASES.length];
    private final int tokens;

    PretrainStep(BertConfig config, int batch, int seq, int masked) {
        int vocab = config.vocabSize();
        model = new BertForPreTraining(config, 1);
        adam = new AdamW(model.parameters(), 0.9f, 0.999f, 1e-6f, 0.01f);
        SplittableRandom random = new SplittableRandom(2);
        tokens = batch * seq;
        int[] ids = new int[tokens], types = new int[tokens], mask = new int[tokens];
        for (int i = 0; i < tokens; i++) {
            ids[i] = 5 + random.nextInt(vocab - 5);
            types[i] = i % seq < seq / 2 ? 0 : 1;
            mask[i] = 1;
        }
        int[] positions = new int[batch * masked], labels = new int[batch * masked], nsp = new int[batch];
        for (int b = 0; b < batch; b++) {
            for (int k = 0; k < masked; k++) {
                positions[b * masked + k] = b * seq + 1 + k * (seq - 1) / masked;
                labels[b * masked + k] = 5 + random.nextInt(vocab - 5);
            }
            nsp[b] = random.nextInt(2);
        }
        input = new BertInput(batch, seq, ids, types, mask);
        targets = new PretrainingTargets(positions, labels, nsp);
    }

    /** BERT's 15 % of a sequence's positions, rounded. */
    static int maskedPerSequence(int seq) {
        return Math.round(seq * 0.15f);
    }

    int tokens() {
        return tokens;
    }

    Arena arena() {
        return arena;
    }

    /** Runs step number {@code step} (it seeds the dropout). */
    void run(int step) {
        model.parameters().zeroGrad();
        long t0 = System.nanoTime(), t1, t2;
        try (Arena.Scope scope = arena.open()) {
            PretrainingOutput out = model.forward(input, targets, new DropoutSeeds(1, step, 0));
            t1 = System.nanoTime();
            out.loss().backward();
            t2 = System.nanoTime();
        }
        GradientClipping.clip(model.parameters().named().values(), 1.0);
        long t3 = System.nanoTime();
        adam.step(1e-4f);
        long t4 = System.nanoTime();
        phaseNanos[0] += t1 - t0;
        phaseNanos[1] += t2 - t1;
        phaseNanos[2] += t3 - t2;
        phaseNanos[3] += t4 - t3;
    }

    /** Nanoseconds spent in each of {@link #PHASES} since the last reset. */
    long[] phaseNanos() {
        return phaseNanos.clone();
    }

    void resetPhases() {
        java.util.Arrays.fill(phaseNanos, 0);
    }
}
