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

    /** Receives a run of {@code n} elements of a row: its start offset in each operand. */
    @FunctionalInterface
    interface Run {
        void run(int offA, int offB, int offC, int n);
    }

    /** Below this many elements a parallel walk stays on one thread. */
    private static final int PARALLEL_GRAIN = 1 << 15;

    /** Calls {@code body} for every row of the layout, in row-major order. */
    static void forEachRow(Layout l, int offA, int offB, int offC, Rows body) {
        walk(l, offA, offB, offC, 0, rows(l), (pa, pb, pc, n) -> body.row(pa, pb, pc));
    }

    /**
     * Calls {@code body} for runs covering every row of the layout. When no two elements share a
     * place in operand A ({@link #distinctA}), the runs are split across the kernels' threads: by
     * rows, or a single row cut into runs; each element of A is then written by one thread, so the
     * result does not depend on the thread count. Otherwise the rows go in order on this thread.
     */
    static void forEachRun(Layout l, int offA, int offB, int offC, Run body) {
        int n = l.rowLength();
        if (!distinctA(l)) {
            walk(l, offA, offB, offC, 0, rows(l), body);
        } else if (l.shape.length <= 1) {
            int sa = l.strideA(), sb = l.strideB(), sc = l.strideC();
            Parallel.forRange(n, PARALLEL_GRAIN, (from, to) -> body.run(offA + from * sa, offB + from * sb, offC + from * sc, to - from));
        } else {
            Parallel.forRange(rows(l), Math.max(1, PARALLEL_GRAIN / Math.max(1, n)), (from, to) -> walk(l, offA, offB, offC, from, to, body));
        }
    }

    /** True when no two elements of the layout share a place in operand A (none of its strides is 0). */
    static boolean distinctA(Layout l) {
        for (int stride : l.a) if (stride == 0) return false;
        return true;
    }

    private static int rows(Layout l) {
        int rows = 1;
        for (int d = 0; d < l.shape.length - 1; d++) rows *= l.shape[d];
        return rows;
    }

    /** Rows {@code from} (inclusive) to {@code to} of the layout, in row-major order. */
    private static void walk(Layout l, int offA, int offB, int offC, int from, int to, Run body) {
        int outer = l.shape.length - 1, n = l.rowLength();
        int[] index = new int[Math.max(0, outer)];
        int pa = offA, pb = offB, pc = offC;
        for (int d = outer - 1, rest = from; d >= 0; d--) {
            index[d] = rest % l.shape[d];
            rest /= l.shape[d];
            pa += index[d] * l.a[d];
            pb += index[d] * l.b[d];
            pc += index[d] * l.c[d];
        }
        for (int r = from; r < to; r++) {
            body.run(pa, pb, pc, n);
            for (int d = outer - 1; d >= 0; d--) {
                index[d]++;
                pa += l.a[d];
                pb += l.b[d];
                pc += l.c[d];
                if (index[d] < l.shape[d]) break;
                pa -= l.a[d] * l.shape[d];
                pb -= l.b[d] * l.shape[d];
                pc -= l.c[d] * l.shape[d];
                index[d] = 0;
            }
        }
    }

    /** {@code dst = src} elementwise; both strided, same shape. */
    static void copy(Tensor src, Tensor dst) {
        Layout l = coalesce(dst.shape, dst.strides, src.strides, src.strides);
        int sd = l.strideA(), ss = l.strideB();
        float[] out = dst.data, in = src.data;
        forEachRun(l, dst.offset, src.offset, 0, (pd, ps, unused, n) -> {
            if (sd == 1 && ss == 1) System.arraycopy(in, ps, out, pd, n);
            else for (int i = 0; i < n; i++) out[pd + i * sd] = in[ps + i * ss];
        });
    }

    /** {@code dst += src} elementwise; both strided, same shape. */
    static void addInto(Tensor dst, Tensor src) {
        Layout l = coalesce(dst.shape, dst.strides, src.strides, src.strides);
        int sd = l.strideA(), ss = l.strideB();
        float[] out = dst.data, in = src.data;
        forEachRun(l, dst.offset, src.offset, 0, (pd, ps, unused, n) -> {
            if (sd == 1 && ss == 1) VectorMath.addScaledInto(in, ps, 1f, out, pd, n);
            else for (int i = 0; i < n; i++) out[pd + i * sd] += in[ps + i * ss];
        });
    }
}
