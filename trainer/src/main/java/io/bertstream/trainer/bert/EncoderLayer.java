package io.bertstream.trainer.bert;

import io.bertstream.trainer.autograd.Tensor;
import io.bertstream.trainer.nn.DropoutSeeds;
import io.bertstream.trainer.nn.Parameters;

/** One post-LayerNorm transformer block ({@code encoder.layer.<i>.*}): attention, then feed-forward. */
final class EncoderLayer {
    private final MultiHeadAttention attention;
    private final FeedForward feedForward;

    EncoderLayer(Parameters params, String prefix, BertConfig c) {
        attention = new MultiHeadAttention(params, prefix + "attention.", c);
        feedForward = new FeedForward(params, prefix, c);
    }

    Tensor forward(Tensor x, Tensor maskBias, DropoutSeeds seeds) {
        return feedForward.forward(attention.forward(x, maskBias, seeds), seeds);
    }
}
