package io.bertstream.trainer.nn;

import io.bertstream.trainer.autograd.Tensor;

/** A lookup table {@code [count, dim]} named {@code <name>.weight}. */
public final class Embedding {
    private final Tensor weight;

    public Embedding(Parameters params, String name, int count, int dim, float initStd) {
        this.weight = params.truncatedNormal(name + ".weight", initStd, count, dim);
    }

    /** Rows for {@code ids}, shaped {@code idShape + [dim]}. */
    public Tensor forward(int[] ids, int... idShape) {
        return io.bertstream.trainer.autograd.Embedding.lookup(weight, ids, idShape);
    }

    public Tensor weight() {
        return weight;
    }
}
