package io.bertstream.trainer.bert;

import io.bertstream.trainer.autograd.Tensor;
import io.bertstream.trainer.nn.Dropout;
import io.bertstream.trainer.nn.DropoutSeeds;
import io.bertstream.trainer.nn.LayerNorm;
import io.bertstream.trainer.nn.Linear;
import io.bertstream.trainer.nn.Parameters;

/**
 * Position-wise feed-forward sublayer with residual and LayerNorm ({@code intermediate.dense},
 * {@code output.dense}, {@code output.LayerNorm}): {@code LayerNorm(x + Dropout(W2·GELU(W1·x)))},
 * with the exact (erf) GELU.
 */
final class FeedForward {
    private final Linear in, out;
    private final LayerNorm norm;
    private final Dropout dropout;

    FeedForward(Parameters params, String prefix, BertConfig c) {
        in = new Linear(params, prefix + "intermediate.dense", c.hiddenSize(), c.intermediateSize(), c.initializerRange());
        out = new Linear(params, prefix + "output.dense", c.intermediateSize(), c.hiddenSize(), c.initializerRange());
        norm = new LayerNorm(params, prefix + "output.LayerNorm", c.hiddenSize(), c.layerNormEps());
        dropout = new Dropout(c.hiddenDropoutProb());
    }

    Tensor forward(Tensor x, DropoutSeeds seeds) {
        return norm.forward(x.add(dropout.forward(out.forward(in.forward(x).gelu()), seeds)));
    }
}
