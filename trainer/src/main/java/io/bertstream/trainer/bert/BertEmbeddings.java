package io.bertstream.trainer.bert;

import io.bertstream.trainer.autograd.Tensor;
import io.bertstream.trainer.nn.Dropout;
import io.bertstream.trainer.nn.DropoutSeeds;
import io.bertstream.trainer.nn.Embedding;
import io.bertstream.trainer.nn.LayerNorm;
import io.bertstream.trainer.nn.Parameters;

/** Token + position + segment embeddings, then LayerNorm and dropout ({@code <prefix>embeddings.*}). */
final class BertEmbeddings {
    private final BertConfig config;
    private final Embedding words;
    private final Embedding positions;
    private final Embedding segments;
    private final LayerNorm norm;
    private final Dropout dropout;

    BertEmbeddings(Parameters params, String prefix, BertConfig c) {
        this.config = c;
        String p = prefix + "embeddings.";
        words = new Embedding(params, p + "word_embeddings", c.vocabSize(), c.hiddenSize(), c.initializerRange());
        positions = new Embedding(params, p + "position_embeddings", c.maxPositionEmbeddings(), c.hiddenSize(), c.initializerRange());
        segments = new Embedding(params, p + "token_type_embeddings", c.typeVocabSize(), c.hiddenSize(), c.initializerRange());
        norm = new LayerNorm(params, p + "LayerNorm", c.hiddenSize(), c.layerNormEps());
        dropout = new Dropout(c.hiddenDropoutProb());
    }

    /** {@code [batch, seq, hidden]}. */
    Tensor forward(BertInput in, DropoutSeeds seeds) {
        if (in.seq() > config.maxPositionEmbeddings()) {
            throw new IllegalArgumentException("sequence length " + in.seq() + " exceeds max_position_embeddings "
                    + config.maxPositionEmbeddings());
        }
        int[] positionIds = new int[in.seq()];
        for (int i = 0; i < positionIds.length; i++) positionIds[i] = i;
        Tensor x = words.forward(in.inputIds(), in.batch(), in.seq())
                .add(segments.forward(in.tokenTypeIds(), in.batch(), in.seq()))
                .add(positions.forward(positionIds, in.seq()));   // [seq, hidden] broadcasts over the batch
        return dropout.forward(norm.forward(x), seeds);
    }

    /** The token embedding table {@code [vocab, hidden]}, shared with the MLM decoder. */
    Tensor wordTable() {
        return words.weight();
    }
}
