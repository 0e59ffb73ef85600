package io.bertstream.trainer.data;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.SplittableRandom;
import java.util.stream.IntStream;

/**
 * The training batches as a pure function of their index: batch {@code i} belongs to epoch
 * {@code i / batchesPerEpoch()}; each epoch is a seeded permutation of the examples, cut into
 * full batches (the remainder is left out). With length grouping, each window of 50 batches is
 * sorted by length before cutting and the window's batches are shuffled, so padding shrinks but
 * batch order stays random. Masks are drawn per example from (seed, example), or with dynamic
 * masking from (seed, epoch, example), so a new epoch sees new masks. Because nothing depends on
 * what came before, resuming needs only the batch index.
 */
public final class PretrainingStream {
    private static final int GROUP_WINDOW_BATCHES = 50;

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
        SplittableRandom random = new SplittableRandom(seed ^ (0x9E3779B97F4A7C15L * (epoch + 1)));
        int[] order = IntStream.range(0, examples.size()).toArray();
        shuffle(order, random);
        int batches = batchesPerEpoch();
        int[][] out = new int[batches][];
        int window = groupByLength ? GROUP_WINDOW_BATCHES : 1;
        for (int first = 0; first < batches; first += window) {
            int count = Math.min(window, batches - first);
            Integer[] slice = new Integer[count * batchSize];
            for (int i = 0; i < slice.length; i++) slice[i] = order[first * batchSize + i];
            if (groupByLength) Arrays.sort(slice, (x, y) -> Integer.compare(examples.get(x).tokens().length, examples.get(y).tokens().length));
            int[] batchOrder = IntStream.range(0, count).toArray();
            if (groupByLength) shuffle(batchOrder, random);
            for (int b = 0; b < count; b++) {
                int[] members = new int[batchSize];
                for (int i = 0; i < batchSize; i++) members[i] = slice[batchOrder[b] * batchSize + i];
                out[first + b] = members;
            }
        }
        return out;
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

    private static void shuffle(int[] a, SplittableRandom random) {
        for (int i = a.length - 1; i > 0; i--) {
            int j = random.nextInt(i + 1);
            int t = a[i];
            a[i] = a[j];
            a[j] = t;
        }
    }
}
