package io.bertstream.trainer.autograd;

import java.util.Arrays;

/**
 * Matrix products on {@link Gemm}: batched matmul with broadcast batch axes, and the fused
 * linear layer. Strided and transposed inputs are passed to the kernel as they are; the
 * backward products use transposed views of the same arrays, so nothing is copied.
 */
final class MatMul {
    private MatMul() {}

    static Tensor matmul(Tensor a, Tensor b) {
        return matmul(a, b, null);
    }

    /**
     * The product with its axes in {@code order} (null: as they are), written straight into a
     * contiguous tensor of that layout, as {@code matmul(a, b).permute(order).contiguous()} would
     * give without the copy; the last axis must stay last, so each row of a product is a run.
     */
    static Tensor matmul(Tensor a, Tensor b, int[] order) {
        if (a.rank() < 2 || b.rank() < 2) {
            throw new IllegalArgumentException("matmul needs rank >= 2, got " + Shapes.format(a.shape) + " and "
                    + Shapes.format(b.shape));
        }
        int m = a.dim(-2), k = a.dim(-1), n = b.dim(-1);
        if (b.dim(-2) != k) {
            throw new IllegalArgumentException("matmul: inner dimensions differ: " + Shapes.format(a.shape) + " · "
                    + Shapes.format(b.shape));
        }
        if (order == null && b.rank() == 2 && a.rank() > 2) return matmulFolded(a, b);
        long t0 = Profiler.start();
        int[] batchShape = Shapes.broadcast(Arrays.copyOf(a.shape, a.rank() - 2), Arrays.copyOf(b.shape, b.rank() - 2));
        int[] outShape = Arrays.copyOf(batchShape, batchShape.length + 2);
        outShape[batchShape.length] = m;
        outShape[batchShape.length + 1] = n;
        int[] cStrides = order == null ? Shapes.contiguousStrides(outShape) : permutedLayout(outShape, order);
        Tensor out = Tensor.empty(order == null ? outShape : permuted(outShape, order), false);
        int[] aOff = batchOffsets(a.shape, a.strides, a.offset, batchShape);
        int[] bOff = batchOffsets(b.shape, b.strides, b.offset, batchShape);
        int[] cOff = batchOffsets(outShape, cStrides, 0, batchShape);
        int ars = a.strides[a.rank() - 2], acs = a.strides[a.rank() - 1];
        int brs = b.strides[b.rank() - 2], bcs = b.strides[b.rank() - 1];
        int ldc = cStrides[outShape.length - 2];
        forEachBatch(aOff.length, true, m, n, k, (i, serial) -> product(m, n, k,
                new Gemm.Operand(a.data, aOff[i], ars, acs), new Gemm.Operand(b.data, bOff[i], brs, bcs),
                out.data, cOff[i], ldc, false, serial));
        return out.record("matmul", t0, g -> {
            if (a.requiresGrad()) {
                // dA = dC · Bᵀ, or dAᵀ = B · dCᵀ where A's gradient is column-major
                Tensor da = gradTarget(a);
                int[] daOff = batchOffsets(a.shape, da.strides, da.offset, batchShape);
                boolean distinct = a.rank() - 2 == batchShape.length && Shapes.size(Arrays.copyOf(a.shape, a.rank() - 2)) == aOff.length;
                boolean rowMajor = rowMajor(da);
                int ld = rowMajor ? da.strides[da.rank() - 2] : da.strides[da.rank() - 1];
                forEachBatch(aOff.length, distinct, m, k, n, (i, serial) -> {
                    Gemm.Operand dc = Gemm.Operand.rowMajor(g, cOff[i], ldc), bi = new Gemm.Operand(b.data, bOff[i], brs, bcs);
                    if (rowMajor) product(m, k, n, dc, bi.transposed(), da.data, daOff[i], ld, true, serial);
                    else product(k, m, n, bi, dc.transposed(), da.data, daOff[i], ld, true, serial);
                });
            }
            if (b.requiresGrad()) {
                // dB = Aᵀ · dC, or dBᵀ = dCᵀ · A where B's gradient is column-major
                Tensor db = gradTarget(b);
                int[] dbOff = batchOffsets(b.shape, db.strides, db.offset, batchShape);
                boolean distinct = b.rank() - 2 == batchShape.length && Shapes.size(Arrays.copyOf(b.shape, b.rank() - 2)) == bOff.length;
                boolean rowMajor = rowMajor(db);
                int ld = rowMajor ? db.strides[db.rank() - 2] : db.strides[db.rank() - 1];
                forEachBatch(bOff.length, distinct, k, n, m, (i, serial) -> {
                    Gemm.Operand dc = Gemm.Operand.rowMajor(g, cOff[i], ldc), ai = new Gemm.Operand(a.data, aOff[i], ars, acs);
                    if (rowMajor) product(k, n, m, ai.transposed(), dc, db.data, dbOff[i], ld, true, serial);
                    else product(n, k, m, dc.transposed(), ai, db.data, dbOff[i], ld, true, serial);
                });
            }
        }, a, b);
    }

    /** {@code shape} with its axes in {@code order}, checked: a permutation that keeps the last axis last. */
    private static int[] permuted(int[] shape, int[] order) {
        int r = shape.length;
        boolean[] seen = new boolean[r];
        boolean valid = order.length == r && order[r - 1] == r - 1;
        for (int i = 0; valid && i < r; i++) {
            valid = order[i] >= 0 && order[i] < r && !seen[order[i]];
            if (valid) seen[order[i]] = true;
        }
        if (!valid) {
            throw new IllegalArgumentException("matmul: output order " + Shapes.format(order) + " is not a permutation of "
                    + r + " axes that keeps the last one last");
        }
        int[] out = new int[r];
        for (int i = 0; i < r; i++) out[i] = shape[order[i]];
        return out;
    }

    /** Strides of {@code shape}'s axes when stored contiguously with its axes in {@code order}. */
    private static int[] permutedLayout(int[] shape, int[] order) {
        int[] stored = Shapes.contiguousStrides(permuted(shape, order));
        int[] strides = new int[shape.length];
        for (int i = 0; i < order.length; i++) strides[order[i]] = stored[i];
        return strides;
    }

    /**
     * Where the gradient of a product's input goes: when the input is a view (say attention's
     * heads, sliced and permuted from the fused Q/K/V projection) whose matrices lie row- or
     * column-major in the tensor it views, straight into that tensor's gradient, so the views'
     * backward passes copy nothing; else into the input's own contiguous gradient.
     */
    private static Tensor gradTarget(Tensor t) {
        int r = t.rank();
        boolean unitStride = t.shape[r - 1] == 1 || t.strides[r - 1] == 1 || t.shape[r - 2] == 1 || t.strides[r - 2] == 1;
        Tensor alias = unitStride ? t.gradAlias() : null;
        return alias != null ? alias : new Tensor(t.gradBuffer(), 0, t.shape, Shapes.contiguousStrides(t.shape));
    }

    /** Whether the matrices of {@code t} are row-major (else they are column-major, see {@link #gradTarget}). */
    private static boolean rowMajor(Tensor t) {
        int r = t.rank();
        return t.shape[r - 1] == 1 || t.strides[r - 1] == 1;
    }

    /** {@code [..., M, K] · [K, N]} as one {@code (…·M) × K} product when A's rows allow it. */
    private static Tensor matmulFolded(Tensor in, Tensor b) {
        long t0 = Profiler.start();
        Tensor a = foldable(in);
        int k = a.dim(-1), n = b.dim(-1), rows = a.size / k;
        int[] outShape = a.shape.clone();
        outShape[outShape.length - 1] = n;
        Tensor out = Tensor.empty(outShape, false);
        Gemm.Operand av = rowsOf(a), bv = operand2d(b);
        Gemm.multiply(rows, n, k, av, bv, out.data, 0, n, false);
        return out.record("matmul", t0, g -> {
            if (a.requiresGrad()) inputGrad(a, g, rows, n, k, bv);
            if (b.requiresGrad()) Gemm.multiply(k, n, rows, av.transposed(), Gemm.Operand.rowMajor(g, 0, n), b.gradBuffer(), 0, n, true);
        }, a, b);
    }

    /** {@code x · wᵀ + bias} for x {@code [..., in]}, w {@code [out, in]}, bias {@code [out]} or null. */
    static Tensor linear(Tensor in, Tensor w, Tensor bias) {
        long t0 = Profiler.start();
        if (w.rank() != 2 || in.rank() < 1 || in.dim(-1) != w.dim(1)) {
            throw new IllegalArgumentException("linear: input " + Shapes.format(in.shape) + " does not fit weight "
                    + Shapes.format(w.shape) + " ([out, in])");
        }
        int k = w.dim(1), n = w.dim(0);
        if (bias != null && (bias.rank() != 1 || bias.dim(0) != n)) {
            throw new IllegalArgumentException("linear: bias " + Shapes.format(bias.shape) + " for weight " + Shapes.format(w.shape));
        }
        Tensor x = foldable(in);
        int rows = x.size / k;
        int[] outShape = x.shape.clone();
        outShape[outShape.length - 1] = n;
        Tensor out = Tensor.empty(outShape, false);
        Gemm.Operand xv = rowsOf(x);
        Gemm.Operand wt = operand2d(w).transposed();
        if (bias != null) Gemm.multiplyAddingBias(rows, n, k, xv, wt, bias.toArray(), out.data, 0, n);
        else Gemm.multiply(rows, n, k, xv, wt, out.data, 0, n, false);
        Tensor[] inputs = bias == null ? new Tensor[] {x, w} : new Tensor[] {x, w, bias};
        return out.record("linear", t0, g -> {
            if (x.requiresGrad()) inputGrad(x, g, rows, n, k, wt);
            if (w.requiresGrad()) Gemm.multiply(n, k, rows, Gemm.Operand.rowMajor(g, 0, n).transposed(), xv, w.gradBuffer(), 0, k, true);
            if (bias != null && bias.requiresGrad()) {
                // column sums, split over columns so each sum runs over the rows in order on one thread
                float[] db = bias.gradBuffer();
                Parallel.forRange(n, 64, (from, to) -> VectorMath.addColumnSums(g, rows, n, from, to, db));
            }
        }, inputs);
    }

    /** The gradient of a folded product's rows input: {@code g [rows×n] · bᵀ}, written or added ({@link Tensor#wholeGradTarget}). */
    private static void inputGrad(Tensor input, float[] g, int rows, int n, int k, Gemm.Operand b) {
        Tensor.GradTarget target = input.wholeGradTarget();
        Gemm.multiply(rows, k, n, Gemm.Operand.rowMajor(g, 0, n), b.transposed(), target.buffer(), 0, k, target.accumulate());
    }

    private static Gemm.Operand operand2d(Tensor t) {
        return new Gemm.Operand(t.data, t.offset, t.strides[0], t.strides[1]);
    }

    /**
     * The stride that steps through all rows of {@code t} (every axis but the last, merged), or
     * -1 when those axes do not merge into one. Axes of size 1 are skipped: their strides are
     * arbitrary.
     */
    private static int foldedRowStride(Tensor t) {
        int stride = -1, span = 0;
        for (int i = t.rank() - 2; i >= 0; i--) {
            if (t.shape[i] == 1) continue;
            if (stride < 0) stride = t.strides[i];
            else if (t.strides[i] != span) return -1;
            span = t.strides[i] * t.shape[i];
        }
        return stride < 0 ? t.shape[t.rank() - 1] : stride; // a single row: any stride will do
    }

    /** The rows of {@code t} as one matrix, copying {@code t} first if its rows do not fold. */
    private static Tensor foldable(Tensor t) {
        return foldedRowStride(t) >= 0 ? t : t.contiguous();
    }

    private static Gemm.Operand rowsOf(Tensor t) {
        return new Gemm.Operand(t.data, t.offset, foldedRowStride(t), t.strides[t.rank() - 1]);
    }

    /** Start offset of each batch matrix, for the batch index enumerated row-major over batchShape. */
    private static int[] batchOffsets(int[] shape, int[] strides, int offset, int[] batchShape) {
        int rank = shape.length - 2;
        int[] bs = Shapes.broadcastStrides(Arrays.copyOf(shape, rank), Arrays.copyOf(strides, rank), batchShape);
        int count = Shapes.size(batchShape);
        int[] out = new int[count];
        int[] index = new int[batchShape.length];
        for (int i = 0; i < count; i++) {
            int o = offset;
            for (int d = 0; d < index.length; d++) o += index[d] * bs[d];
            out[i] = o;
            for (int d = index.length - 1; d >= 0 && ++index[d] == batchShape[d]; d--) index[d] = 0;
        }
        return out;
    }

    @FunctionalInterface
    private interface BatchBody {
        void run(int batch, boolean serial);
    }

    /**
     * Runs one product per batch. When the targets are distinct and there are at least as many
     * batches as threads, batches go to threads whole; otherwise batches run in order (several
     * may add into one broadcast gradient) and each product is itself parallel.
     */
    private static void forEachBatch(int batches, boolean distinctTargets, int m, int n, int k, BatchBody body) {
        if (distinctTargets && batches >= Parallel.threads() && batches > 1) {
            int grain = (int) Math.max(1, (1L << 18) / Math.max(1L, (long) m * n * k));
            Parallel.forRange(batches, grain, (from, to) -> {
                for (int i = from; i < to; i++) body.run(i, true);
            });
        } else {
            for (int i = 0; i < batches; i++) body.run(i, false);
        }
    }

    private static void product(int m, int n, int k, Gemm.Operand a, Gemm.Operand b, float[] c, int cOff, int ldc,
            boolean accumulate, boolean serial) {
        if (serial) Gemm.multiplySerial(m, n, k, a, b, c, cOff, ldc, accumulate);
        else Gemm.multiply(m, n, k, a, b, c, cOff, ldc, accumulate);
    }
}
