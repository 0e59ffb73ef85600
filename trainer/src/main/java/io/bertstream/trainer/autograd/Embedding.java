package io.bertstream.trainer.autograd;

/** Row gather from an embedding table, with scatter-add backward. */
public final class Embedding {
    private Embedding() {}

    /**
     * Rows {@code weight[ids[i]]} for a table {@code weight [V, D]}; the result has shape
     * {@code idShape + [D]}. Backward adds each output row's gradient into its table row.
     */
    public static Tensor lookup(Tensor weightIn, int[] ids, int... idShape) {
        long t0 = Profiler.start();
        if (weightIn.rank() != 2) throw new IllegalArgumentException("embedding: weight must be [V, D], got " + Shapes.format(weightIn.shape));
        if (Shapes.size(idShape) != ids.length) {
            throw new IllegalArgumentException("embedding: " + ids.length + " ids do not fill shape " + Shapes.format(idShape));
        }
        Tensor w = weightIn.contiguous();
        int vocab = w.dim(0), d = w.dim(1);
        for (int i = 0; i < ids.length; i++) {
            if (ids[i] < 0 || ids[i] >= vocab) {
                throw new IllegalArgumentException("embedding: id " + ids[i] + " at position " + i + " outside [0, " + vocab + ")");
            }
        }
        int[] shape = java.util.Arrays.copyOf(idShape, idShape.length + 1);
        shape[idShape.length] = d;
        Tensor out = Tensor.empty(shape, false);
        for (int i = 0; i < ids.length; i++) System.arraycopy(w.data, w.offset + ids[i] * d, out.data, i * d, d);
        int[] saved = ids.clone();
        return out.record("embedding", t0, g -> {
            float[] dw = w.gradBuffer();
            for (int i = 0; i < saved.length; i++) VectorMath.addScaledInto(g, i * d, 1f, dw, saved[i] * d, d);
        }, w);
    }
}
