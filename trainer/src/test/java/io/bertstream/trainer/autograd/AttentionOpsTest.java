package io.bertstream.trainer.autograd;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The ops attention uses, against the plain ops they replace: the fused softmax, products
 * written straight into a permuted layout, and the in-place gradients of views read by products
 * (against the same graph with the views copied first).
 */
class AttentionOpsTest {

    @Test
    void scaledSoftmaxMatchesScaleAddSoftmax() {
        Tensor x = Tensor.randn(1, 2f, 2, 3, 4, 6), bias = Tensor.randn(2, 1f, 2, 1, 1, 6);
        float[] fused = x.scaledSoftmax(0.35f, bias).toArray();
        float[] separate = x.mul(0.35f).add(bias).softmax(-1).toArray();
        for (int i = 0; i < fused.length; i++) assertEquals(separate[i], fused[i], 1e-6f, "element " + i);
    }

    @Test
    void scaledSoftmaxRefusesABiasThatNeedsAGradientOrDoesNotBroadcast() {
        Tensor x = Tensor.randn(1, 1f, 2, 3, 4);
        Tensor learned = Tensor.randn(2, 1f, 2, 1, 4).requiresGrad(true);
        assertThrows(IllegalArgumentException.class, () -> x.scaledSoftmax(1f, learned));
        Tensor wide = Tensor.randn(3, 1f, 2, 3, 5);
        assertThrows(IllegalArgumentException.class, () -> x.scaledSoftmax(1f, wide));
        Tensor perRow = Tensor.randn(4, 1f, 2, 3, 1);
        assertThrows(IllegalArgumentException.class, () -> x.scaledSoftmax(1f, perRow));
    }

    @Test
    void matmulPermutedIsPermuteAndContiguousWithoutTheCopy() {
        Tensor a = Tensor.randn(6, 1f, 2, 3, 5, 4), b = Tensor.randn(7, 1f, 2, 3, 4, 6);
        Tensor direct = a.matmulPermuted(b, 0, 2, 1, 3);
        assertArrayEquals(new int[] {2, 5, 3, 6}, direct.shape);
        assertTrue(direct.isContiguous());
        assertArrayEquals(a.matmul(b).permute(0, 2, 1, 3).contiguous().toArray(), direct.toArray());
        assertThrows(IllegalArgumentException.class, () -> a.matmulPermuted(b, 0, 1, 3, 2));
        assertThrows(IllegalArgumentException.class, () -> a.matmulPermuted(b, 0, 0, 2, 3));
    }

    @Test
    void productsOfHeadViewsGiveTheSameGradientsAsProductsOfCopies() {
        float[] inPlace = attentionGradient(false), copied = attentionGradient(true);
        for (int i = 0; i < inPlace.length; i++) assertEquals(copied[i], inPlace[i], 1e-5f, "element " + i);
    }

    @Test
    void viewsReadOnlyByProductsCopyNothingBackward() {
        Profiler.reset();
        Profiler.enable(true);
        try {
            attentionGradient(false);
        } finally {
            Profiler.enable(false);
        }
        Map<String, long[]> ops = Profiler.totals();
        Profiler.reset();
        assertTrue(ops.containsKey("matmul (backward)"), ops.keySet().toString());
        for (String view : new String[] {"slice", "reshape", "permute"}) {
            assertTrue(ops.containsKey(view), ops.keySet().toString());
            assertFalse(ops.containsKey(view + " (backward)"), view + " copied its gradient: " + ops.keySet());
        }
    }

    /** The gradient of the projection under Q·Kᵀ·V with Q, Kᵀ, V sliced from it, optionally copied first. */
    private static float[] attentionGradient(boolean copyViews) {
        Tensor x = Tensor.randn(3, 1f, 2, 5, 8), w = Tensor.randn(4, 0.5f, 24, 8).requiresGrad(true);
        Tensor qkv = x.linear(w, null);
        Tensor q = heads(qkv.slice(2, 0, 8).reshape(2, 5, 2, 4).permute(0, 2, 1, 3), copyViews);
        Tensor kT = heads(qkv.slice(2, 8, 16).reshape(2, 5, 2, 4).permute(0, 2, 3, 1), copyViews);
        Tensor v = heads(qkv.slice(2, 16, 24).reshape(2, 5, 2, 4).permute(0, 2, 1, 3), copyViews);
        Tensor out = q.matmul(kT).scaledSoftmax(0.5f, null).matmul(v);
        out.mul(Tensor.randn(5, 1f, out.shape)).sum().backward();
        return w.gradArray().clone();
    }

    private static Tensor heads(Tensor view, boolean copy) {
        return copy ? view.mul(1f) : view;
    }
}
