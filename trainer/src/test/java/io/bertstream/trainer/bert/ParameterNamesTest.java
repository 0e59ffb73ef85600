package io.bertstream.trainer.bert;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.bertstream.trainer.autograd.Tensor;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Names, shapes and initial values follow Hugging Face's BertForPreTraining state_dict and BERT's init. */
class ParameterNamesTest {
    private final BertConfig config = BertConfig.preset(BertConfig.Preset.TINY, 1000, 64);

    @Test
    void pretrainingNamesAndShapesAreHuggingFaces() {
        Map<String, Tensor> named = new BertForPreTraining(config, 1).parameters().named();
        assertShape(named, "bert.embeddings.word_embeddings.weight", 1000, 128);
        assertShape(named, "bert.embeddings.position_embeddings.weight", 64, 128);
        assertShape(named, "bert.embeddings.token_type_embeddings.weight", 2, 128);
        assertShape(named, "bert.embeddings.LayerNorm.weight", 128);
        assertShape(named, "bert.encoder.layer.1.attention.self.query.weight", 128, 128);
        assertShape(named, "bert.encoder.layer.1.attention.output.LayerNorm.bias", 128);
        assertShape(named, "bert.encoder.layer.0.intermediate.dense.weight", 512, 128);
        assertShape(named, "bert.encoder.layer.0.output.dense.weight", 128, 512);
        assertShape(named, "bert.pooler.dense.bias", 128);
        assertShape(named, "cls.predictions.transform.dense.weight", 128, 128);
        assertShape(named, "cls.predictions.transform.LayerNorm.weight", 128);
        assertShape(named, "cls.predictions.bias", 1000);
        assertShape(named, "cls.seq_relationship.weight", 2, 128);
        // 5 embedding tensors, 16 per layer, 2 pooler, 5 MLM head, 2 NSP head
        assertEquals(5 + 16 * 2 + 2 + 5 + 2, named.size());
        assertEquals("bert.embeddings.word_embeddings.weight", named.keySet().iterator().next());
    }

    @Test
    void classifierSharesTheBodyNames() {
        BertForSequenceClassification clf = new BertForSequenceClassification(config, 3, 2);
        Map<String, Tensor> named = clf.parameters().named();
        assertShape(named, "classifier.weight", 3, 128);
        assertFalse(named.containsKey("cls.predictions.bias"));
        int copied = clf.parameters().copyFrom(new BertForPreTraining(config, 1).parameters().named()).size();
        assertEquals(named.size() - 2, copied, "every bert.* tensor comes from pre-training");
    }

    @Test
    void initialisationIsBerts() {
        BertForPreTraining model = new BertForPreTraining(config, 3);
        float[] w = model.parameters().named().get("bert.encoder.layer.0.intermediate.dense.weight").data();
        double sum = 0, sq = 0, max = 0;
        for (float x : w) {
            sum += x;
            sq += x * x;
            max = Math.max(max, Math.abs(x));
        }
        double std = Math.sqrt(sq / w.length - Math.pow(sum / w.length, 2));
        // N(0, 0.02²) truncated at ±2σ has standard deviation 0.02·0.8796.
        assertEquals(0.02 * 0.8796, std, 0.0005);
        assertTrue(max <= 0.04 + 1e-6, "truncated at two standard deviations: " + max);
        assertTrue(model.parameters().decays("bert.encoder.layer.0.intermediate.dense.weight"));
        assertFalse(model.parameters().decays("bert.encoder.layer.0.intermediate.dense.bias"));
        assertFalse(model.parameters().decays("bert.embeddings.LayerNorm.weight"));
        for (float x : model.parameters().named().get("bert.embeddings.LayerNorm.weight").data()) assertEquals(1f, x);
        for (float x : model.parameters().named().get("cls.predictions.bias").data()) assertEquals(0f, x);
    }

    private static void assertShape(Map<String, Tensor> named, String name, int... shape) {
        assertTrue(named.containsKey(name), "missing " + name);
        assertArrayEquals(shape, named.get(name).shape(), name);
    }
}
