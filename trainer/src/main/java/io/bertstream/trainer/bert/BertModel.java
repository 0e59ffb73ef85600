package io.bertstream.trainer.bert;

import io.bertstream.trainer.autograd.Embedding;
import io.bertstream.trainer.autograd.Tensor;
import io.bertstream.trainer.nn.DropoutSeeds;
import io.bertstream.trainer.nn.Linear;
import io.bertstream.trainer.nn.Parameters;
import java.util.ArrayList;
import java.util.List;

/**
 * The BERT body ({@code bert.*}): embeddings, the encoder stack and the pooler. Heads on top
 * of it live in {@link BertForPreTraining} and {@link BertForSequenceClassification}.
 */
public final class BertModel {
    /** Added to the attention scores of padding keys (Hugging Face's classic value), so softmax gives them ~0. */
    static final float MASKED_SCORE = -10000f;

    private final BertConfig config;
    private final BertEmbeddings embeddings;
    private final List<EncoderLayer> layers = new ArrayList<>();
    private final Linear pooler;

    BertModel(Parameters params, String prefix, BertConfig c) {
        config = c;
        embeddings = new BertEmbeddings(params, prefix, c);
        for (int i = 0; i < c.numHiddenLayers(); i++) {
            layers.add(new EncoderLayer(params, prefix + "encoder.layer." + i + ".", c));
        }
        pooler = new Linear(params, prefix + "pooler.dense", c.hiddenSize(), c.hiddenSize(), c.initializerRange());
    }

    /** The last layer's hidden states {@code [batch, seq, hidden]}; {@code seeds} null means no dropout. */
    public Tensor encode(BertInput in, DropoutSeeds seeds) {
        float[] bias = new float[in.batch() * in.seq()];
        int[] mask = in.attentionMask();
        for (int i = 0; i < bias.length; i++) bias[i] = mask[i] != 0 ? 0f : MASKED_SCORE;
        Tensor maskBias = Tensor.of(bias, in.batch(), 1, 1, in.seq());
        Tensor x = embeddings.forward(in, seeds);
        for (EncoderLayer layer : layers) x = layer.forward(x, maskBias, seeds);
        return x;
    }

    /** The pooled {@code [CLS]} vector, {@code tanh(W·h_CLS + b)}, shape {@code [batch, hidden]}. */
    public Tensor pool(Tensor sequence) {
        int batch = sequence.dim(0), seq = sequence.dim(1);
        int[] first = new int[batch];
        for (int b = 0; b < batch; b++) first[b] = b * seq;
        return pooler.forward(rows(sequence, first)).tanh();
    }

    /**
     * Rows of {@code sequence [batch, seq, hidden]} at flat positions {@code b·seq + s}, shape
     * {@code [n, hidden]}; backward scatters into those rows only.
     */
    static Tensor rows(Tensor sequence, int[] flatPositions) {
        int hidden = sequence.dim(2);
        return Embedding.lookup(sequence.reshape(sequence.dim(0) * sequence.dim(1), hidden), flatPositions, flatPositions.length);
    }

    Tensor wordTable() {
        return embeddings.wordTable();
    }

    public BertConfig config() {
        return config;
    }
}
