package io.bertstream.trainer.autograd;

import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorMask;
import jdk.incubator.vector.VectorOperators;
import jdk.incubator.vector.VectorSpecies;

/**
 * Vectorised row kernels: reductions, exp, softmax rows, GELU. Each works on a run of
 * {@code n} floats from an offset, with a scalar tail that computes the same formula.
 * Plain elementwise arithmetic is left to ordinary loops, which C2 vectorises by itself.
 *
 * <p>Results are bit-for-bit reproducible, whether the code runs interpreted or compiled: the
 * Vector API leaves the order of {@code reduceLanes(ADD)} and the algorithm of
 * {@code lanewise(EXP)} to the implementation, and they differ between the interpreter and C2
 * in the last bit, so sums over lanes go through {@link #sumLanes} (lane order) and
 * exponentials through {@link #exp(FloatVector)} (our own polynomial of exactly rounded steps).
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

    // exp as Cephes' expf: x = n·ln2 + r with |r| ≤ ln2/2, exp(r) by a degree-7 polynomial, 2^n into the exponent
    private static final float LOG2E = 1.44269504088896341f;
    private static final float LN2_HI = 0.693359375f, LN2_LO = -2.12194440e-4f;
    private static final float EXP_P0 = 1.9875691500e-4f, EXP_P1 = 1.3981999507e-3f, EXP_P2 = 8.3334519073e-3f;
    private static final float EXP_P3 = 4.1665795894e-2f, EXP_P4 = 1.6666665459e-1f, EXP_P5 = 5.0000001201e-1f;
    /** 1.5·2^23: adding it rounds to an integer, which then sits in the low mantissa bits. */
    private static final float ROUNDER = 12582912f;
    private static final int ROUNDER_BITS = Float.floatToRawIntBits(ROUNDER);
    /** Above: exp(88) (no overflow to infinity); below: 0 (where 2^n would leave the normal range). */
    private static final float EXP_MAX_ARG = 88f, EXP_MIN_ARG = -87.33654f;

    private VectorMath() {}

    /** The sum of a vector's lanes, in lane order. */
    static float sumLanes(FloatVector v) {
        float[] lanes = new float[V];
        v.intoArray(lanes, 0);
        float s = 0f;
        for (float lane : lanes) s += lane;
        return s;
    }

    /** e^x in every lane, within 2 ulp of the exact value (0 below -87.34, e^88 above 88). */
    static FloatVector exp(FloatVector x) {
        FloatVector xc = x.min(EXP_MAX_ARG).max(EXP_MIN_ARG);
        FloatVector t = xc.fma(LOG2E, ROUNDER);
        FloatVector n = t.sub(ROUNDER);
        FloatVector r = n.fma(FloatVector.broadcast(S, -LN2_HI), xc);
        r = n.fma(FloatVector.broadcast(S, -LN2_LO), r);
        FloatVector p = r.fma(EXP_P0, EXP_P1).fma(r, FloatVector.broadcast(S, EXP_P2)).fma(r, FloatVector.broadcast(S, EXP_P3))
                .fma(r, FloatVector.broadcast(S, EXP_P4)).fma(r, FloatVector.broadcast(S, EXP_P5));
        FloatVector y = p.fma(r.mul(r), r.add(1f));
        FloatVector pow2 = t.reinterpretAsInts().sub(ROUNDER_BITS - 127).lanewise(VectorOperators.LSHL, 23).reinterpretAsFloats();
        return y.mul(pow2).blend(0f, x.compare(VectorOperators.LT, EXP_MIN_ARG));
    }

    /** The same steps as {@link #exp(FloatVector)} on one float, so that tails match the vector lanes bit for bit. */
    static float exp(float x) {
        if (x < EXP_MIN_ARG) return 0f;
        float xc = Math.min(x, EXP_MAX_ARG);
        float t = Math.fma(xc, LOG2E, ROUNDER);
        float n = t - ROUNDER;
        float r = Math.fma(n, -LN2_HI, xc);
        r = Math.fma(n, -LN2_LO, r);
        float p = Math.fma(r, EXP_P0, EXP_P1);
        p = Math.fma(p, r, EXP_P2);
        p = Math.fma(p, r, EXP_P3);
        p = Math.fma(p, r, EXP_P4);
        p = Math.fma(p, r, EXP_P5);
        float y = Math.fma(p, r * r, r + 1f);
        return y * Float.intBitsToFloat((Float.floatToRawIntBits(t) - (ROUNDER_BITS - 127)) << 23);
    }

    static float sum(float[] a, int off, int n) {
        int i = 0;
        FloatVector acc = FloatVector.zero(S);
        for (; i <= n - V; i += V) acc = acc.add(FloatVector.fromArray(S, a, off + i));
        float s = sumLanes(acc);
        for (; i < n; i++) s += a[off + i];
        return s;
    }

    static float dot(float[] a, int ao, float[] b, int bo, int n) {
        int i = 0;
        FloatVector acc = FloatVector.zero(S);
        for (; i <= n - V; i += V) {
            acc = FloatVector.fromArray(S, a, ao + i).fma(FloatVector.fromArray(S, b, bo + i), acc);
        }
        float s = sumLanes(acc);
        for (; i < n; i++) s += a[ao + i] * b[bo + i];
        return s;
    }

    /**
     * {@code c = a op b} over a run for op one of ADD, SUB, MUL, DIV, the tail as one masked vector
     * (C2 leaves the plain loops scalar). Each op is named as a constant: {@code lanewise(op, ...)}
     * with an op known only at run time is not compiled to vector instructions (5x slower).
     */
    static void lanewise(VectorOperators.Binary op, float[] a, int ao, float[] b, int bo, float[] c, int co, int n) {
        int i = 0;
        for (; i <= n - V; i += V) {
            apply(op, FloatVector.fromArray(S, a, ao + i), FloatVector.fromArray(S, b, bo + i)).intoArray(c, co + i);
        }
        if (i < n) {
            VectorMask<Float> m = S.indexInRange(i, n);
            apply(op, FloatVector.fromArray(S, a, ao + i, m), FloatVector.fromArray(S, b, bo + i, m)).intoArray(c, co + i, m);
        }
    }

    private static FloatVector apply(VectorOperators.Binary op, FloatVector x, FloatVector y) {
        if (op == VectorOperators.ADD) return x.add(y);
        if (op == VectorOperators.SUB) return x.sub(y);
        if (op == VectorOperators.MUL) return x.mul(y);
        if (op == VectorOperators.DIV) return x.div(y);
        throw new IllegalArgumentException("lanewise: " + op);
    }

    /** {@code dst += scale·src} over a run (just {@code dst += src} when scale is 1). */
    static void addScaledInto(float[] src, int so, float scale, float[] dst, int dso, int n) {
        int i = 0;
        for (; i <= n - V; i += V) {
            FloatVector v = FloatVector.fromArray(S, src, so + i);
            if (scale != 1f) v = v.mul(scale);
            FloatVector.fromArray(S, dst, dso + i).add(v).intoArray(dst, dso + i);
        }
        for (; i < n; i++) dst[dso + i] += scale == 1f ? src[so + i] : scale * src[so + i];
    }

    /** {@code y *= s} over a run. */
    static void scale(float[] y, int yo, float s, int n) {
        int i = 0;
        for (; i <= n - V; i += V) FloatVector.fromArray(S, y, yo + i).mul(s).intoArray(y, yo + i);
        for (; i < n; i++) y[yo + i] *= s;
    }

    /** Softmax backward over a row: {@code dx += scale·y·(g - gy)}, gy the row's {@code Σ g·y}. */
    static void addSoftmaxGrad(float[] y, float[] g, int o, float gy, float scale, float[] dx, int n) {
        int i = 0;
        for (; i <= n - V; i += V) {
            FloatVector d = FloatVector.fromArray(S, y, o + i).mul(scale).mul(FloatVector.fromArray(S, g, o + i).sub(gy));
            FloatVector.fromArray(S, dx, o + i).add(d).intoArray(dx, o + i);
        }
        for (; i < n; i++) dx[o + i] += scale * y[o + i] * (g[o + i] - gy);
    }

    /** LayerNorm's output over a row: {@code y = (x - mu)·rs·gamma + beta}. */
    static void layerNormRow(float[] x, int xo, float mu, float rs, float[] gamma, int go, float[] beta, int bo, float[] y, int yo, int n) {
        int i = 0;
        for (; i <= n - V; i += V) {
            FloatVector.fromArray(S, x, xo + i).sub(mu).mul(rs).mul(FloatVector.fromArray(S, gamma, go + i))
                    .add(FloatVector.fromArray(S, beta, bo + i)).intoArray(y, yo + i);
        }
        for (; i < n; i++) y[yo + i] = (x[xo + i] - mu) * rs * gamma[go + i] + beta[bo + i];
    }

    /**
     * LayerNorm's parameter gradients for the columns {@code [from, to)}: {@code dgamma[j] += Σ_r
     * g·(x - mean[r])·rstd[r]} and {@code dbeta[j] += Σ_r g} over the rows in order (either may be
     * null). Two vectors of columns are summed in registers down all the rows; adding into the
     * gradients row by row took most of LayerNorm's backward.
     */
    static void addLayerNormParamGrads(float[] g, float[] x, int xo, float[] mean, float[] rstd, int rows, int n, int from, int to,
            float[] dgamma, float[] dbeta) {
        int j = from;
        for (; j <= to - 2 * V; j += 2 * V) {
            FloatVector dg0 = FloatVector.zero(S), dg1 = dg0, db0 = dg0, db1 = dg0;
            for (int r = 0, o = j; r < rows; r++, o += n) {
                FloatVector g0 = FloatVector.fromArray(S, g, o), g1 = FloatVector.fromArray(S, g, o + V);
                float mu = mean[r], rs = rstd[r];
                dg0 = dg0.add(g0.mul(FloatVector.fromArray(S, x, xo + o).sub(mu)).mul(rs));
                dg1 = dg1.add(g1.mul(FloatVector.fromArray(S, x, xo + o + V).sub(mu)).mul(rs));
                db0 = db0.add(g0);
                db1 = db1.add(g1);
            }
            if (dgamma != null) {
                dg0.add(FloatVector.fromArray(S, dgamma, j)).intoArray(dgamma, j);
                dg1.add(FloatVector.fromArray(S, dgamma, j + V)).intoArray(dgamma, j + V);
            }
            if (dbeta != null) {
                db0.add(FloatVector.fromArray(S, dbeta, j)).intoArray(dbeta, j);
                db1.add(FloatVector.fromArray(S, dbeta, j + V)).intoArray(dbeta, j + V);
            }
        }
        for (; j < to; j++) {
            float sg = 0f, sb = 0f;
            for (int r = 0, o = j; r < rows; r++, o += n) {
                sg += g[o] * (x[xo + o] - mean[r]) * rstd[r];
                sb += g[o];
            }
            if (dgamma != null) dgamma[j] += sg;
            if (dbeta != null) dbeta[j] += sb;
        }
    }

    /**
     * LayerNorm's input gradient over a row, {@code dx (+)= rs·(g·gamma - meanD - xhat·meanDXhat)}
     * with {@code xhat = (x - mu)·rs}; {@code dx} may be {@code g} when not accumulating.
     */
    static void layerNormInputGrad(float[] g, int go, float[] gamma, int gmo, float[] x, int xo, float mu, float rs, float meanD,
            float meanDXhat, float[] dx, int dxo, int n, boolean accumulate) {
        int i = 0;
        for (; i <= n - V; i += V) {
            FloatVector xhat = FloatVector.fromArray(S, x, xo + i).sub(mu).mul(rs);
            FloatVector d = FloatVector.fromArray(S, g, go + i).mul(FloatVector.fromArray(S, gamma, gmo + i))
                    .sub(meanD).sub(xhat.mul(meanDXhat)).mul(rs);
            if (accumulate) d = FloatVector.fromArray(S, dx, dxo + i).add(d);
            d.intoArray(dx, dxo + i);
        }
        for (; i < n; i++) {
            float xhat = (x[xo + i] - mu) * rs;
            float d = rs * (g[go + i] * gamma[gmo + i] - meanD - xhat * meanDXhat);
            dx[dxo + i] = accumulate ? dx[dxo + i] + d : d;
        }
    }

    /** {@code sum(a·b·(c - shift))} over a row. */
    static float dotCentered(float[] a, int ao, float[] b, int bo, float[] c, int co, float shift, int n) {
        int i = 0;
        FloatVector acc = FloatVector.zero(S);
        for (; i <= n - V; i += V) {
            FloatVector ab = FloatVector.fromArray(S, a, ao + i).mul(FloatVector.fromArray(S, b, bo + i));
            acc = ab.fma(FloatVector.fromArray(S, c, co + i).sub(shift), acc);
        }
        float s = sumLanes(acc);
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

    /**
     * {@code out[j] += Σ_r g[r·n + j]} for the columns {@code [from, to)} of a row-major
     * {@code rows × n} matrix: four vectors of columns are summed in registers down all the rows
     * (rows in order, so each sum is the same as a plain loop's), then single vectors, then
     * single columns. 2-3x faster than adding row by row into {@code out} for 256-768 columns.
     */
    static void addColumnSums(float[] g, int rows, int n, int from, int to, float[] out) {
        int j = from;
        for (; j <= to - 4 * V; j += 4 * V) {
            FloatVector a0 = FloatVector.zero(S), a1 = a0, a2 = a0, a3 = a0;
            for (int r = 0, o = j; r < rows; r++, o += n) {
                a0 = a0.add(FloatVector.fromArray(S, g, o));
                a1 = a1.add(FloatVector.fromArray(S, g, o + V));
                a2 = a2.add(FloatVector.fromArray(S, g, o + 2 * V));
                a3 = a3.add(FloatVector.fromArray(S, g, o + 3 * V));
            }
            a0.add(FloatVector.fromArray(S, out, j)).intoArray(out, j);
            a1.add(FloatVector.fromArray(S, out, j + V)).intoArray(out, j + V);
            a2.add(FloatVector.fromArray(S, out, j + 2 * V)).intoArray(out, j + 2 * V);
            a3.add(FloatVector.fromArray(S, out, j + 3 * V)).intoArray(out, j + 3 * V);
        }
        for (; j <= to - V; j += V) {
            FloatVector a = FloatVector.zero(S);
            for (int r = 0, o = j; r < rows; r++, o += n) a = a.add(FloatVector.fromArray(S, g, o));
            a.add(FloatVector.fromArray(S, out, j)).intoArray(out, j);
        }
        for (; j < to; j++) {
            float sum = 0f;
            for (int r = 0, o = j; r < rows; r++, o += n) sum += g[o];
            out[j] += sum;
        }
    }

    /** {@code y = scale·x + b} over a row ({@code b} null for none); returns the largest y. */
    static float scaleAddMax(float[] x, int xo, float scale, float[] b, int bo, float[] y, int yo, int n) {
        int i = 0;
        FloatVector acc = FloatVector.broadcast(S, Float.NEGATIVE_INFINITY);
        for (; i <= n - V; i += V) {
            FloatVector v = FloatVector.fromArray(S, x, xo + i).mul(scale);
            if (b != null) v = v.add(FloatVector.fromArray(S, b, bo + i));
            v.intoArray(y, yo + i);
            acc = acc.max(v);
        }
        float m = acc.reduceLanes(VectorOperators.MAX);
        for (; i < n; i++) {
            float v = scale * x[xo + i] + (b == null ? 0f : b[bo + i]);
            y[yo + i] = v;
            m = Math.max(m, v);
        }
        return m;
    }

    /** {@code y = exp(x - shift)} over a row; returns the sum of the y. */
    static float expShifted(float[] x, int xo, float shift, float[] y, int yo, int n) {
        int i = 0;
        FloatVector acc = FloatVector.zero(S);
        for (; i <= n - V; i += V) {
            FloatVector e = exp(FloatVector.fromArray(S, x, xo + i).sub(shift));
            e.intoArray(y, yo + i);
            acc = acc.add(e);
        }
        float s = sumLanes(acc);
        for (; i < n; i++) {
            float e = exp(x[xo + i] - shift);
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
            acc = acc.add(exp(FloatVector.fromArray(S, x, xo + i).sub(shift)));
        }
        float s = sumLanes(acc);
        for (; i < n; i++) s += exp(x[xo + i] - shift);
        return s;
    }

    /** {@code dx += scale · exp(x - shift)} over a row: softmax-shaped gradients from saved logits. */
    static void addScaledExp(float[] x, int xo, float shift, float scale, float[] dx, int dxo, int n) {
        int i = 0;
        for (; i <= n - V; i += V) {
            FloatVector e = exp(FloatVector.fromArray(S, x, xo + i).sub(shift));
            e.mul(scale).add(FloatVector.fromArray(S, dx, dxo + i)).intoArray(dx, dxo + i);
        }
        for (; i < n; i++) dx[dxo + i] += scale * exp(x[xo + i] - shift);
    }

    /** {@code sum((x - mean)²)} over a row. */
    static float sumSquaredDeviation(float[] x, int xo, float mean, int n) {
        int i = 0;
        FloatVector acc = FloatVector.zero(S);
        for (; i <= n - V; i += V) {
            FloatVector d = FloatVector.fromArray(S, x, xo + i).sub(mean);
            acc = d.fma(d, acc);
        }
        float s = sumLanes(acc);
        for (; i < n; i++) {
            float d = x[xo + i] - mean;
            s += d * d;
        }
        return s;
    }

    /** Elementwise {@code y = e^x}. */
    static void exp(float[] x, int xo, float[] y, int yo, int n) {
        int i = 0;
        for (; i <= n - V; i += V) exp(FloatVector.fromArray(S, x, xo + i)).intoArray(y, yo + i);
        for (; i < n; i++) y[yo + i] = exp(x[xo + i]);
    }

    /** Elementwise {@code y = √x} (exactly rounded in every lane, so the Vector API's own is reproducible). */
    static void sqrt(float[] x, int xo, float[] y, int yo, int n) {
        int i = 0;
        for (; i <= n - V; i += V) FloatVector.fromArray(S, x, xo + i).lanewise(VectorOperators.SQRT).intoArray(y, yo + i);
        for (; i < n; i++) y[yo + i] = (float) Math.sqrt(x[xo + i]);
    }

    /** GELU forward, {@code y = x·Φ(x)} with {@code Φ(x) = (1 + erf(x/√2)) / 2}. */
    static void gelu(float[] x, int xo, float[] y, int yo, int n) {
        int i = 0;
        for (; i <= n - V; i += V) {
            FloatVector v = FloatVector.fromArray(S, x, xo + i);
            FloatVector z = v.mul(INV_SQRT2);
            FloatVector cdf = erf(z, exp(z.mul(z).neg())).add(1f).mul(0.5f);
            v.mul(cdf).intoArray(y, yo + i);
        }
        for (; i < n; i++) {
            float v = x[xo + i], z = v * INV_SQRT2;
            y[yo + i] = v * 0.5f * (1f + erf(z, exp(-z * z)));
        }
    }

    /** GELU backward: {@code dx += g · (Φ(x) + x·φ(x))}, or {@code dx = ...} unless {@code accumulate} ({@code dx} may be {@code g}). */
    static void geluBackward(float[] x, int xo, float[] g, int go, float[] dx, int dxo, int n, boolean accumulate) {
        int i = 0;
        for (; i <= n - V; i += V) {
            FloatVector v = FloatVector.fromArray(S, x, xo + i);
            FloatVector z = v.mul(INV_SQRT2);
            FloatVector e = exp(z.mul(z).neg());
            FloatVector cdf = erf(z, e).add(1f).mul(0.5f);
            FloatVector d = v.mul(e).mul(INV_SQRT_2PI).add(cdf);
            FloatVector gd = FloatVector.fromArray(S, g, go + i);
            (accumulate ? gd.fma(d, FloatVector.fromArray(S, dx, dxo + i)) : gd.mul(d)).intoArray(dx, dxo + i);
        }
        for (; i < n; i++) {
            float v = x[xo + i], z = v * INV_SQRT2;
            float e = exp(-z * z);
            float d = 0.5f * (1f + erf(z, e)) + v * e * INV_SQRT_2PI;
            dx[dxo + i] = (accumulate ? dx[dxo + i] : 0f) + g[go + i] * d;
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
