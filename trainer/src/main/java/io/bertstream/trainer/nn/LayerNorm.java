package io.bertstream.trainer.nn;

import io.bertstream.trainer.autograd.Tensor;

/** LayerNorm over the last axis with gain {@code <name>.weight} (ones) and shift {@code <name>.bias} (zeros). */
public final class LayerNorm {
    private final Tensor gain;
    private final Tensor shift;
    private final float eps;

    public LayerNorm(Parameters params, String name, int dim, float eps) {
        this.gain = params.constant(name + ".weight", 1f, dim);
        this.shift = params.constant(name + ".bias", 0f, dim);
        this.eps = eps;
    }

    public Tensor forward(Tensor x) {
        return x.layerNorm(gain, shift, eps);
    }
}
