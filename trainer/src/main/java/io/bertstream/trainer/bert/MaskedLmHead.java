package io.bertstream.trainer.bert;

import io.bertstream.trainer.autograd.Tensor;
import io.bertstream.trainer.nn.LayerNorm;
import io.bertstream.trainer.nn.Linear;
import io.bertstream.trainer.nn.Parameters;

/**
 * The masked-LM head ({@code cls.predictions.*}): {@code LayerNorm(GELU(W·h + b))}, then the
 * decoder, which is the token embedding table itself (tied) plus its own bias
 * {@code cls.predictions.bias}.
 */
final class MaskedLmHead {
    private final Linear transform;
    private final LayerNorm norm;
    private final Tensor decoderWeight;
    private final Tensor decoderBias;

    MaskedLmHead(Parameters params, BertConfig c, Tensor wordTable) {
        transform = new Linear(params, "cls.predictions.transform.dense", c.hiddenSize(), c.hiddenSize(), c.initializerRange());
        norm = new LayerNorm(params, "cls.predictions.transform.LayerNorm", c.hiddenSize(), c.layerNormEps());
        decoderWeight = wordTable;
        decoderBias = params.constant("cls.predictions.bias", 0f, c.vocabSize());
    }

    /** Vocabulary logits {@code [n, vocab]} for hidden states {@code [n, hidden]}. */
    Tensor logits(Tensor hidden) {
        return norm.forward(transform.forward(hidden).gelu()).linear(decoderWeight, decoderBias);
    }
}
