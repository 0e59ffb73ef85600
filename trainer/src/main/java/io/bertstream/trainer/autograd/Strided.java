package io.bertstream.trainer.autograd;

/**
 * Walks up to three strided operands over a common shape one row (last axis) at a time,
 * after merging axes that are contiguous in every operand, so that the common cases reach
 * the row kernels as one long unit-stride row.
 */
final class Strided {
    private Strided() {}

    /** Receives the start offsets of one row in each operand. */
    @FunctionalInterface
    interface Rows {
        void row(int offA, int offB, int offC);
    }

    /** The result of merging axes: a shape and the matching strides of each operand. */
    record Layout(int[] shape, int[] a, int[] b, int[] c) {
        int rowLength() {
            return shape.length == 0 ? 1 : shape[shape.length - 1];
        }

        int strideA() {
            return shape.length == 0 ? 0 : a[a.length - 1];
        }

        int strideB() {
            return shape.length == 0 ? 0 : b[b.length - 1];
        }

        int strideC() {
            return shape.length == 0 ? 0 : c[c.length - 1];
        }
    }

    /** Merges axis i into axis i+1 wherever every operand steps through them as one axis. */
    static Layout coalesce(int[] shape, int[] a, int[] b, int[] c) {
        int rank = shape.length;
        int[] s = new int[rank], sa = new int[rank], sb = new int[rank], sc = new int[rank];
        int r = 0;
        for (int i = 0; i < rank; i++) {
            if (shape[i] == 1) continue;
            if (r > 0
                    && sa[r - 1] == a[i] * shape[i]
                    && sb[r - 1] == b[i] * shape[i]
                    && sc[r - 1] == c[i] * shape[i]) {
                s[r - 1] *= shape[i];
                sa[r - 1] = a[i];
                sb[r - 1] = b[i];
                sc[r - 1] = c[i];
            } else {
                s[r] = shape[i];
                sa[r] = a[i];
                sb[r] = b[i];
                sc[r] = c[i];
                r++;
            }
        }
        return new Layout(java.util.Arrays.copyOf(s, r), java.util.Arrays.copyOf(sa, r),
                java.util.Arrays.copyOf(sb, r), java.util.Arrays.copyOf(sc, r));
    }

    /** Calls {@code body} for every row of the layout, in row-major order. */
    static void forEachRow(Layout l, int offA, int offB, int offC, Rows body) {
        int outer = l.shape.length - 1;
        if (outer <= 0) {
            body.row(offA, offB, offC);
            return;
        }
        int[] index = new int[outer];
        int pa = offA, pb = offB, pc = offC;
        while (true) {
            body.row(pa, pb, pc);
            int d = outer - 1;
            while (d >= 0) {
                index[d]++;
                pa += l.a[d];
                pb += l.b[d];
                pc += l.c[d];
                if (index[d] < l.shape[d]) break;
                pa -= l.a[d] * l.shape[d];
                pb -= l.b[d] * l.shape[d];
                pc -= l.c[d] * l.shape[d];
                index[d] = 0;
                d--;
            }
            if (d < 0) return;
        }
    }

    /** {@code dst = src} elementwise; both strided, same shape. */
    static void copy(Tensor src, Tensor dst) {
        Layout l = coalesce(dst.shape, dst.strides, src.strides, src.strides);
        int n = l.rowLength();
        int sd = l.strideA(), ss = l.strideB();
        float[] out = dst.data, in = src.data;
        forEachRow(l, dst.offset, src.offset, 0, (pd, ps, unused) -> {
            if (sd == 1 && ss == 1) System.arraycopy(in, ps, out, pd, n);
            else for (int i = 0; i < n; i++) out[pd + i * sd] = in[ps + i * ss];
        });
    }

    /** {@code dst += src} elementwise; both strided, same shape. */
    static void addInto(Tensor dst, Tensor src) {
        Layout l = coalesce(dst.shape, dst.strides, src.strides, src.strides);
        int n = l.rowLength();
        int sd = l.strideA(), ss = l.strideB();
        float[] out = dst.data, in = src.data;
        forEachRow(l, dst.offset, src.offset, 0, (pd, ps, unused) -> {
            if (sd == 1 && ss == 1) for (int i = 0; i < n; i++) out[pd + i] += in[ps + i];
            else for (int i = 0; i < n; i++) out[pd + i * sd] += in[ps + i * ss];
        });
    }
}
