package io.bertstream.trainer.autograd;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.SplittableRandom;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The strided walks that view backward passes and gradient reductions run on: large enough to be
 * split across threads, checked against element-by-element index arithmetic, and the same
 * whatever the thread count.
 */
class StridedTest {
    private final int threadsBefore = Parallel.threads();

    @AfterEach
    void restoreThreads() {
        Parallel.setThreads(threadsBefore);
    }

    @Test
    void addIntoAPermutedViewMatchesIndexArithmeticOnAnyThreadCount() {
        int[] shape = {6, 70, 5, 40}; // 84,000 elements: more than one thread's share
        int[] order = {0, 2, 1, 3}; // attention's heads split: [batch, seq, heads, size] → [batch, heads, seq, size]
        for (int threads : new int[] {1, 2, 3}) {
            Parallel.setThreads(threads);
            float[] base = random(1, 6 * 70 * 5 * 40);
            float[] expected = base.clone();
            Tensor dst = new Tensor(base, 0, shape, Shapes.contiguousStrides(shape)).permute(order);
            float[] src = random(2, dst.size);
            // dst[i0,i1,i2,i3] is base[i0, i2, i1, i3] of the contiguous [6, 70, 5, 40]
            int k = 0;
            for (int i0 = 0; i0 < 6; i0++)
                for (int i1 = 0; i1 < 5; i1++)
                    for (int i2 = 0; i2 < 70; i2++)
                        for (int i3 = 0; i3 < 40; i3++) expected[((i0 * 70 + i2) * 5 + i1) * 40 + i3] += src[k++];
            Strided.addInto(dst, new Tensor(src, 0, dst.shape, Shapes.contiguousStrides(dst.shape)));
            assertArrayEquals(expected, base, "threads " + threads);
        }
    }

    @Test
    void oneLongRowIsCutIntoRunsThatCoverItExactlyOnce() {
        int n = 100_003; // not a multiple of any thread count used
        for (int threads : new int[] {1, 2, 3}) {
            Parallel.setThreads(threads);
            float[] dst = random(3, n), src = random(4, n), expected = dst.clone();
            for (int i = 0; i < n; i++) expected[i] += src[i];
            Strided.addInto(new Tensor(dst, 0, new int[] {n}, new int[] {1}), new Tensor(src, 0, new int[] {n}, new int[] {1}));
            assertArrayEquals(expected, dst, "threads " + threads);

            float[] copy = new float[n];
            Strided.copy(new Tensor(src, 0, new int[] {n}, new int[] {1}), new Tensor(copy, 0, new int[] {n}, new int[] {1}));
            assertArrayEquals(src, copy, "threads " + threads);
        }
    }

    @Test
    void reduceIntoSumsBroadcastAxesAndAddsSameShapeGradients() {
        int rows = 900, cols = 64;
        float[] g = random(5, rows * cols);
        for (int threads : new int[] {1, 2, 3}) {
            Parallel.setThreads(threads);
            // same shape: a scaled add, split across threads
            float[] dst = random(6, rows * cols), expected = dst.clone();
            for (int i = 0; i < expected.length; i++) expected[i] += -1f * g[i];
            Broadcasting.reduceInto(dst, new int[] {rows, cols}, g, 0, new int[] {rows, cols}, -1f);
            assertArrayEquals(expected, dst, "threads " + threads);

            // a bias-like [cols] gradient: the sum over rows, in row order
            float[] bias = new float[cols];
            double[] sums = new double[cols];
            for (int r = 0; r < rows; r++) for (int c = 0; c < cols; c++) sums[c] += g[r * cols + c];
            Broadcasting.reduceInto(bias, new int[] {cols}, g, 0, new int[] {rows, cols}, 1f);
            for (int c = 0; c < cols; c++) {
                assertEquals(sums[c], bias[c], 1e-3, "column " + c);
            }
        }
    }

    private static float[] random(long seed, int n) {
        SplittableRandom r = new SplittableRandom(seed);
        float[] a = new float[n];
        for (int i = 0; i < n; i++) a[i] = (float) r.nextGaussian();
        return a;
    }
}
