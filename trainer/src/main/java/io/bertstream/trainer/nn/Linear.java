package io.bertstream.trainer.nn;

import io.bertstream.trainer.autograd.Tensor;

/** {@code y = x·Wᵀ + b} with {@code W [out, in]} (PyTorch's layout) named {@code <name>.weight} and {@code <name>.bias}. */
public final class Linear {
    private final Tensor weight;
    private final Tensor bias;

    public Linear(Parameters params, String name, int in, int out, float initStd) {
        this.weight = params.truncatedNormal(name + ".weight", initStd, out, in);
        this.bias = params.constant(name + ".bias", 0f, out);
    }

    public Tensor forward(Tensor x) {
        return x.linear(weight, bias);
    }

    public Tensor weight() {
        return weight;
    }

    public Tensor bias() {
        return bias;
    }
}
