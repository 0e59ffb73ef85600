package io.bertstream.trainer.autograd;

import java.util.Arrays;

/** Sum and mean over any set of axes. */
final class Reductions {
    private Reductions() {}

    static Tensor sum(Tensor x, int[] axes, boolean keepDims) {
        return reduce("sum", x, axes, keepDims, false);
    }

    static Tensor mean(Tensor x, int[] axes, boolean keepDims) {
        return reduce("mean", x, axes, keepDims, true);
    }

    private static Tensor reduce(String name, Tensor in, int[] axes, boolean keepDims, boolean mean) {
        long t0 = Profiler.start();
        Tensor x = in.contiguous();
        boolean[] reduced = new boolean[x.rank()];
        for (int a : axes) {
            int axis = Shapes.axis(a, x.rank());
            if (reduced[axis]) throw new IllegalArgumentException(name + ": axis " + a + " given twice");
            reduced[axis] = true;
        }
        int[] kept = x.shape.clone();
        int count = 1;
        for (int i = 0; i < kept.length; i++) {
            if (reduced[i]) {
                count *= kept[i];
                kept[i] = 1;
            }
        }
        float scale = mean ? 1f / count : 1f;
        Tensor out = Tensor.empty(keepDims ? kept : dropReduced(kept, reduced), true);
        Broadcasting.reduceInto(out.data, kept, x.data, x.offset, x.shape, scale);
        return out.record(name, t0, g -> Broadcasting.spreadInto(x.gradBuffer(), x.shape, g, kept, scale), x);
    }

    private static int[] dropReduced(int[] kept, boolean[] reduced) {
        int[] out = new int[kept.length];
        int r = 0;
        for (int i = 0; i < kept.length; i++) if (!reduced[i]) out[r++] = kept[i];
        return Arrays.copyOf(out, r);
    }
}
