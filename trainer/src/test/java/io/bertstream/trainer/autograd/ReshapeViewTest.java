package io.bertstream.trainer.autograd;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/** Reshape as a view of strided tensors, against reading the elements one by one in row-major order. */
class ReshapeViewTest {

    @Test
    void headsOfAStackedProjectionAreViews() {
        // [batch, seq, 3·hidden] → the middle third as [batch, seq, heads, headSize], as attention reads K
        Tensor qkv = Tensor.randn(1, 1f, 2, 5, 12);
        Tensor k = qkv.slice(2, 4, 8).reshape(2, 5, 2, 2);
        assertSame(qkv.data, k.data);
        assertArrayEquals(qkv.slice(2, 4, 8).contiguous().toArray(), k.toArray());
    }

    @Test
    void mergingAxesThatDoNotLieEvenlyIsRefused() {
        Tensor t = Tensor.randn(2, 1f, 3, 4).transpose(0, 1); // [4, 3] with strides [1, 4]
        assertNull(Views.reshapedStrides(t.shape, t.strides, new int[] {12}));
        assertArrayEquals(t.contiguous().toArray(), t.reshape(12).toArray());
    }

    @Test
    void randomViewsReadTheSameElementsInTheSameOrder() {
        SplittableRandom random = new SplittableRandom(5);
        int viewsFound = 0;
        for (int trial = 0; trial < 500; trial++) {
            int rank = 1 + random.nextInt(4);
            int[] shape = new int[rank];
            for (int i = 0; i < rank; i++) shape[i] = 1 + random.nextInt(4);
            int[] order = new int[rank];
            for (int i = 0; i < rank; i++) order[i] = i;
            for (int i = rank - 1; i > 0 && random.nextBoolean(); i--) { // sometimes permuted, often not
                int j = random.nextInt(i + 1), s = order[i];
                order[i] = order[j];
                order[j] = s;
            }
            int axis = random.nextInt(rank);
            Tensor x = Tensor.randn(trial, 1f, shape).permute(order);
            int from = random.nextInt(x.shape[axis]);
            x = x.slice(axis, from, from + 1 + random.nextInt(x.shape[axis] - from));
            int[] target = randomFactorization(random, x.size);
            int[] strides = Views.reshapedStrides(x.shape, x.strides, target);
            float[] expected = x.contiguous().toArray();
            if (strides != null) {
                viewsFound++;
                Tensor view = new Tensor(x.data, x.offset, target, strides);
                assertArrayEquals(expected, view.toArray(), "trial " + trial);
            }
            assertArrayEquals(expected, x.reshape(target).toArray(), "trial " + trial);
        }
        assertTrue(viewsFound > 100, "too few trials were views: " + viewsFound);
    }

    /** {@code n} as a product of one to four factors, in random order. */
    private static int[] randomFactorization(SplittableRandom random, int n) {
        int parts = 1 + random.nextInt(4);
        int[] f = new int[parts];
        int left = n;
        for (int i = 0; i < parts - 1; i++) {
            int d = 1;
            for (int c = 2; c <= left; c++) {
                if (left % c == 0 && random.nextBoolean()) {
                    d = c;
                    break;
                }
            }
            f[i] = d;
            left /= d;
        }
        f[parts - 1] = left;
        return f;
    }
}
