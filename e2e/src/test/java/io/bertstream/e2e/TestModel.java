package io.bertstream.e2e;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.bertstream.trainer.autograd.Tensor;
import io.bertstream.trainer.bert.BertConfig;
import io.bertstream.trainer.bert.BertForPreTraining;
import io.bertstream.trainer.bert.BertForSequenceClassification;
import io.bertstream.trainer.onnx.BundleWriter;
import io.bertstream.wordpiece.BertNormalizer;
import io.bertstream.wordpiece.BertTokenizer;
import io.bertstream.wordpiece.Vocabulary;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;

/**
 * A tiny BERT with every head, its weights drawn from a fixed seed, and the bundle the trainer
 * exports from it: what the end-to-end tests serve. Any lowercase English text tokenizes (letters
 * and their ## continuations are in the vocabulary).
 */
final class TestModel {

    private static final ObjectMapper JSON = new ObjectMapper();

    static final List<String> LABELS = List.of("negative", "positive");
    static final List<String> WORDS = List.of(
            "the", "movie", "was", "great", "bad", "i", "loved", "hated", "it", "story", "actors", "boring", "fun", "ending", "end");

    final BertTokenizer tokenizer = BertTokenizer.fromVocabulary(Vocabulary.of(vocabulary()), BertNormalizer.UNCASED);
    final BertConfig config;
    final Map<String, Tensor> weights;

    TestModel(int maxTokens) {
        config = new BertConfig(tokenizer.vocabulary().size(), 32, 2, 2, 64, maxTokens, 2, 0.1f, 0.1f, 1e-12f, 0.02f);
        weights = weights(config);
    }

    /** JSON sentences by id ("s0", "s1", ...): reviews to classify, sentences with [MASK], pairs. */
    static Map<String, String> sentences(Random random, int count) {
        Map<String, String> sentences = new LinkedHashMap<>();
        for (int i = 0; i < count; i++) {
            List<String> text = new ArrayList<>();
            for (int w = 0; w < 3 + random.nextInt(12); w++) {
                text.add(WORDS.get(random.nextInt(WORDS.size())));
            }
            ObjectNode node = JSON.createObjectNode().put("id", "s" + i);
            switch (i % 3) {
                case 0 -> node.put("text", String.join(" ", text) + ".").put("task", "classification");
                case 1 -> {
                    text.set(random.nextInt(text.size()), "[MASK]");
                    node.put("text", String.join(" ", text)).put("task", "fill-mask");
                }
                default -> node.put("text", String.join(" ", text)).put("text_pair", "the end was fun.").put("task", "next-sentence");
            }
            sentences.put("s" + i, node.toString());
        }
        return sentences;
    }

    Path exportBundle(Path dir) throws Exception {
        new BundleWriter(config, weights, tokenizer).labels(LABELS).write(dir);
        return dir;
    }

    private static List<String> vocabulary() {
        List<String> tokens = new ArrayList<>(Vocabulary.BERT_SPECIAL_TOKENS);
        "!\"#$%&'()*+,-./:;<=>?@[\\]^_`{|}~".chars().forEach(c -> tokens.add(Character.toString(c)));
        for (char c = 'a'; c <= 'z'; c++) {
            tokens.add(Character.toString(c));
            tokens.add("##" + c);
        }
        WORDS.stream().filter(w -> !tokens.contains(w)).forEach(tokens::add);
        return tokens;
    }

    /** Every head's weights, larger than BERT's initialisation so that answers differ clearly. */
    private static Map<String, Tensor> weights(BertConfig config) {
        Map<String, Tensor> all = new LinkedHashMap<>(new BertForPreTraining(config, 7).parameters().named());
        new BertForSequenceClassification(config, LABELS.size(), 7).parameters().named().forEach(all::putIfAbsent);
        Random random = new Random(11);
        for (Tensor t : all.values()) {
            float[] data = t.data();
            for (int i = 0; i < data.length; i++) {
                data[i] = (random.nextFloat() - 0.5f) * 0.6f;
            }
        }
        return all;
    }
}
