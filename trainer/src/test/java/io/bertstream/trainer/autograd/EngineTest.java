package io.bertstream.trainer.autograd;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

/** The graph machinery: accumulation, no-grad, arenas, determinism, and error messages. */
class EngineTest {
    @Test
    void gradientsAccumulateUntilZeroed() {
        Tensor w = Tensor.of(new float[] {1, 2, 3}, 3).requiresGrad(true);
        Tensor x = Tensor.of(new float[] {4, 5, 6}, 3);
        w.mul(x).sum().backward();
        w.mul(x).sum().backward();
        assertArrayEquals(new float[] {8, 10, 12}, w.gradArray());
        w.zeroGrad();
        assertArrayEquals(new float[] {0, 0, 0}, w.gradArray());
    }

    @Test
    void sharedSubexpressionGetsBothContributions() {
        Tensor x = Tensor.of(new float[] {3}, 1).requiresGrad(true);
        Tensor y = x.mul(x);
        y.add(y).sum().backward(); // d(2x²)/dx = 4x
        assertEquals(12f, x.gradArray()[0]);
    }

    @Test
    void noGradModeRecordsNothing() {
        Tensor w = Tensor.randn(1, 1f, 4, 4).requiresGrad(true);
        try (GradMode.Scope ignored = GradMode.disabled()) {
            Tensor y = w.matmul(w).gelu();
            assertFalse(y.requiresGrad());
            assertThrows(IllegalStateException.class, () -> y.sum().backward());
        }
        assertTrue(w.matmul(w).requiresGrad());
    }

    @Test
    void intermediatesAreReleasedAfterBackward() {
        Tensor w = Tensor.randn(1, 1f, 3, 3).requiresGrad(true);
        Tensor h = w.tanh();
        Tensor loss = h.sum();
        loss.backward();
        assertNull(h.gradArray(), "intermediate gradient kept");
        assertFalse(h.requiresGrad(), "intermediate graph kept");
        assertTrue(w.requiresGrad());
    }

    @Test
    void arenaReusesEveryBufferFromTheSecondStepOn() {
        Tensor w = Tensor.randn(2, 0.3f, 16, 8).requiresGrad(true);
        Tensor g = Tensor.full(1f, 16).requiresGrad(true);
        Tensor b = Tensor.zeros(16).requiresGrad(true);
        Arena arena = new Arena();
        float[] losses = new float[3];
        long[] fresh = new long[3];
        for (int step = 0; step < 3; step++) {
            w.zeroGrad();
            try (Arena.Scope ignored = arena.open()) {
                Tensor x = Tensor.randn(3, 1f, 4, 5, 8);
                Tensor h = x.linear(w, null).layerNorm(g, b, 1e-5f).gelu().softmax(-1);
                Tensor loss = Losses.crossEntropy(h.reshape(20, 16), new int[20], -100);
                loss.backward();
                losses[step] = loss.item();
            }
            fresh[step] = arena.freshAllocations();
        }
        assertEquals(fresh[0], fresh[1], "second step allocated new buffers");
        assertEquals(fresh[1], fresh[2], "third step allocated new buffers");
        assertEquals(losses[0], losses[1]);
        assertEquals(losses[0], losses[2]);
        assertTrue(fresh[0] > 0);
    }

    @Test
    void intermediateGradientBuffersAreReusedWithinTheSweep() {
        Tensor w = Tensor.randn(4, 1f, 1000).requiresGrad(true);
        Arena arena = new Arena();
        try (Arena.Scope ignored = arena.open()) {
            Tensor h = w;
            for (int i = 0; i < 10; i++) h = h.tanh();
            h.sum().backward();
        }
        // 10 activations and 1 sum; the 10 intermediate gradients of size 1000 share a couple of buffers
        long fresh = arena.freshAllocations();
        assertTrue(fresh <= 10 + 1 + 1 + 2, "fresh buffers: " + fresh);
    }

    @Test
    void resultsDoNotDependOnThreadCount() {
        int before = Parallel.threads();
        try {
            Parallel.setThreads(1);
            float[][] one = layerStep();
            Parallel.setThreads(2);
            float[][] two = layerStep();
            Parallel.setThreads(3);
            float[][] three = layerStep();
            for (int i = 0; i < one.length; i++) {
                assertArrayEquals(one[i], two[i], "1 vs 2 threads, array " + i);
                assertArrayEquals(one[i], three[i], "1 vs 3 threads, array " + i);
            }
        } finally {
            Parallel.setThreads(before);
        }
    }

    private static float[][] layerStep() {
        Tensor x = Tensor.randn(5, 1f, 2, 64, 48).requiresGrad(true);
        Tensor w1 = Tensor.randn(6, 0.2f, 128, 48).requiresGrad(true);
        Tensor w2 = Tensor.randn(7, 0.2f, 48, 128).requiresGrad(true);
        Tensor h = x.linear(w1, null).gelu().dropout(0.1f, 42).linear(w2, null);
        Tensor att = h.matmul(h.transpose(1, 2)).softmax(-1).matmul(x);
        Tensor loss = att.mul(att).mean();
        loss.backward();
        return new float[][] {att.toArray(), x.gradArray(), w1.gradArray(), w2.gradArray()};
    }

    @Test
    void badShapesGiveMessagesNamingThem() {
        Tensor a = Tensor.zeros(2, 3), b = Tensor.zeros(4, 5);
        assertMessage(() -> a.matmul(b), "[2, 3]", "[4, 5]");
        assertMessage(() -> a.add(b), "[2, 3]", "[4, 5]");
        assertMessage(() -> a.reshape(7), "[2, 3]", "[7]");
        assertMessage(() -> a.linear(b, null), "[2, 3]", "[4, 5]");
        assertMessage(() -> a.layerNorm(Tensor.zeros(4), Tensor.zeros(4), 1e-5f), "[4]", "[2, 3]");
        assertMessage(() -> Losses.crossEntropy(a, new int[] {0, 3}, -100), "target 3");
        assertMessage(() -> Embedding.lookup(a, new int[] {2}, 1), "id 2");
        assertMessage(() -> Tensor.cat(0, a, b), "[4, 5]", "[2, 3]");
        assertMessage(() -> a.slice(1, 2, 5), "[2, 3]");
    }

    private static void assertMessage(Runnable r, String... parts) {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, r::run);
        for (String p : parts) assertTrue(e.getMessage().contains(p), e.getMessage() + " should name " + p);
    }
}
