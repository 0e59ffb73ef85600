package io.bertstream.trainer.data;

import java.util.ArrayList;
import java.util.List;

/**
 * The training batches as a pure function of their index: batch {@code i} belongs to epoch
 * {@code i / batchesPerEpoch()}, planned by {@link EpochPlan} (a seeded permutation, optionally
 * grouped by length). Masks are drawn per example from (seed, example), or with dynamic
 * masking from (seed, epoch, example), so a new epoch sees new masks. Because nothing depends on
 * what came before, resuming needs only the batch index.
 */
public final class PretrainingStream {
    private final List<PretrainingExample> examples;
    private final Masker masker;
    private final int padId;
    private final int batchSize;
    private final long seed;
    private final boolean groupByLength;
    private final boolean dynamicMasking;
    private long cachedEpoch = -1;
    private int[][] epochBatches;

    public PretrainingStream(List<PretrainingExample> examples, Masker masker, int padId, int batchSize, long seed,
            boolean groupByLength, boolean dynamicMasking) {
        if (batchSize < 1) throw new IllegalArgumentException("batch size must be positive, got " + batchSize);
        if (examples.size() < batchSize) {
            throw new IllegalArgumentException("only " + examples.size() + " training examples for a batch of " + batchSize);
        }
        this.examples = examples;
        this.masker = masker;
        this.padId = padId;
        this.batchSize = batchSize;
        this.seed = seed;
        this.groupByLength = groupByLength;
        this.dynamicMasking = dynamicMasking;
    }

    public int batchesPerEpoch() {
        return examples.size() / batchSize;
    }

    /** The {@code index}-th batch since the start of training (0-based). */
    public PretrainingBatch batch(long index) {
        long epoch = index / batchesPerEpoch();
        if (epoch != cachedEpoch) {
            epochBatches = plan(epoch);
            cachedEpoch = epoch;
        }
        int[] members = epochBatches[(int) (index % batchesPerEpoch())];
        List<MaskedExample> masked = new ArrayList<>(members.length);
        for (int e : members) masked.add(masker.mask(examples.get(e), maskSeed(seed, dynamicMasking ? epoch : 0, e)));
        return PretrainingBatch.of(masked, padId);
    }

    private int[][] plan(long epoch) {
        return EpochPlan.batches(examples.size(), e -> examples.get(e).tokens().length, batchSize, seed, epoch, groupByLength);
    }

    /** Fixed batches for evaluation: the first {@code limit} examples in order, masks from {@code seed}. */
    public static List<PretrainingBatch> evaluationBatches(List<PretrainingExample> examples, Masker masker, int padId,
            int batchSize, int limit, long seed) {
        List<PretrainingBatch> out = new ArrayList<>();
        int n = Math.min(limit, examples.size());
        for (int from = 0; from < n; from += batchSize) {
            List<MaskedExample> masked = new ArrayList<>();
            for (int e = from; e < Math.min(n, from + batchSize); e++) masked.add(masker.mask(examples.get(e), maskSeed(seed, 0, e)));
            out.add(PretrainingBatch.of(masked, padId));
        }
        return out;
    }

    private static long maskSeed(long seed, long epoch, int example) {
        long z = seed * 0x9E3779B97F4A7C15L + epoch * 0xBF58476D1CE4E5B9L + example;
        z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
        z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
        return z ^ (z >>> 31);
    }
}
