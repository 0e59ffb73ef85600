package io.bertstream.inference;

import io.bertstream.trainer.autograd.Tensor;
import io.bertstream.trainer.bert.BertConfig;
import io.bertstream.trainer.bert.BertForPreTraining;
import io.bertstream.trainer.bert.BertForSequenceClassification;
import io.bertstream.trainer.onnx.BundleWriter;
import io.bertstream.wordpiece.BertNormalizer;
import io.bertstream.wordpiece.BertTokenizer;
import io.bertstream.wordpiece.Vocabulary;
import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;

/**
 * A small bundle exported by the trainer before the service starts: a tiny BERT with every head
 * (masked LM, NSP, a two-label classifier), weights drawn from a fixed seed. The tests rebuild the
 * same models to compare the service's predictions with the trainer's own forward pass.
 */
public final class TestBundle implements QuarkusTestResourceLifecycleManager {

    static final Path DIR = Path.of("target/test-bundle").toAbsolutePath();
    static final List<String> TOKENS = List.of("[PAD]", "[UNK]", "[CLS]", "[SEP]", "[MASK]",
            "the", "movie", "was", "great", "bad", "i", "loved", "it", "hated", "paris", "is", "capital", "of", "france",
            ".", "!", ",", "a", "film", "story", "end", "good", "very", "and", "not");
    static final BertConfig CONFIG = new BertConfig(TOKENS.size(), 32, 2, 2, 64, 48, 2, 0.1f, 0.1f, 1e-12f, 0.02f);
    static final List<String> LABELS = List.of("negative", "positive");

    @Override
    public Map<String, String> start() {
        try {
            BertTokenizer tokenizer = BertTokenizer.fromVocabulary(Vocabulary.of(TOKENS), BertNormalizer.UNCASED);
            new BundleWriter(CONFIG, weights(), tokenizer).labels(LABELS).write(DIR);
        } catch (Exception e) {
            throw new IllegalStateException("cannot export the test bundle", e);
        }
        return Map.of("bertstream.bundle", DIR.toString());
    }

    @Override
    public void stop() {}

    /** Every tensor the bundle holds, by Hugging Face name; the same on every call. */
    static Map<String, Tensor> weights() {
        BertForPreTraining pretraining = new BertForPreTraining(CONFIG, 7);
        BertForSequenceClassification classifier = new BertForSequenceClassification(CONFIG, LABELS.size(), 7);
        Map<String, Tensor> all = new LinkedHashMap<>(pretraining.parameters().named());
        classifier.parameters().named().forEach(all::putIfAbsent);
        // Larger than BERT's initialisation, so that predictions differ clearly from record to record.
        Random random = new Random(11);
        for (Tensor t : all.values()) {
            float[] data = t.data();
            for (int i = 0; i < data.length; i++) {
                data[i] = (random.nextFloat() - 0.5f) * 0.6f;
            }
        }
        return all;
    }

    static BertForPreTraining pretrainingModel() {
        BertForPreTraining model = new BertForPreTraining(CONFIG, 1);
        model.parameters().copyFrom(weights());
        return model;
    }

    static BertForSequenceClassification classifierModel() {
        BertForSequenceClassification model = new BertForSequenceClassification(CONFIG, LABELS.size(), 1);
        model.parameters().copyFrom(weights());
        return model;
    }
}
