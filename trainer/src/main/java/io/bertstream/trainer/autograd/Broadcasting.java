package io.bertstream.trainer.autograd;

/**
 * The two directions of broadcasting for backward passes: summing a gradient of the
 * broadcast shape down to an input's shape, and spreading a reduced gradient back out.
 */
final class Broadcasting {
    private Broadcasting() {}

    /**
     * {@code dst[shape] += scale · sum of src[srcShape]} (src read from {@code srcOff}) over the axes where {@code shape}
     * broadcasts to {@code srcShape}; {@code dst} and {@code src} are contiguous.
     */
    static void reduceInto(float[] dst, int[] shape, float[] src, int srcOff, int[] srcShape, float scale) {
        int[] dstStrides = Shapes.broadcastStrides(shape, Shapes.contiguousStrides(shape), srcShape);
        int[] srcStrides = Shapes.contiguousStrides(srcShape);
        Strided.Layout l = Strided.coalesce(srcShape, dstStrides, srcStrides, srcStrides);
        if (Strided.distinctA(l)) {
            // same shape: no sums, and every element of dst has one writer
            Strided.forEachRun(l, 0, srcOff, 0, (pd, ps, unused, n) -> VectorMath.addScaledInto(src, ps, scale, dst, pd, n));
            return;
        }
        int n = l.rowLength();
        int ds = l.strideA();
        Strided.forEachRow(l, 0, srcOff, 0, (pd, ps, unused) -> {
            if (ds == 0) dst[pd] += scale * VectorMath.sum(src, ps, n);
            else VectorMath.addScaledInto(src, ps, scale, dst, pd, n);
        });
    }

    /**
     * {@code dst[dstShape] += scale · src} with contiguous {@code src[shape]} broadcast up to
     * {@code dstShape}.
     */
    static void spreadInto(float[] dst, int[] dstShape, float[] src, int[] shape, float scale) {
        int[] srcStrides = Shapes.broadcastStrides(shape, Shapes.contiguousStrides(shape), dstShape);
        int[] dstStrides = Shapes.contiguousStrides(dstShape);
        Strided.Layout l = Strided.coalesce(dstShape, dstStrides, srcStrides, srcStrides);
        int n = l.rowLength();
        int ss = l.strideB();
        Strided.forEachRow(l, 0, 0, 0, (pd, ps, unused) -> {
            if (ss == 0) {
                float v = scale * src[ps];
                for (int i = 0; i < n; i++) dst[pd + i] += v;
            } else {
                VectorMath.addScaledInto(src, ps, scale, dst, pd, n);
            }
        });
    }
}
