package io.bertstream.trainer.data;

import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;

/**
 * Sentence-pair examples as the original BERT's {@code create_instances_from_document}: walk a
 * document's sentences, pack them until a target length ({@code maxSeqLength - 3}, or with
 * probability {@code shortSeqProb} a random length in [2, target]) is reached, cut the chunk
 * into A and B at a random sentence boundary, and half of the time (always when the chunk is
 * one sentence) replace B by a random stretch of another document, giving the unused sentences
 * back to the walk. Pairs that are too long lose tokens from the longer side, at a random end.
 * Unlike the original, the target length is redrawn for every example, not once per document
 * (our documents include whole books).
 */
public final class ExampleBuilder {
    private final int maxSeqLength;
    private final double shortSeqProb;
    private final SpecialTokens special;

    public ExampleBuilder(int maxSeqLength, double shortSeqProb, SpecialTokens special) {
        if (maxSeqLength < 5) throw new IllegalArgumentException("max sequence length must be at least 5, got " + maxSeqLength);
        if (!(shortSeqProb >= 0 && shortSeqProb <= 1)) throw new IllegalArgumentException("short sequence probability must be in [0, 1]");
        this.maxSeqLength = maxSeqLength;
        this.shortSeqProb = shortSeqProb;
        this.special = special;
    }

    /** Examples from every document, in document order, drawn from {@code seed}. */
    public List<PretrainingExample> build(TokenizedDocuments docs, long seed) {
        SplittableRandom random = new SplittableRandom(seed);
        List<PretrainingExample> out = new ArrayList<>();
        for (int d = 0; d < docs.size(); d++) fromDocument(docs.documents(), d, random, out);
        return out;
    }

    private void fromDocument(List<int[][]> all, int docIndex, SplittableRandom random, List<PretrainingExample> out) {
        int[][] doc = all.get(docIndex);
        int maxTokens = maxSeqLength - 3;
        int target = targetLength(maxTokens, random);
        List<int[]> chunk = new ArrayList<>();
        int chunkLength = 0;
        for (int i = 0; i < doc.length; i++) {
            chunk.add(doc[i]);
            chunkLength += doc[i].length;
            if (i != doc.length - 1 && chunkLength < target) continue;
            int aEnd = chunk.size() >= 2 ? 1 + random.nextInt(chunk.size() - 1) : 1;
            IntList a = new IntList(), b = new IntList();
            for (int j = 0; j < aEnd; j++) a.addAll(chunk.get(j));
            boolean randomNext = all.size() > 1 && (chunk.size() == 1 || random.nextDouble() < 0.5);
            if (randomNext) {
                int targetB = target - a.size();
                int other = docIndex;
                for (int tries = 0; tries < 10 && other == docIndex; tries++) other = random.nextInt(all.size());
                int[][] otherDoc = all.get(other);
                for (int j = random.nextInt(otherDoc.length); j < otherDoc.length && b.size() < targetB; j++) b.addAll(otherDoc[j]);
                i -= chunk.size() - aEnd;   // the unused sentences start the next chunk
            } else {
                for (int j = aEnd; j < chunk.size(); j++) b.addAll(chunk.get(j));
            }
            truncatePair(a, b, maxTokens, random);
            if (a.size() >= 1 && b.size() >= 1) out.add(example(a, b, randomNext));
            chunk.clear();
            chunkLength = 0;
            target = targetLength(maxTokens, random);
        }
    }

    private int targetLength(int maxTokens, SplittableRandom random) {
        return random.nextDouble() < shortSeqProb ? 2 + random.nextInt(Math.max(1, maxTokens - 1)) : maxTokens;
    }

    private static void truncatePair(IntList a, IntList b, int maxTokens, SplittableRandom random) {
        while (a.size() + b.size() > maxTokens) {
            IntList longer = a.size() > b.size() ? a : b;
            if (random.nextBoolean()) longer.removeFirst();
            else longer.removeLast();
        }
    }

    private PretrainingExample example(IntList a, IntList b, boolean randomNext) {
        int[] tokens = new int[a.size() + b.size() + 3];
        tokens[0] = special.cls();
        a.copyTo(tokens, 1);
        tokens[a.size() + 1] = special.sep();
        b.copyTo(tokens, a.size() + 2);
        tokens[tokens.length - 1] = special.sep();
        return new PretrainingExample(tokens, a.size(), randomNext);
    }

    /** A growable int list with cheap removal at both ends. */
    private static final class IntList {
        private int[] values = new int[64];
        private int from, to;

        void addAll(int[] more) {
            if (to + more.length > values.length) values = java.util.Arrays.copyOf(values, Math.max(values.length * 2, to + more.length));
            System.arraycopy(more, 0, values, to, more.length);
            to += more.length;
        }

        int size() {
            return to - from;
        }

        void removeFirst() {
            from++;
        }

        void removeLast() {
            to--;
        }

        void copyTo(int[] dest, int at) {
            System.arraycopy(values, from, dest, at, size());
        }
    }
}
