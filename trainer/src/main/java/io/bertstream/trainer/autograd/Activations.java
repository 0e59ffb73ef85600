package io.bertstream.trainer.autograd;

/** Softmax, log-softmax (along any axis, fused per row) and GELU. */
final class Activations {
    private Activations() {}

    private static final int ELEMENT_GRAIN = 1 << 14;

    static Tensor softmax(Tensor in, int axis, boolean log) {
        int a = Shapes.axis(axis, in.rank());
        if (a != in.rank() - 1) {
            return softmax(in.transpose(a, -1), -1, log).transpose(a, -1);
        }
        long t0 = Profiler.start();
        Tensor x = in.contiguous();
        int n = x.dim(-1), rows = n == 0 ? 0 : x.size / n;
        Tensor out = Tensor.empty(x.shape, false);
        float[] xd = x.data, y = out.data;
        int xo = x.offset;
        Parallel.forRange(rows, rowGrain(n), (from, to) -> {
            for (int r = from; r < to; r++) {
                int xi = xo + r * n, yi = r * n;
                float max = VectorMath.max(xd, xi, n);
                if (log) {
                    float lse = max + (float) StrictMath.log(VectorMath.sumExpShifted(xd, xi, max, n));
                    for (int j = 0; j < n; j++) y[yi + j] = xd[xi + j] - lse;
                } else {
                    float inv = 1f / VectorMath.expShifted(xd, xi, max, y, yi, n);
                    for (int j = 0; j < n; j++) y[yi + j] *= inv;
                }
            }
        });
        return out.record(log ? "logSoftmax" : "softmax", t0, g -> {
            float[] dx = x.gradBuffer();
            Parallel.forRange(rows, rowGrain(n), (from, to) -> {
                for (int r = from; r < to; r++) {
                    int o = r * n;
                    if (log) {
                        // dx = g - softmax · Σg, softmax = exp(y)
                        float sg = VectorMath.sum(g, o, n);
                        for (int j = 0; j < n; j++) dx[o + j] += g[o + j];
                        VectorMath.addScaledExp(y, o, 0f, -sg, dx, o, n);
                    } else {
                        // dx = y · (g - Σ g·y)
                        float gy = VectorMath.dot(g, o, y, o, n);
                        for (int j = 0; j < n; j++) dx[o + j] += y[o + j] * (g[o + j] - gy);
                    }
                }
            });
        }, x);
    }

    static Tensor gelu(Tensor in) {
        long t0 = Profiler.start();
        Tensor x = in.contiguous();
        Tensor out = Tensor.empty(x.shape, false);
        Parallel.forRange(x.size, ELEMENT_GRAIN,
                (from, to) -> VectorMath.gelu(x.data, x.offset + from, out.data, from, to - from));
        return out.record("gelu", t0, g -> {
            float[] dx = x.gradBuffer();
            Parallel.forRange(x.size, ELEMENT_GRAIN,
                    (from, to) -> VectorMath.geluBackward(x.data, x.offset + from, g, from, dx, from, to - from));
        }, x);
    }

    /** Rows per chunk so a chunk holds at least a few thousand elements. */
    static int rowGrain(int n) {
        return Math.max(1, 4096 / Math.max(1, n));
    }
}
