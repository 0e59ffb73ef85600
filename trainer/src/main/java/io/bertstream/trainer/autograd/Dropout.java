package io.bertstream.trainer.autograd;

import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.IntVector;
import jdk.incubator.vector.VectorMask;
import jdk.incubator.vector.VectorOperators;
import jdk.incubator.vector.VectorSpecies;

/**
 * Inverted dropout whose mask is a pure function of (seed, element index): no mask is
 * stored, backward regenerates it, and the result does not depend on the thread count.
 * The per-element hash is 32-bit (MurmurHash3's finaliser) so it vectorises with int lanes.
 */
final class Dropout {
    private static final VectorSpecies<Float> F = FloatVector.SPECIES_PREFERRED;
    private static final VectorSpecies<Integer> I = IntVector.SPECIES_PREFERRED;
    private static final int GRAIN = 1 << 14;

    private Dropout() {}

    static Tensor apply(Tensor in, float p, long seed) {
        if (!(p >= 0f && p < 1f)) throw new IllegalArgumentException("dropout probability must be in [0, 1), got " + p);
        if (p == 0f) return in;
        long t0 = Profiler.start();
        Tensor x = in.contiguous();
        Tensor out = Tensor.empty(x.shape, false);
        float scale = 1f / (1f - p);
        int key = seedKey(seed);
        int threshold = (int) Math.min(1 << 24, Math.round(p * (double) (1 << 24)));
        Parallel.forRange(x.size, GRAIN, (from, to) -> scaleKept(x.data, x.offset, null, out.data, from, to, key, threshold, scale));
        return out.record("dropout", t0, g -> {
            float[] dx = x.gradBufferTaking(out);
            float[] acc = dx == g ? null : dx;
            Parallel.forRange(x.size, GRAIN, (from, to) -> scaleKept(g, 0, acc, dx, from, to, key, threshold, scale));
        }, x);
    }

    /**
     * For i in [from, to): {@code y[i] = (acc == null ? 0 : acc[i]) + (kept(i) ? src[srcOff + i]·scale : 0)}.
     * Forward passes no accumulator; backward adds into the input gradient.
     */
    private static void scaleKept(float[] src, int srcOff, float[] acc, float[] y, int from, int to, int key, int threshold,
            float scale) {
        int i = from;
        IntVector lanes = IntVector.zero(I).addIndex(1);
        for (; i <= to - F.length(); i += F.length()) {
            IntVector h = mix(lanes.add(i), key);
            VectorMask<Float> kept = h.lanewise(VectorOperators.LSHR, 8).compare(VectorOperators.GE, threshold).cast(F);
            FloatVector v = FloatVector.fromArray(F, src, srcOff + i).mul(scale);
            FloatVector r = FloatVector.zero(F).blend(v, kept);
            if (acc != null) r = r.add(FloatVector.fromArray(F, acc, i));
            r.intoArray(y, i);
        }
        for (; i < to; i++) {
            float v = (mix(i, key) >>> 8) >= threshold ? src[srcOff + i] * scale : 0f;
            y[i] = acc == null ? v : acc[i] + v;
        }
    }

    /** A 32-bit key from a 64-bit seed (SplitMix64's finaliser). */
    private static int seedKey(long seed) {
        long z = seed + 0x9E3779B97F4A7C15L;
        z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
        z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
        return (int) (z ^ (z >>> 31));
    }

    private static int mix(int index, int key) {
        int h = index * 0x9E3779B9 + key;
        h = (h ^ (h >>> 16)) * 0x85EBCA6B;
        h = (h ^ (h >>> 13)) * 0xC2B2AE35;
        return h ^ (h >>> 16);
    }

    private static IntVector mix(IntVector index, int key) {
        IntVector h = index.mul(0x9E3779B9).add(key);
        h = h.lanewise(VectorOperators.XOR, h.lanewise(VectorOperators.LSHR, 16)).mul(0x85EBCA6B);
        h = h.lanewise(VectorOperators.XOR, h.lanewise(VectorOperators.LSHR, 13)).mul(0xC2B2AE35);
        return h.lanewise(VectorOperators.XOR, h.lanewise(VectorOperators.LSHR, 16));
    }
}
