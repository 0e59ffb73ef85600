package io.bertstream.trainer.autograd;

import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorMask;
import jdk.incubator.vector.VectorOperators;
import jdk.incubator.vector.VectorSpecies;

/**
 * Vectorised row kernels: reductions, exp, softmax rows, GELU. Each works on a run of
 * {@code n} floats from an offset, with a scalar tail that computes the same formula.
 * Plain elementwise arithmetic is left to ordinary loops, which C2 vectorises by itself.
 */
final class VectorMath {
    private static final VectorSpecies<Float> S = FloatVector.SPECIES_PREFERRED;
    private static final int V = S.length();

    // erf by Abramowitz & Stegun 7.1.26 (absolute error below 1.5e-7, float precision)
    private static final float ERF_P = 0.3275911f;
    private static final float A1 = 0.254829592f, A2 = -0.284496736f, A3 = 1.421413741f;
    private static final float A4 = -1.453152027f, A5 = 1.061405429f;
    private static final float INV_SQRT2 = (float) (1.0 / Math.sqrt(2.0));
    private static final float INV_SQRT_2PI = (float) (1.0 / Math.sqrt(2.0 * Math.PI));

    private VectorMath() {}

    static float sum(float[] a, int off, int n) {
        int i = 0;
        FloatVector acc = FloatVector.zero(S);
        for (; i <= n - V; i += V) acc = acc.add(FloatVector.fromArray(S, a, off + i));
        float s = acc.reduceLanes(VectorOperators.ADD);
        for (; i < n; i++) s += a[off + i];
        return s;
    }

    static float dot(float[] a, int ao, float[] b, int bo, int n) {
        int i = 0;
        FloatVector acc = FloatVector.zero(S);
        for (; i <= n - V; i += V) {
            acc = FloatVector.fromArray(S, a, ao + i).fma(FloatVector.fromArray(S, b, bo + i), acc);
        }
        float s = acc.reduceLanes(VectorOperators.ADD);
        for (; i < n; i++) s += a[ao + i] * b[bo + i];
        return s;
    }

    /** {@code sum(a·b·(c - shift))} over a row. */
    static float dotCentered(float[] a, int ao, float[] b, int bo, float[] c, int co, float shift, int n) {
        int i = 0;
        FloatVector acc = FloatVector.zero(S);
        for (; i <= n - V; i += V) {
            FloatVector ab = FloatVector.fromArray(S, a, ao + i).mul(FloatVector.fromArray(S, b, bo + i));
            acc = ab.fma(FloatVector.fromArray(S, c, co + i).sub(shift), acc);
        }
        float s = acc.reduceLanes(VectorOperators.ADD);
        for (; i < n; i++) s += a[ao + i] * b[bo + i] * (c[co + i] - shift);
        return s;
    }

    static float max(float[] a, int off, int n) {
        int i = 0;
        FloatVector acc = FloatVector.broadcast(S, Float.NEGATIVE_INFINITY);
        for (; i <= n - V; i += V) acc = acc.max(FloatVector.fromArray(S, a, off + i));
        float m = acc.reduceLanes(VectorOperators.MAX);
        for (; i < n; i++) m = Math.max(m, a[off + i]);
        return m;
    }

    /** {@code y = exp(x - shift)} over a row; returns the sum of the y. */
    static float expShifted(float[] x, int xo, float shift, float[] y, int yo, int n) {
        int i = 0;
        FloatVector acc = FloatVector.zero(S);
        for (; i <= n - V; i += V) {
            FloatVector e = FloatVector.fromArray(S, x, xo + i).sub(shift).lanewise(VectorOperators.EXP);
            e.intoArray(y, yo + i);
            acc = acc.add(e);
        }
        float s = acc.reduceLanes(VectorOperators.ADD);
        for (; i < n; i++) {
            float e = (float) Math.exp(x[xo + i] - shift);
            y[yo + i] = e;
            s += e;
        }
        return s;
    }

    /** {@code sum(exp(x - shift))} over a row, writing nothing. */
    static float sumExpShifted(float[] x, int xo, float shift, int n) {
        int i = 0;
        FloatVector acc = FloatVector.zero(S);
        for (; i <= n - V; i += V) {
            acc = acc.add(FloatVector.fromArray(S, x, xo + i).sub(shift).lanewise(VectorOperators.EXP));
        }
        float s = acc.reduceLanes(VectorOperators.ADD);
        for (; i < n; i++) s += (float) Math.exp(x[xo + i] - shift);
        return s;
    }

    /** {@code dx += scale · exp(x - shift)} over a row: softmax-shaped gradients from saved logits. */
    static void addScaledExp(float[] x, int xo, float shift, float scale, float[] dx, int dxo, int n) {
        int i = 0;
        for (; i <= n - V; i += V) {
            FloatVector e = FloatVector.fromArray(S, x, xo + i).sub(shift).lanewise(VectorOperators.EXP);
            e.mul(scale).add(FloatVector.fromArray(S, dx, dxo + i)).intoArray(dx, dxo + i);
        }
        for (; i < n; i++) dx[dxo + i] += scale * (float) Math.exp(x[xo + i] - shift);
    }

    /** {@code sum((x - mean)²)} over a row. */
    static float sumSquaredDeviation(float[] x, int xo, float mean, int n) {
        int i = 0;
        FloatVector acc = FloatVector.zero(S);
        for (; i <= n - V; i += V) {
            FloatVector d = FloatVector.fromArray(S, x, xo + i).sub(mean);
            acc = d.fma(d, acc);
        }
        float s = acc.reduceLanes(VectorOperators.ADD);
        for (; i < n; i++) {
            float d = x[xo + i] - mean;
            s += d * d;
        }
        return s;
    }

    /** Elementwise {@code y = f(x)} for EXP, LOG, TANH or SQRT. */
    static void unary(VectorOperators.Unary op, float[] x, int xo, float[] y, int yo, int n) {
        int i = 0;
        for (; i <= n - V; i += V) FloatVector.fromArray(S, x, xo + i).lanewise(op).intoArray(y, yo + i);
        for (; i < n; i++) y[yo + i] = scalar(op, x[xo + i]);
    }

    private static float scalar(VectorOperators.Unary op, float v) {
        if (op == VectorOperators.EXP) return (float) Math.exp(v);
        if (op == VectorOperators.LOG) return (float) Math.log(v);
        if (op == VectorOperators.TANH) return (float) Math.tanh(v);
        if (op == VectorOperators.SQRT) return (float) Math.sqrt(v);
        throw new IllegalArgumentException("unsupported unary op " + op);
    }

    /** GELU forward, {@code y = x·Φ(x)} with {@code Φ(x) = (1 + erf(x/√2)) / 2}. */
    static void gelu(float[] x, int xo, float[] y, int yo, int n) {
        int i = 0;
        for (; i <= n - V; i += V) {
            FloatVector v = FloatVector.fromArray(S, x, xo + i);
            FloatVector z = v.mul(INV_SQRT2);
            FloatVector cdf = erf(z, z.mul(z).neg().lanewise(VectorOperators.EXP)).add(1f).mul(0.5f);
            v.mul(cdf).intoArray(y, yo + i);
        }
        for (; i < n; i++) {
            float v = x[xo + i], z = v * INV_SQRT2;
            y[yo + i] = v * 0.5f * (1f + erf(z, (float) Math.exp(-z * z)));
        }
    }

    /** GELU backward: {@code dx += g · (Φ(x) + x·φ(x))}. */
    static void geluBackward(float[] x, int xo, float[] g, int go, float[] dx, int dxo, int n) {
        int i = 0;
        for (; i <= n - V; i += V) {
            FloatVector v = FloatVector.fromArray(S, x, xo + i);
            FloatVector z = v.mul(INV_SQRT2);
            FloatVector e = z.mul(z).neg().lanewise(VectorOperators.EXP);
            FloatVector cdf = erf(z, e).add(1f).mul(0.5f);
            FloatVector d = v.mul(e).mul(INV_SQRT_2PI).add(cdf);
            FloatVector.fromArray(S, g, go + i).fma(d, FloatVector.fromArray(S, dx, dxo + i)).intoArray(dx, dxo + i);
        }
        for (; i < n; i++) {
            float v = x[xo + i], z = v * INV_SQRT2;
            float e = (float) Math.exp(-z * z);
            float d = 0.5f * (1f + erf(z, e)) + v * e * INV_SQRT_2PI;
            dx[dxo + i] += g[go + i] * d;
        }
    }

    /** erf(z) given {@code e = exp(-z²)}, which GELU's derivative reuses. */
    private static FloatVector erf(FloatVector z, FloatVector e) {
        FloatVector az = z.abs();
        FloatVector t = FloatVector.broadcast(S, 1f).div(az.fma(ERF_P, 1f));
        FloatVector poly = t.fma(A5, A4).mul(t).add(A3).mul(t).add(A2).mul(t).add(A1).mul(t);
        FloatVector y = poly.mul(e).neg().add(1f);
        VectorMask<Float> negative = z.compare(VectorOperators.LT, 0f);
        return y.blend(y.neg(), negative);
    }

    private static float erf(float z, float e) {
        float az = Math.abs(z);
        float t = 1f / (1f + ERF_P * az);
        float poly = ((((A5 * t + A4) * t + A3) * t + A2) * t + A1) * t;
        float y = 1f - poly * e;
        return z < 0 ? -y : y;
    }
}
