package io.bertstream.trainer.autograd;

/**
 * Inverted dropout whose mask is a pure function of (seed, element index): no mask is
 * stored, backward regenerates it, and the result does not depend on the thread count.
 */
final class Dropout {
    private Dropout() {}

    static Tensor apply(Tensor in, float p, long seed) {
        if (!(p >= 0f && p < 1f)) throw new IllegalArgumentException("dropout probability must be in [0, 1), got " + p);
        if (p == 0f) return in;
        long t0 = Profiler.start();
        Tensor x = in.contiguous();
        Tensor out = Tensor.empty(x.shape, false);
        float keepScale = 1f / (1f - p);
        float[] xd = x.data, y = out.data;
        int xo = x.offset;
        Parallel.forRange(x.size, 1 << 14, (from, to) -> {
            for (int i = from; i < to; i++) y[i] = keeps(seed, i, p) ? xd[xo + i] * keepScale : 0f;
        });
        return out.record("dropout", t0, g -> {
            float[] dx = x.gradBuffer();
            Parallel.forRange(x.size, 1 << 14, (from, to) -> {
                for (int i = from; i < to; i++) if (keeps(seed, i, p)) dx[i] += g[i] * keepScale;
            });
        }, x);
    }

    /** SplitMix64 of (seed, index) mapped to [0, 1), compared with p. */
    static boolean keeps(long seed, int index, float p) {
        long z = seed + (index + 1L) * 0x9E3779B97F4A7C15L;
        z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
        z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
        z ^= z >>> 31;
        return (z >>> 40) * 0x1.0p-24f >= p;
    }
}
