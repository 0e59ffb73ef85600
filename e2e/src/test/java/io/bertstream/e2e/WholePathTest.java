package io.bertstream.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.bertstream.inference.TokensV2Reader;
import io.bertstream.kafka.SharedBroker;
import io.bertstream.trainer.autograd.GradMode;
import io.bertstream.trainer.autograd.Tensor;
import io.bertstream.trainer.bert.BertConfig;
import io.bertstream.trainer.bert.BertForPreTraining;
import io.bertstream.trainer.bert.BertForSequenceClassification;
import io.bertstream.trainer.bert.BertInput;
import io.bertstream.wordpiece.BertTokenizer;
import io.bertstream.wordpiece.Encoding;
import io.bertstream.wordpiece.Truncation;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.UUID;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The whole path as a user runs it: a bundle the trainer exported, a real broker, the two
 * services as separate processes (their jars). Sentences in, one prediction per sentence out,
 * matched by id, with the task the sentence asked for, its key, per-key order, and the trainer's
 * own answer for that text (classification and next-sentence probabilities within 1e-4, the
 * fill-mask top token); with the token records between the services in either layout (binary
 * bertstream.tokens.v2, the default, or v1 JSON).
 */
class WholePathTest {

    private static final double TOL = 1e-4;
    private static final int MAX_TOKENS = 64;
    private static final List<String> LABELS = TestModel.LABELS;

    @TempDir
    Path tmp;

    private final ObjectMapper json = new ObjectMapper();

    @ParameterizedTest(name = "tokens as {0}")
    @ValueSource(strings = {"binary", "json"})
    void everySentenceGetsTheTrainersPrediction(String tokensFormat) throws Exception {
        TestModel model = new TestModel(MAX_TOKENS);
        BertTokenizer tokenizer = model.tokenizer;
        BertConfig config = model.config;
        Map<String, Tensor> weights = model.weights;
        Path bundle = model.exportBundle(tmp.resolve("bundle"));

        String bootstrap = SharedBroker.bootstrapServers();
        String run = UUID.randomUUID().toString().substring(0, 8);
        Map<String, String> env = Map.of(
                "KAFKA_BOOTSTRAP_SERVERS", bootstrap,
                "BERTSTREAM_BUNDLE", bundle.toString(),
                "BERTSTREAM_TOKENIZER_MAX_TOKENS", Integer.toString(MAX_TOKENS),
                "BERTSTREAM_TOPICS_SENTENCES", "sentences-" + run,
                "BERTSTREAM_TOPICS_TOKENS", "tokens-" + run,
                "BERTSTREAM_TOPICS_PREDICTIONS", "predictions-" + run,
                "BERTSTREAM_TOPICS_DLQ", "dlq-" + run,
                "BERTSTREAM_TOKENIZER_OUTPUT_FORMAT", tokensFormat);
        Map<String, String> sent = TestModel.sentences(new Random(3), 120);
        try (var tokenizerService = ServiceProcess.start(Launcher.HOME, "tokenizer-service", ServiceProcess.freePort(), env, tmp.resolve("tokenizer.log"));
                var inferenceService = ServiceProcess.start(Launcher.HOME, "inference-service", ServiceProcess.freePort(), env, tmp.resolve("inference.log"));
                var collector = new PredictionCollector(bootstrap, "predictions-" + run, Map.of())) {
            try (var producer = new KafkaProducer<>(Map.<String, Object>of(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap),
                    new StringSerializer(), new StringSerializer())) {
                int i = 0;
                for (String value : sent.values()) {
                    producer.send(new ProducerRecord<>("sentences-" + run, "user-" + (i++ % 5), value)).get();
                }
            }
            List<JsonNode> predictions = collector.awaitIds(sent.size(), Duration.ofSeconds(120));
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
            assertTokensLayout(tokensFormat, bootstrap, "tokens-" + run, sent.size());
        }
    }

    /** What went between the services was in the layout asked for: bertstream.tokens.v2 by default, else v1 JSON. */
    private void assertTokensLayout(String format, String bootstrap, String topic, int count) throws Exception {
        var config = Map.<String, Object>of(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap,
                ConsumerConfig.GROUP_ID_CONFIG, "check-" + UUID.randomUUID(), ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
        int seen = 0;
        try (var consumer = new KafkaConsumer<>(config, new ByteArrayDeserializer(), new ByteArrayDeserializer())) {
            consumer.subscribe(List.of(topic));
            long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
            while (seen < count && System.nanoTime() < deadline) {
                for (var r : consumer.poll(Duration.ofMillis(200))) {
                    if (format.equals("binary")) {
                        assertTrue(TokensV2Reader.isBinary(r.value()), "a " + TokensV2Reader.SCHEMA + " record");
                        TokensV2Reader.read(r.value(), null);
                    } else {
                        assertEquals("bertstream.tokens.v1", json.readTree(r.value()).get("schema").asText());
                    }
                    seen++;
                }
            }
        }
        assertEquals(count, seen, "token records on " + topic);
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
}
