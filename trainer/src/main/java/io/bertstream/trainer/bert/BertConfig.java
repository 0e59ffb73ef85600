package io.bertstream.trainer.bert;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.nio.file.Path;
import java.util.Locale;

/**
 * The shape of a BERT model, with the field names of Hugging Face's {@code config.json}
 * ({@code BertConfig}), so a bundle's config loads in transformers and theirs loads here.
 */
public record BertConfig(
        int vocabSize,
        int hiddenSize,
        int numHiddenLayers,
        int numAttentionHeads,
        int intermediateSize,
        int maxPositionEmbeddings,
        int typeVocabSize,
        float hiddenDropoutProb,
        float attentionProbsDropoutProb,
        float layerNormEps,
        float initializerRange) {

    public BertConfig {
        positive("vocab_size", vocabSize);
        positive("hidden_size", hiddenSize);
        positive("num_hidden_layers", numHiddenLayers);
        positive("num_attention_heads", numAttentionHeads);
        positive("intermediate_size", intermediateSize);
        positive("max_position_embeddings", maxPositionEmbeddings);
        positive("type_vocab_size", typeVocabSize);
        if (hiddenSize % numAttentionHeads != 0) {
            throw new IllegalArgumentException("hidden_size " + hiddenSize + " is not a multiple of num_attention_heads " + numAttentionHeads);
        }
        probability("hidden_dropout_prob", hiddenDropoutProb);
        probability("attention_probs_dropout_prob", attentionProbsDropoutProb);
        if (!(layerNormEps > 0) || !(initializerRange > 0)) {
            throw new IllegalArgumentException("layer_norm_eps and initializer_range must be positive, got " + layerNormEps + " and " + initializerRange);
        }
    }

    /** The presets: tiny (L=2, H=128), mini (L=4, H=256), small (L=4, H=512), base (L=12, H=768). */
    public enum Preset {
        TINY(2, 128, 2, 512),
        MINI(4, 256, 4, 1024),
        SMALL(4, 512, 8, 2048),
        BASE(12, 768, 12, 3072);

        final int layers;
        final int hidden;
        final int heads;
        final int intermediate;

        Preset(int layers, int hidden, int heads, int intermediate) {
            this.layers = layers;
            this.hidden = hidden;
            this.heads = heads;
            this.intermediate = intermediate;
        }

        /** The preset for a name such as "mini", or an exception listing the names. */
        public static Preset named(String name) {
            try {
                return valueOf(name.toUpperCase(Locale.ROOT));
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException("unknown preset '" + name + "'; presets: tiny, mini, small, base");
            }
        }
    }

    /** A preset with BERT's other defaults (512 positions, 2 segment types, dropout 0.1). */
    public static BertConfig preset(Preset preset, int vocabSize, int maxPositions) {
        return new BertConfig(vocabSize, preset.hidden, preset.layers, preset.heads, preset.intermediate, maxPositions,
                2, 0.1f, 0.1f, 1e-12f, 0.02f);
    }

    public int headSize() {
        return hiddenSize / numAttentionHeads;
    }

    /** The Hugging Face config.json fields (callers add id2label, label2id and their metadata). */
    public ObjectNode toJson(ObjectMapper json) {
        ObjectNode node = json.createObjectNode();
        node.putArray("architectures").add("BertForPreTraining");
        node.put("model_type", "bert");
        node.put("vocab_size", vocabSize);
        node.put("hidden_size", hiddenSize);
        node.put("num_hidden_layers", numHiddenLayers);
        node.put("num_attention_heads", numAttentionHeads);
        node.put("intermediate_size", intermediateSize);
        node.put("hidden_act", "gelu");
        node.put("max_position_embeddings", maxPositionEmbeddings);
        node.put("type_vocab_size", typeVocabSize);
        node.put("hidden_dropout_prob", hiddenDropoutProb);
        node.put("attention_probs_dropout_prob", attentionProbsDropoutProb);
        node.put("layer_norm_eps", layerNormEps);
        node.put("initializer_range", initializerRange);
        node.put("pad_token_id", 0);
        node.put("position_embedding_type", "absolute");
        return node;
    }

    /** Reads the fields from a config.json node; BERT's defaults stand in for absent optional ones. */
    public static BertConfig fromJson(JsonNode node) {
        String act = node.path("hidden_act").asText("gelu");
        if (!act.equals("gelu")) {
            throw new IllegalArgumentException("config.json: hidden_act '" + act + "' is not supported (only exact gelu)");
        }
        return new BertConfig(
                required(node, "vocab_size"),
                required(node, "hidden_size"),
                required(node, "num_hidden_layers"),
                required(node, "num_attention_heads"),
                required(node, "intermediate_size"),
                node.path("max_position_embeddings").asInt(512),
                node.path("type_vocab_size").asInt(2),
                (float) node.path("hidden_dropout_prob").asDouble(0.1),
                (float) node.path("attention_probs_dropout_prob").asDouble(0.1),
                (float) node.path("layer_norm_eps").asDouble(1e-12),
                (float) node.path("initializer_range").asDouble(0.02));
    }

    public static BertConfig read(Path configJson, ObjectMapper json) throws IOException {
        return fromJson(json.readTree(configJson.toFile()));
    }

    private static int required(JsonNode node, String field) {
        JsonNode value = node.get(field);
        if (value == null || !value.canConvertToInt()) {
            throw new IllegalArgumentException("config.json: missing or non-integer \"" + field + "\"");
        }
        return value.intValue();
    }

    private static void positive(String field, int value) {
        if (value <= 0) {
            throw new IllegalArgumentException(field + " must be positive, got " + value);
        }
    }

    private static void probability(String field, float value) {
        if (!(value >= 0 && value < 1)) {
            throw new IllegalArgumentException(field + " must be in [0, 1), got " + value);
        }
    }
}
