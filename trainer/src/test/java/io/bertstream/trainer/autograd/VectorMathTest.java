package io.bertstream.trainer.autograd;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.SplittableRandom;
import jdk.incubator.vector.VectorOperators;
import org.junit.jupiter.api.Test;

/** Our exp against StrictMath's (fdlibm, exactly specified), and the vector lanes against the scalar tail. */
class VectorMathTest {

    @Test
    void expIsWithinTwoUlpOfTheReferenceOverTheFloatRange() {
        SplittableRandom random = new SplittableRandom(5);
        float[] x = new float[100_003];
        for (int i = 0; i < x.length; i++) x[i] = (float) random.nextDouble(-87.3, 88);
        x[0] = 0f;
        x[1] = -1e-30f;
        x[2] = 1e-7f;
        float[] y = new float[x.length];
        VectorMath.exp(x, 0, y, 0, x.length);
        double worst = 0;
        for (int i = 0; i < x.length; i++) {
            double want = StrictMath.exp(x[i]);
            double ulps = Math.abs(y[i] - want) / Math.ulp((float) want);
            worst = Math.max(worst, ulps);
        }
        assertTrue(worst <= 2, "worst error " + worst + " ulp");
        assertEquals(1f, y[0]);
    }

    @Test
    void vectorLanesAndScalarTailGiveTheSameBits() {
        SplittableRandom random = new SplittableRandom(6);
        float[] x = new float[4099];
        for (int i = 0; i < x.length; i++) x[i] = (float) random.nextDouble(-120, 120);
        float[] y = new float[x.length];
        VectorMath.exp(x, 0, y, 0, x.length);
        for (int i = 0; i < x.length; i++) {
            assertEquals(Float.floatToRawIntBits(VectorMath.exp(x[i])), Float.floatToRawIntBits(y[i]), "exp(" + x[i] + ")");
        }
    }

    @Test
    void expHandlesTheEdges() {
        float[] x = {Float.NEGATIVE_INFINITY, -1000f, -87.4f, 89f, Float.POSITIVE_INFINITY, Float.NaN, -10000f, 1f};
        float[] y = new float[x.length];
        VectorMath.exp(x, 0, y, 0, x.length);
        assertEquals(0f, y[0]);
        assertEquals(0f, y[1]);
        assertEquals(0f, y[2], "below the normal range");
        assertEquals((float) Math.exp(88), y[3], 3 * Math.ulp((float) Math.exp(88)), "capped at e^88, not infinite");
        assertTrue(Float.isFinite(y[4]));
        assertTrue(Float.isNaN(y[5]));
        assertEquals(0f, y[6]);
        assertEquals((float) Math.E, y[7], Math.ulp((float) Math.E) * 2);
    }

    @Test
    void laneSumsAddInLaneOrder() {
        float[] a = new float[64];
        for (int i = 0; i < a.length; i++) a[i] = (i % 2 == 0 ? 1e8f : 1f) * (i % 3 == 0 ? -1 : 1);
        float sequential = 0f;
        int v = jdk.incubator.vector.FloatVector.SPECIES_PREFERRED.length();
        float[] lanes = new float[v];
        for (int i = 0; i < a.length; i++) lanes[i % v] += a[i];
        for (float lane : lanes) sequential += lane;
        assertEquals(Float.floatToRawIntBits(sequential), Float.floatToRawIntBits(VectorMath.sum(a, 0, a.length)));
    }

    @Test
    void columnSumsAreThoseOfAPlainLoopOverTheRowsInOrder() {
        SplittableRandom random = new SplittableRandom(7);
        int rows = 37, n = 83; // four-vector blocks, single vectors and single columns on any vector width
        float[] g = new float[rows * n];
        for (int i = 0; i < g.length; i++) g[i] = (float) random.nextDouble(-3, 3);
        float[] out = new float[n], want = new float[n];
        for (int j = 0; j < n; j++) out[j] = want[j] = (float) random.nextDouble();
        VectorMath.addColumnSums(g, rows, n, 2, 81, out);
        for (int j = 2; j < 81; j++) {
            float sum = 0f;
            for (int r = 0; r < rows; r++) sum += g[r * n + j];
            want[j] += sum;
        }
        for (int j = 0; j < n; j++) assertEquals(Float.floatToRawIntBits(want[j]), Float.floatToRawIntBits(out[j]), "column " + j);
    }

    @Test
    void lanewiseArithmeticMatchesScalarArithmeticIncludingTheMaskedTail() {
        SplittableRandom random = new SplittableRandom(8);
        int n = 45;
        float[] a = new float[n + 3], b = new float[n + 5];
        for (int i = 0; i < a.length; i++) a[i] = (float) random.nextDouble(-4, 4);
        for (int i = 0; i < b.length; i++) b[i] = (float) random.nextDouble(0.5, 4);
        for (VectorOperators.Binary op : List.of(VectorOperators.ADD,
                VectorOperators.SUB, VectorOperators.MUL, VectorOperators.DIV)) {
            float[] c = new float[n + 2];
            c[n + 1] = 7f;
            VectorMath.lanewise(op, a, 3, b, 5, c, 1, n);
            for (int i = 0; i < n; i++) {
                float x = a[3 + i], y = b[5 + i];
                float want = op == VectorOperators.ADD ? x + y : op == VectorOperators.SUB ? x - y
                        : op == VectorOperators.MUL ? x * y : x / y;
                assertEquals(Float.floatToRawIntBits(want), Float.floatToRawIntBits(c[1 + i]), op + " at " + i);
            }
            assertEquals(0f, c[0]);
            assertEquals(7f, c[n + 1], "nothing written past the run");
        }
    }
}
