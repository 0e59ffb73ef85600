package io.bertstream.trainer.autograd;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/** The packed, register-tiled kernel against a plain triple loop in double, across block edges. */
class GemmTest {
    private static final int[][] SHAPES = {
        {1, 1, 1}, {5, 7, 3}, {6, 16, 8}, {13, 33, 17}, {97, 35, 300}, {200, 70, 513}, {7, 4100, 3},
        {1600, 24, 20}, {20, 1700, 16}, // parallel, in more blocks than threads
        {300, 260, 800}, // several K blocks, rows and columns off the block sizes
    };

    @Test
    void allTransposeVariantsMatchNaive() {
        SplittableRandom random = new SplittableRandom(3);
        for (int[] s : SHAPES) {
            int m = s[0], n = s[1], k = s[2];
            float[] a = randomArray(random, m * k), b = randomArray(random, k * n);
            for (boolean transA : new boolean[] {false, true}) {
                for (boolean transB : new boolean[] {false, true}) {
                    // the transposed variants store the same logical matrix transposed in memory
                    float[] as = transA ? transpose(a, m, k) : a, bs = transB ? transpose(b, k, n) : b;
                    Gemm.Operand av = transA ? Gemm.Operand.rowMajor(as, 0, m).transposed() : Gemm.Operand.rowMajor(as, 0, k);
                    Gemm.Operand bv = transB ? Gemm.Operand.rowMajor(bs, 0, k).transposed() : Gemm.Operand.rowMajor(bs, 0, n);
                    float[] initial = randomArray(random, m * n);
                    String label = m + "x" + n + "x" + k + (transA ? " Aᵀ" : "") + (transB ? " Bᵀ" : "");
                    float[] c = initial.clone();
                    Gemm.multiply(m, n, k, av, bv, c, 0, n, true);
                    assertMatches(label, a, b, initial, c, m, n, k);
                    // both micro-kernels, whichever this machine's vector width selects by default
                    for (int rows : new int[] {4, 6}) {
                        float[] cr = initial.clone();
                        Gemm.multiplySerial(m, n, k, av, bv, cr, 0, n, true, rows);
                        assertMatches(label + " tile rows " + rows, a, b, initial, cr, m, n, k);
                    }
                }
            }
        }
    }

    private static void assertMatches(String label, float[] a, float[] b, float[] initial, float[] c, int m, int n, int k) {
        for (int i = 0; i < m; i++) {
            for (int j = 0; j < n; j++) {
                double ref = initial[i * n + j];
                for (int p = 0; p < k; p++) ref += (double) a[i * k + p] * b[p * n + j];
                assertEquals(ref, c[i * n + j], 1e-4 * (1 + Math.sqrt(k)), label + " at " + i + "," + j);
            }
        }
    }

    @Test
    void biasIsAddedToEveryRowOverStaleContents() {
        SplittableRandom random = new SplittableRandom(5);
        for (int[] s : new int[][] {{13, 37, 9}, {300, 260, 800}, {7, 2000, 3}}) {
            int m = s[0], n = s[1], k = s[2];
            float[] a = randomArray(random, m * k), b = randomArray(random, k * n), bias = randomArray(random, n);
            float[] initial = new float[m * n];
            for (int i = 0; i < m; i++) System.arraycopy(bias, 0, initial, i * n, n);
            Gemm.Operand av = Gemm.Operand.rowMajor(a, 0, k), bv = Gemm.Operand.rowMajor(b, 0, n);
            float[] c = randomArray(random, m * n); // stale contents, to be overwritten
            Gemm.multiplyAddingBias(m, n, k, av, bv, bias, c, 0, n);
            assertMatches(m + "x" + n + "x" + k + " + bias", a, b, initial, c, m, n, k);
            for (int rows : new int[] {4, 6}) {
                float[] cr = randomArray(random, m * n);
                Gemm.multiplySerialAddingBias(m, n, k, av, bv, bias, cr, n, rows);
                assertMatches(m + "x" + n + "x" + k + " + bias, tile rows " + rows, a, b, initial, cr, m, n, k);
            }
        }
    }

    @Test
    void sixRowTileIsChosenUnderTheProjectsJvmFlags() {
        // the build's test JVM runs with -XX:-OptoRegScheduling, as the launcher does; a lost flag
        // or a broken check would quietly fall back to the slower 4-row tile on AVX2
        var vm = java.lang.management.ManagementFactory.getPlatformMXBean(com.sun.management.HotSpotDiagnosticMXBean.class);
        assertEquals("false", vm.getVMOption("OptoRegScheduling").getValue());
        assertEquals(Runtime.version().feature() >= 25 || Gemm.V >= 16 ? 6 : 4, Gemm.MR);
    }

    @Test
    void overwriteIgnoresOldContents() {
        float[] a = {1, 2, 3, 4}, b = {5, 6, 7, 8}, c = {100, 100, 100, 100};
        Gemm.multiply(2, 2, 2, Gemm.Operand.rowMajor(a, 0, 2), Gemm.Operand.rowMajor(b, 0, 2), c, 0, 2, false);
        assertEquals(19f, c[0]);
        assertEquals(22f, c[1]);
        assertEquals(43f, c[2]);
        assertEquals(50f, c[3]);
    }

    private static float[] randomArray(SplittableRandom random, int n) {
        float[] v = new float[n];
        for (int i = 0; i < n; i++) v[i] = (float) (random.nextDouble() * 2 - 1);
        return v;
    }

    private static float[] transpose(float[] x, int rows, int cols) {
        float[] t = new float[x.length];
        for (int i = 0; i < rows; i++) for (int j = 0; j < cols; j++) t[j * rows + i] = x[i * cols + j];
        return t;
    }
}
