package io.bertstream.trainer.bert;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Test;

class BertConfigTest {

    private final ObjectMapper json = new ObjectMapper();

    @Test
    void readsHuggingFaceBertBaseUncasedConfig() throws Exception {
        // config.json of google-bert/bert-base-uncased, as published on the Hugging Face hub.
        String published = """
                {"architectures": ["BertForMaskedLM"], "attention_probs_dropout_prob": 0.1, "gradient_checkpointing": false,
                 "hidden_act": "gelu", "hidden_dropout_prob": 0.1, "hidden_size": 768, "initializer_range": 0.02,
                 "intermediate_size": 3072, "layer_norm_eps": 1e-12, "max_position_embeddings": 512, "model_type": "bert",
                 "num_attention_heads": 12, "num_hidden_layers": 12, "pad_token_id": 0, "position_embedding_type": "absolute",
                 "transformers_version": "4.6.0.dev0", "type_vocab_size": 2, "use_cache": true, "vocab_size": 30522}
                """;
        BertConfig config = BertConfig.fromJson(json.readTree(published));
        assertEquals(BertConfig.preset(BertConfig.Preset.BASE, 30522, 512), config);
        assertEquals(64, config.headSize());
    }

    @Test
    void roundTripsThroughJson() {
        BertConfig mini = BertConfig.preset(BertConfig.Preset.named("mini"), 8192, 128);
        assertEquals(mini, BertConfig.fromJson(mini.toJson(json)));
        assertEquals(4, mini.numHiddenLayers());
        assertEquals(1024, mini.intermediateSize());
    }

    @Test
    void rejectsInconsistentShapesWithTheFieldName() {
        var e = assertThrows(IllegalArgumentException.class,
                () -> new BertConfig(100, 130, 2, 4, 512, 128, 2, 0.1f, 0.1f, 1e-12f, 0.02f));
        assertTrue(e.getMessage().contains("hidden_size 130 is not a multiple of num_attention_heads 4"), e.getMessage());
        var missing = assertThrows(IllegalArgumentException.class, () -> BertConfig.fromJson(json.readTree("{\"hidden_size\": 4}")));
        assertTrue(missing.getMessage().contains("\"vocab_size\""), missing.getMessage());
        var preset = assertThrows(IllegalArgumentException.class, () -> BertConfig.Preset.named("huge"));
        assertTrue(preset.getMessage().contains("tiny, mini, small, base"));
    }
}
