package io.bertstream.trainer.autograd;

import jdk.incubator.vector.VectorOperators;

/** Elementwise ops with NumPy broadcasting: arithmetic, affine maps, exp/log/tanh/sqrt, masking. */
final class Elementwise {
    private Elementwise() {}

    enum Binary {
        ADD(VectorOperators.ADD), SUB(VectorOperators.SUB), MUL(VectorOperators.MUL), DIV(VectorOperators.DIV);

        final VectorOperators.Binary lanes;

        Binary(VectorOperators.Binary lanes) {
            this.lanes = lanes;
        }
    }

    enum Unary { EXP, LOG, TANH, SQRT }

    /** Below this many elements an elementwise op stays on one thread. */
    private static final int PARALLEL_GRAIN = 1 << 15;

    static Tensor binary(Binary op, Tensor a, Tensor b) {
        long t0 = Profiler.start();
        int[] shape = Shapes.broadcast(a.shape, b.shape);
        Tensor out = Tensor.empty(shape, false);
        apply(op, a.data, a.offset, Shapes.broadcastStrides(a.shape, a.strides, shape),
                b.data, b.offset, Shapes.broadcastStrides(b.shape, b.strides, shape), out.data, shape);
        String name = op.name().toLowerCase(java.util.Locale.ROOT);
        return out.record(name, t0, g -> backward(op, a, b, out, g), a, b);
    }

    private static void backward(Binary op, Tensor a, Tensor b, Tensor out, float[] g) {
        int[] shape = out.shape;
        int[] contiguous = out.strides;
        // b first: a's gradient of an add or a subtraction (a residual connection) may then take g's buffer
        if (b.requiresGrad()) {
            switch (op) {
                case ADD -> Broadcasting.reduceInto(b.gradBuffer(), b.shape, g, 0, shape, 1f);
                case SUB -> Broadcasting.reduceInto(b.gradBuffer(), b.shape, g, 0, shape, -1f);
                case MUL -> {
                    float[] t = Arena.allocate(out.size, false);
                    apply(op, g, 0, contiguous, a.data, a.offset, Shapes.broadcastStrides(a.shape, a.strides, shape), t, shape);
                    Broadcasting.reduceInto(b.gradBuffer(), b.shape, t, 0, shape, 1f);
                }
                case DIV -> {
                    // d(a/b)/db = -(a/b)/b = -out/b
                    float[] t = Arena.allocate(out.size, false);
                    apply(Binary.MUL, g, 0, contiguous, out.data, 0, contiguous, t, shape);
                    apply(Binary.DIV, t, 0, contiguous, b.data, b.offset, Shapes.broadcastStrides(b.shape, b.strides, shape), t, shape);
                    Broadcasting.reduceInto(b.gradBuffer(), b.shape, t, 0, shape, -1f);
                }
            }
        }
        if (a.requiresGrad()) {
            switch (op) {
                case ADD, SUB -> {
                    float[] da = a.gradBufferTaking(out);
                    if (da != g) Broadcasting.reduceInto(da, a.shape, g, 0, shape, 1f);
                }
                case MUL, DIV -> {
                    float[] t = Arena.allocate(out.size, false);
                    apply(op, g, 0, contiguous, b.data, b.offset, Shapes.broadcastStrides(b.shape, b.strides, shape), t, shape);
                    Broadcasting.reduceInto(a.gradBuffer(), a.shape, t, 0, shape, 1f);
                }
            }
        }
    }

    /** {@code c = a op b} over {@code shape}, a and b strided (stride 0 where broadcast), c contiguous. */
    static void apply(Binary op, float[] a, int ao, int[] sa, float[] b, int bo, int[] sb, float[] c, int[] shape) {
        int[] sc = Shapes.contiguousStrides(shape);
        Strided.Layout l = Strided.coalesce(shape, sa, sb, sc);
        int n = l.rowLength();
        int da = l.strideA(), db = l.strideB();
        if (l.shape().length == 1 && da == 1 && db == 1) {
            Parallel.forRange(n, PARALLEL_GRAIN, (from, to) -> row(op, a, ao + from, 1, b, bo + from, 1, c, from, to - from));
        } else {
            Strided.forEachRow(l, ao, bo, 0, (pa, pb, pc) -> row(op, a, pa, da, b, pb, db, c, pc, n));
        }
    }

    private static void row(Binary op, float[] a, int ao, int sa, float[] b, int bo, int sb, float[] c, int co, int n) {
        if (sa == 1 && sb == 1) {
            VectorMath.lanewise(op.lanes, a, ao, b, bo, c, co, n);
        } else {
            switch (op) {
                case ADD -> { for (int i = 0; i < n; i++) c[co + i] = a[ao + i * sa] + b[bo + i * sb]; }
                case SUB -> { for (int i = 0; i < n; i++) c[co + i] = a[ao + i * sa] - b[bo + i * sb]; }
                case MUL -> { for (int i = 0; i < n; i++) c[co + i] = a[ao + i * sa] * b[bo + i * sb]; }
                case DIV -> { for (int i = 0; i < n; i++) c[co + i] = a[ao + i * sa] / b[bo + i * sb]; }
            }
        }
    }

    static Tensor affine(Tensor in, float scale, float shift) {
        long t0 = Profiler.start();
        Tensor x = in.contiguous();
        Tensor out = Tensor.empty(x.shape, false);
        float[] xd = x.data, yd = out.data;
        int xo = x.offset;
        Parallel.forRange(x.size, PARALLEL_GRAIN, (from, to) -> {
            for (int i = from; i < to; i++) yd[i] = xd[xo + i] * scale + shift;
        });
        return out.record("affine", t0, g -> {
            float[] dx = x.gradBuffer();
            for (int i = 0; i < dx.length; i++) dx[i] += g[i] * scale;
        }, x);
    }

    static Tensor unary(Unary op, Tensor in) {
        long t0 = Profiler.start();
        Tensor x = in.contiguous();
        Tensor out = Tensor.empty(x.shape, false);
        Parallel.forRange(x.size, PARALLEL_GRAIN,
                (from, to) -> forward(op, x.data, x.offset + from, out.data, from, to - from));
        float[] xd = x.data, y = out.data;
        int xo = x.offset;
        return out.record(op.name().toLowerCase(java.util.Locale.ROOT), t0, g -> {
            float[] dx = x.gradBuffer();
            switch (op) {
                case EXP -> { for (int i = 0; i < dx.length; i++) dx[i] += g[i] * y[i]; }
                case LOG -> { for (int i = 0; i < dx.length; i++) dx[i] += g[i] / xd[xo + i]; }
                case TANH -> { for (int i = 0; i < dx.length; i++) dx[i] += g[i] * (1f - y[i] * y[i]); }
                case SQRT -> { for (int i = 0; i < dx.length; i++) dx[i] += g[i] * 0.5f / y[i]; }
            }
        }, x);
    }

    /** log and tanh are rare here (losses, the pooler), so StrictMath's exactly specified ones cost little. */
    private static void forward(Unary op, float[] x, int xo, float[] y, int yo, int n) {
        switch (op) {
            case EXP -> VectorMath.exp(x, xo, y, yo, n);
            case SQRT -> VectorMath.sqrt(x, xo, y, yo, n);
            case LOG -> { for (int i = 0; i < n; i++) y[yo + i] = (float) StrictMath.log(x[xo + i]); }
            case TANH -> { for (int i = 0; i < n; i++) y[yo + i] = (float) StrictMath.tanh(x[xo + i]); }
        }
    }

    static Tensor maskedFill(Tensor in, Tensor mask, float value) {
        long t0 = Profiler.start();
        if (mask.requiresGrad()) throw new IllegalArgumentException("maskedFill: the mask must not require a gradient");
        Tensor x = in.contiguous();
        int[] shape = Shapes.broadcast(x.shape, mask.shape);
        if (!java.util.Arrays.equals(shape, x.shape)) {
            throw new IllegalArgumentException("maskedFill: mask " + Shapes.format(mask.shape)
                    + " does not broadcast to input " + Shapes.format(x.shape));
        }
        // keep[i] = 1 where the input passes through, 0 where it is filled
        float[] keep = Arena.allocate(x.size, false);
        int[] sm = Shapes.broadcastStrides(mask.shape, mask.strides, shape);
        int[] sc = x.strides;
        Strided.Layout l = Strided.coalesce(shape, sm, sc, sc);
        int n = l.rowLength(), dm = l.strideA();
        Strided.forEachRow(l, mask.offset, 0, 0, (pm, pk, unused) -> {
            for (int i = 0; i < n; i++) keep[pk + i] = mask.data[pm + i * dm] != 0f ? 0f : 1f;
        });
        Tensor out = Tensor.empty(shape, false);
        for (int i = 0; i < x.size; i++) out.data[i] = keep[i] != 0f ? x.data[x.offset + i] : value;
        return out.record("maskedFill", t0, g -> {
            float[] dx = x.gradBuffer();
            for (int i = 0; i < dx.length; i++) dx[i] += g[i] * keep[i];
        }, x);
    }
}
