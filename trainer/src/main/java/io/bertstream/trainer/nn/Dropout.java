package io.bertstream.trainer.nn;

import io.bertstream.trainer.autograd.Tensor;

/** Inverted dropout that is on only in training, i.e. when the forward pass has {@link DropoutSeeds}. */
public final class Dropout {
    private final float p;

    public Dropout(float p) {
        if (!(p >= 0f && p < 1f)) throw new IllegalArgumentException("dropout probability must be in [0, 1), got " + p);
        this.p = p;
    }

    /** {@code x} with elements dropped; the identity when {@code seeds} is null (evaluation) or p is 0. */
    public Tensor forward(Tensor x, DropoutSeeds seeds) {
        if (seeds == null || p == 0f) return x;
        return x.dropout(p, seeds.next());
    }
}
