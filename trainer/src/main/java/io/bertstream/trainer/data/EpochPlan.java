package io.bertstream.trainer.data;

import java.util.Arrays;
import java.util.SplittableRandom;
import java.util.function.IntUnaryOperator;
import java.util.stream.IntStream;

/**
 * Which examples make up each batch of an epoch, as a pure function of (seed, epoch): a seeded
 * permutation cut into full batches (the remainder is left out). With length grouping, each
 * window of 50 batches is sorted by length before cutting and the window's batches are shuffled,
 * so padding shrinks but batch order stays random. Shared by pre-training and fine-tuning streams.
 */
final class EpochPlan {
    private static final int GROUP_WINDOW_BATCHES = 50;

    private EpochPlan() {}

    /** {@code batches[b]} holds the example indices of batch {@code b} of the epoch. */
    static int[][] batches(int examples, IntUnaryOperator length, int batchSize, long seed, long epoch, boolean groupByLength) {
        SplittableRandom random = new SplittableRandom(seed ^ (0x9E3779B97F4A7C15L * (epoch + 1)));
        int[] order = IntStream.range(0, examples).toArray();
        shuffle(order, random);
        int batches = examples / batchSize;
        int[][] out = new int[batches][];
        int window = groupByLength ? GROUP_WINDOW_BATCHES : 1;
        for (int first = 0; first < batches; first += window) {
            int count = Math.min(window, batches - first);
            Integer[] slice = new Integer[count * batchSize];
            for (int i = 0; i < slice.length; i++) slice[i] = order[first * batchSize + i];
            if (groupByLength) Arrays.sort(slice, (x, y) -> Integer.compare(length.applyAsInt(x), length.applyAsInt(y)));
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

    private static void shuffle(int[] a, SplittableRandom random) {
        for (int i = a.length - 1; i > 0; i--) {
            int j = random.nextInt(i + 1);
            int t = a[i];
            a[i] = a[j];
            a[j] = t;
        }
    }
}
