package io.bertstream.trainer.onnx;

import io.bertstream.trainer.autograd.Tensor;
import io.bertstream.trainer.bert.BertConfig;
import java.util.LinkedHashMap;
import java.util.Map;

/** Random weights under Hugging Face's BERT names, large enough that every term moves the output. */
public final class RandomBertWeights {
    private RandomBertWeights() {}

    public static BertConfig tinyConfig() {
        return new BertConfig(61, 16, 2, 4, 40, 24, 2, 0.1f, 0.1f, 1e-12f, 0.02f);
    }

    /** Encoder, pooler, MLM and NSP heads, plus a classifier when {@code numLabels > 0}. */
    public static Map<String, Tensor> create(BertConfig c, long seed, int numLabels) {
        Gen g = new Gen(seed);
        int h = c.hiddenSize(), ff = c.intermediateSize();
        Map<String, Tensor> w = new LinkedHashMap<>();
        w.put("bert.embeddings.word_embeddings.weight", g.randn(0.5f, c.vocabSize(), h));
        w.put("bert.embeddings.position_embeddings.weight", g.randn(0.5f, c.maxPositionEmbeddings(), h));
        w.put("bert.embeddings.token_type_embeddings.weight", g.randn(0.5f, c.typeVocabSize(), h));
        g.layerNorm(w, "bert.embeddings.LayerNorm", h);
        for (int i = 0; i < c.numHiddenLayers(); i++) {
            String p = "bert.encoder.layer." + i + ".";
            g.linear(w, p + "attention.self.query", h, h);
            g.linear(w, p + "attention.self.key", h, h);
            g.linear(w, p + "attention.self.value", h, h);
            g.linear(w, p + "attention.output.dense", h, h);
            g.layerNorm(w, p + "attention.output.LayerNorm", h);
            g.linear(w, p + "intermediate.dense", ff, h);
            g.linear(w, p + "output.dense", h, ff);
            g.layerNorm(w, p + "output.LayerNorm", h);
        }
        g.linear(w, "bert.pooler.dense", h, h);
        g.linear(w, "cls.predictions.transform.dense", h, h);
        g.layerNorm(w, "cls.predictions.transform.LayerNorm", h);
        w.put("cls.predictions.bias", g.randn(0.3f, c.vocabSize()));
        g.linear(w, "cls.seq_relationship", 2, h);
        if (numLabels > 0) g.linear(w, "classifier", numLabels, h);
        return w;
    }

    private static final class Gen {
        private long seed;

        Gen(long seed) {
            this.seed = seed;
        }

        Tensor randn(float std, int... shape) {
            return Tensor.randn(seed++, std, shape);
        }

        void linear(Map<String, Tensor> w, String prefix, int out, int in) {
            w.put(prefix + ".weight", randn((float) (1.0 / Math.sqrt(in)), out, in));
            w.put(prefix + ".bias", randn(0.1f, out));
        }

        void layerNorm(Map<String, Tensor> w, String prefix, int h) {
            float[] gamma = randn(0.2f, h).toArray();
            for (int i = 0; i < h; i++) gamma[i] += 1f;
            w.put(prefix + ".weight", Tensor.of(gamma, h));
            w.put(prefix + ".bias", randn(0.1f, h));
        }
    }
}
