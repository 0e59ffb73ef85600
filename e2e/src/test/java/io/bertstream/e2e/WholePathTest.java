package io.bertstream.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.bertstream.kafka.SharedBroker;
import io.bertstream.trainer.autograd.GradMode;
import io.bertstream.trainer.autograd.Tensor;
import io.bertstream.trainer.bert.BertConfig;
import io.bertstream.trainer.bert.BertForPreTraining;
import io.bertstream.trainer.bert.BertForSequenceClassification;
import io.bertstream.trainer.bert.BertInput;
import io.bertstream.trainer.onnx.BundleWriter;
import io.bertstream.wordpiece.BertNormalizer;
import io.bertstream.wordpiece.BertTokenizer;
import io.bertstream.wordpiece.Encoding;
import io.bertstream.wordpiece.Truncation;
import io.bertstream.wordpiece.Vocabulary;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.UUID;
import java.util.stream.Stream;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The whole path as a user runs it: a bundle the trainer exported, a real broker, the two
 * services as separate processes (their jars). Sentences in, one prediction per sentence out,
 * matched by id, with the task the sentence asked for, its key, per-key order, and the trainer's
 * own answer for that text (classification and next-sentence probabilities within 1e-4, the
 * fill-mask top token).
 */
class WholePathTest {

    private static final double TOL = 1e-4;
    private static final int MAX_TOKENS = 64;
    private static final List<String> LABELS = List.of("negative", "positive");

    @TempDir
    Path tmp;

    private final ObjectMapper json = new ObjectMapper();

    @Test
    void everySentenceGetsTheTrainersPrediction() throws Exception {
        BertTokenizer tokenizer = BertTokenizer.fromVocabulary(Vocabulary.of(vocabulary()), BertNormalizer.UNCASED);
        BertConfig config = new BertConfig(tokenizer.vocabulary().size(), 32, 2, 2, 64, MAX_TOKENS, 2, 0.1f, 0.1f, 1e-12f, 0.02f);
        Map<String, Tensor> weights = weights(config);
        Path bundle = tmp.resolve("bundle");
        new BundleWriter(config, weights, tokenizer).labels(LABELS).write(bundle);

        String bootstrap = SharedBroker.bootstrapServers();
        String run = UUID.randomUUID().toString().substring(0, 8);
        Map<String, String> env = Map.of(
                "KAFKA_BOOTSTRAP_SERVERS", bootstrap,
                "BERTSTREAM_BUNDLE", bundle.toString(),
                "BERTSTREAM_TOKENIZER_MAX_TOKENS", Integer.toString(MAX_TOKENS),
                "BERTSTREAM_TOPICS_SENTENCES", "sentences-" + run,
                "BERTSTREAM_TOPICS_TOKENS", "tokens-" + run,
                "BERTSTREAM_TOPICS_PREDICTIONS", "predictions-" + run,
                "BERTSTREAM_TOPICS_DLQ", "dlq-" + run);
        Map<String, String> sent = sentences(new Random(3), 120);
        try (var tokenizerService = ServiceProcess.start(Launcher.HOME, "tokenizer-service", freePort(), env, tmp.resolve("tokenizer.log"));
                var inferenceService = ServiceProcess.start(Launcher.HOME, "inference-service", freePort(), env, tmp.resolve("inference.log"))) {
            try (var producer = new KafkaProducer<>(Map.<String, Object>of(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap),
                    new StringSerializer(), new StringSerializer())) {
                int i = 0;
                for (String value : sent.values()) {
                    producer.send(new ProducerRecord<>("sentences-" + run, "user-" + (i++ % 5), value)).get();
                }
            }
            List<JsonNode> predictions = read(bootstrap, "predictions-" + run, sent.size());
            assertEquals(sent.size(), predictions.size(), "one prediction per sentence; logs in " + tmp);

            BertTokenizer truncating = tokenizer.withTruncation(Truncation.longestFirst(MAX_TOKENS));
            BertForPreTraining pretraining = new BertForPreTraining(config, 1);
            pretraining.parameters().copyFrom(weights);
            BertForSequenceClassification classifier = new BertForSequenceClassification(config, LABELS.size(), 1);
            classifier.parameters().copyFrom(weights);
            Map<String, JsonNode> byId = new HashMap<>();
            Map<String, List<Integer>> orderByKey = new HashMap<>();
            try (GradMode.Scope off = GradMode.disabled()) {
                for (JsonNode p : predictions) {
                    String id = p.get("id").asText();
                    assertNull(byId.put(id, p), "one prediction for " + id);
                    orderByKey.computeIfAbsent(p.get("key").asText(), k -> new ArrayList<>()).add(Integer.parseInt(id.substring(1)));
                    JsonNode request = json.readTree(sent.get(id));
                    Encoding e = request.has("text_pair")
                            ? truncating.encode(request.get("text").asText(), request.get("text_pair").asText())
                            : truncating.encode(request.get("text").asText());
                    checkAgainstTrainer(request.get("task").asText(), e, p, pretraining, classifier, tokenizer);
                }
            }
            assertEquals(sent.keySet(), byId.keySet());
            orderByKey.values().forEach(order -> assertEquals(order.stream().sorted().toList(), order, "per-key order"));
        }
    }

    private void checkAgainstTrainer(String task, Encoding e, JsonNode prediction, BertForPreTraining pretraining,
            BertForSequenceClassification classifier, BertTokenizer tokenizer) {
        assertEquals(task, prediction.get("task").asText());
        BertInput in = new BertInput(1, e.length(), e.ids(), e.typeIds(), e.attentionMask());
        JsonNode result = prediction.get("result");
        switch (task) {
            case "classification" -> {
                double[] p = softmax(classifier.logits(in, null).toArray());
                for (int c = 0; c < LABELS.size(); c++) {
                    assertEquals(p[c], result.at("/probabilities/" + LABELS.get(c)).asDouble(), TOL, "P(" + LABELS.get(c) + ")");
                }
            }
            case "next-sentence" -> assertEquals(softmax(pretraining.nextSentenceLogits(in).toArray())[0],
                    result.get("is_next_probability").asDouble(), TOL);
            case "fill-mask" -> {
                int position = List.of(tokens(e)).indexOf("[MASK]");
                double[] p = softmax(pretraining.maskedLmLogits(in, new int[] {position}).toArray());
                int best = 0;
                for (int v = 1; v < p.length; v++) {
                    best = p[v] > p[best] ? v : best;
                }
                assertEquals(position, result.at("/masks/0/position").asInt());
                assertEquals(tokenizer.token(best), result.at("/masks/0/top_k/0/token").asText());
            }
            default -> throw new AssertionError(task);
        }
    }

    private static String[] tokens(Encoding e) {
        return e.tokens().toArray(String[]::new);
    }

    /** JSON sentences by id: reviews to classify, sentences with [MASK], pairs. */
    private Map<String, String> sentences(Random random, int count) throws Exception {
        String[] words = {"the", "movie", "was", "great", "bad", "i", "loved", "hated", "it", "story", "actors", "boring", "fun", "ending"};
        Map<String, String> sentences = new LinkedHashMap<>();
        for (int i = 0; i < count; i++) {
            List<String> text = new ArrayList<>();
            for (int w = 0; w < 3 + random.nextInt(12); w++) {
                text.add(words[random.nextInt(words.length)]);
            }
            var node = json.createObjectNode().put("id", "s" + i);
            switch (i % 3) {
                case 0 -> node.put("text", String.join(" ", text) + ".").put("task", "classification");
                case 1 -> {
                    text.set(random.nextInt(text.size()), "[MASK]");
                    node.put("text", String.join(" ", text)).put("task", "fill-mask");
                }
                default -> node.put("text", String.join(" ", text)).put("text_pair", "the end was fun.").put("task", "next-sentence");
            }
            sentences.put("s" + i, json.writeValueAsString(node));
        }
        return sentences;
    }

    private List<JsonNode> read(String bootstrap, String topic, int expected) throws Exception {
        var config = Map.<String, Object>of(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap,
                ConsumerConfig.GROUP_ID_CONFIG, "check-" + UUID.randomUUID(), ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
        List<JsonNode> values = new ArrayList<>();
        long deadline = System.nanoTime() + Duration.ofSeconds(120).toNanos();
        long quietUntil = Long.MAX_VALUE;
        try (var consumer = new KafkaConsumer<>(config, new ByteArrayDeserializer(), new ByteArrayDeserializer())) {
            consumer.subscribe(List.of(topic));
            while (System.nanoTime() < Math.min(deadline, quietUntil)) {
                for (var r : consumer.poll(Duration.ofMillis(300))) {
                    values.add(json.readTree(r.value()));
                }
                if (values.size() >= expected && quietUntil == Long.MAX_VALUE) {
                    quietUntil = System.nanoTime() + Duration.ofSeconds(2).toNanos(); // duplicates would show
                }
            }
        }
        return values;
    }

    private static List<String> vocabulary() {
        List<String> tokens = new ArrayList<>(Vocabulary.BERT_SPECIAL_TOKENS);
        "!\"#$%&'()*+,-./:;<=>?@[\\]^_`{|}~".chars().forEach(c -> tokens.add(Character.toString(c)));
        for (char c = 'a'; c <= 'z'; c++) {
            tokens.add(Character.toString(c));
            tokens.add("##" + c);
        }
        Stream.of("the", "movie", "was", "great", "bad", "i", "loved", "hated", "it", "story", "actors", "boring", "fun", "ending", "end")
                .filter(w -> !tokens.contains(w)).forEach(tokens::add);
        return tokens;
    }

    /** Every head's weights from a fixed seed, larger than BERT's initialisation so answers differ clearly. */
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

    private static double[] softmax(float[] logits) {
        double max = Double.NEGATIVE_INFINITY;
        for (float l : logits) {
            max = Math.max(max, l);
        }
        double[] p = new double[logits.length];
        double sum = 0;
        for (int i = 0; i < p.length; i++) {
            p[i] = Math.exp(logits[i] - max);
            sum += p[i];
        }
        for (int i = 0; i < p.length; i++) {
            p[i] /= sum;
        }
        return p;
    }

    private static int freePort() throws Exception {
        try (ServerSocket s = new ServerSocket(0)) {
            return s.getLocalPort();
        }
    }
}
