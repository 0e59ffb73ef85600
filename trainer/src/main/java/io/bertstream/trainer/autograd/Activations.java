package io.bertstream.trainer.autograd;

/** Softmax, log-softmax (along any axis, fused per row), attention's scaled and masked softmax, and GELU. */
final class Activations {
    private Activations() {}

    private static final int ELEMENT_GRAIN = 1 << 14;

    static Tensor softmax(Tensor in, int axis, boolean log) {
        int a = Shapes.axis(axis, in.rank());
        if (a != in.rank() - 1) {
            return softmax(in.transpose(a, -1), -1, log).transpose(a, -1);
        }
        if (!log) return scaledSoftmax("softmax", in, 1f, null);
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
                float lse = max + (float) StrictMath.log(VectorMath.sumExpShifted(xd, xi, max, n));
                for (int j = 0; j < n; j++) y[yi + j] = xd[xi + j] - lse;
            }
        });
        return out.record("logSoftmax", t0, g -> {
            float[] dx = x.gradBuffer();
            Parallel.forRange(rows, rowGrain(n), (from, to) -> {
                for (int r = from; r < to; r++) {
                    // dx = g - softmax · Σg, softmax = exp(y)
                    int o = r * n;
                    float sg = VectorMath.sum(g, o, n);
                    for (int j = 0; j < n; j++) dx[o + j] += g[o + j];
                    VectorMath.addScaledExp(y, o, 0f, -sg, dx, o, n);
                }
            });
        }, x);
    }

    /**
     * {@code softmax(scale·in + bias)} along the last axis in one pass over each row, as attention
     * needs it ({@code bias} the padding mask, a value per position of the last axis broadcast
     * over the other axes, or null): separate scale and add ops would each write and read the
     * whole score tensor again, forward and backward. The bias takes no gradient.
     */
    static Tensor scaledSoftmax(Tensor in, float scale, Tensor bias) {
        return scaledSoftmax("scaledSoftmax", in, scale, bias);
    }

    private static Tensor scaledSoftmax(String name, Tensor in, float scale, Tensor maskBias) {
        if (maskBias != null && maskBias.requiresGrad()) {
            throw new IllegalArgumentException("scaledSoftmax: the bias " + Shapes.format(maskBias.shape) + " must not require a gradient");
        }
        if (maskBias != null && (maskBias.rank() == 0 || maskBias.dim(-1) != in.dim(-1)
                || !java.util.Arrays.equals(Shapes.broadcast(in.shape, maskBias.shape), in.shape))) {
            throw new IllegalArgumentException("scaledSoftmax: bias " + Shapes.format(maskBias.shape) + " does not broadcast to "
                    + Shapes.format(in.shape) + " with one value per position of the last axis");
        }
        long t0 = Profiler.start();
        Tensor x = in.contiguous();
        Tensor bias = maskBias == null ? null : maskBias.contiguous();
        int n = x.dim(-1), rows = n == 0 ? 0 : x.size / n;
        Tensor out = Tensor.empty(x.shape, false);
        float[] xd = x.data, y = out.data;
        int xo = x.offset;
        int[] bs = bias == null ? null : Shapes.broadcastStrides(bias.shape, bias.strides, x.shape);
        Parallel.forRange(rows, rowGrain(n), (from, to) -> {
            for (int r = from; r < to; r++) {
                int xi = xo + r * n, yi = r * n;
                float[] src = xd;
                int si = xi;
                float max;
                if (bias == null && scale == 1f) {
                    max = VectorMath.max(xd, xi, n);
                } else {
                    float[] bd = bias == null ? null : bias.data;
                    int bo = bias == null ? 0 : biasRowOffset(bias.offset, bs, x.shape, r);
                    max = VectorMath.scaleAddMax(xd, xi, scale, bd, bo, y, yi, n);
                    src = y;
                    si = yi;
                }
                float inv = 1f / VectorMath.expShifted(src, si, max, y, yi, n);
                VectorMath.scale(y, yi, inv, n);
            }
        });
        return out.record(name, t0, g -> {
            float[] dx = x.gradBuffer();
            Parallel.forRange(rows, rowGrain(n), (from, to) -> {
                for (int r = from; r < to; r++) {
                    // dx = scale · y · (g - Σ g·y)
                    int o = r * n;
                    float gy = VectorMath.dot(g, o, y, o, n);
                    VectorMath.addSoftmaxGrad(y, g, o, gy, scale, dx, n);
                }
            });
        }, x);
    }

    /** Where row {@code r} of a tensor of {@code shape} (rows along the last axis) starts in a bias with broadcast strides {@code bs}. */
    private static int biasRowOffset(int offset, int[] bs, int[] shape, int r) {
        int o = offset;
        for (int d = shape.length - 2; d >= 0; d--) {
            o += (r % shape[d]) * bs[d];
            r /= shape[d];
        }
        return o;
    }

    static Tensor gelu(Tensor in) {
        long t0 = Profiler.start();
        Tensor x = in.contiguous();
        Tensor out = Tensor.empty(x.shape, false);
        Parallel.forRange(x.size, ELEMENT_GRAIN,
                (from, to) -> VectorMath.gelu(x.data, x.offset + from, out.data, from, to - from));
        return out.record("gelu", t0, g -> {
            float[] dx = x.gradBufferTaking(out);
            Parallel.forRange(x.size, ELEMENT_GRAIN,
                    (from, to) -> VectorMath.geluBackward(x.data, x.offset + from, g, from, dx, from, to - from, dx != g));
        }, x);
    }

    /** Rows per chunk so a chunk holds at least a few thousand elements. */
    static int rowGrain(int n) {
        return Math.max(1, 4096 / Math.max(1, n));
    }
}
