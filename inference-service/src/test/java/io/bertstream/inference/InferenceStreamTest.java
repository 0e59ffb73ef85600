package io.bertstream.inference;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.bertstream.kafka.LocalKafkaTestResource;
import io.bertstream.trainer.autograd.GradMode;
import io.bertstream.trainer.bert.BertForPreTraining;
import io.bertstream.trainer.bert.BertForSequenceClassification;
import io.bertstream.trainer.bert.BertInput;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.UUID;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.junit.jupiter.api.Test;

/**
 * The service against the project's real broker and a bundle the trainer exported: every good
 * tokens record gets one prediction, equal to the trainer's own forward pass on that record
 * (classification and next-sentence probabilities within 1e-4, the fill-mask answer the trainer's
 * top token); one key's predictions keep their order; bad records become dead letters with their
 * reason, and their batch-mates are served.
 */
@QuarkusTest
@QuarkusTestResource(LocalKafkaTestResource.class)
@QuarkusTestResource(TestBundle.class)
class InferenceStreamTest {

    private static final int CLS = 2, SEP = 3, MASK = 4;
    private static final double TOL = 1e-4;

    @ConfigProperty(name = "kafka.bootstrap.servers")
    String bootstrap;

    private final ObjectMapper json = new ObjectMapper();

    @Test
    void predictionsMatchTheTrainerAndBadRecordsAreDeadLetters() throws Exception {
        String run = UUID.randomUUID().toString().substring(0, 8);
        Random random = new Random(5);
        String[] tasks = {"classification", "fill-mask", "next-sentence", "embedding"};
        Map<String, ObjectNode> good = new LinkedHashMap<>();
        Map<String, String> bad = new LinkedHashMap<>(); // id -> expected reason
        try (var producer = new KafkaProducer<>(Map.<String, Object>of(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap),
                new ByteArraySerializer(), new ByteArraySerializer())) {
            for (int i = 0; i < 48; i++) {
                String id = run + "-" + i;
                ObjectNode record = tokens(id, tasks[i % tasks.length], random);
                good.put(id, record);
                send(producer, run + "-key-" + (i % 3), json.writeValueAsBytes(record));
                if (i % 12 == 5) {
                    String badId = run + "-bad-" + i;
                    bad.put(badId, addBad(producer, run, badId, i / 12));
                }
            }
            send(producer, run + "-raw", "not json".getBytes(StandardCharsets.UTF_8));
            send(producer, run + "-binary", Arrays.copyOf(TokensV2ReaderTest.EXAMPLE, 30));
        }

        List<ConsumerRecord<byte[], byte[]>> predictions = read("predictions", run, good.size());
        List<ConsumerRecord<byte[], byte[]>> dead = read("dlq", run, bad.size() + 2);

        Map<String, JsonNode> byId = new HashMap<>();
        Map<String, List<Integer>> orderByKey = new HashMap<>();
        for (var record : predictions) {
            JsonNode p = json.readTree(record.value());
            assertEquals("bertstream.predictions.v1", p.get("schema").asText());
            assertNull(byId.put(p.get("id").asText(), p), "one prediction per record: " + p.get("id"));
            String key = new String(record.key(), StandardCharsets.UTF_8);
            assertEquals(key, p.get("key").asText());
            orderByKey.computeIfAbsent(key, k -> new ArrayList<>()).add(Integer.parseInt(p.get("id").asText().substring(run.length() + 1)));
        }
        assertEquals(good.keySet(), byId.keySet());
        orderByKey.values().forEach(order -> assertEquals(order.stream().sorted().toList(), order, "per-key order"));

        BertForPreTraining pretraining = TestBundle.pretrainingModel();
        BertForSequenceClassification classifier = TestBundle.classifierModel();
        try (GradMode.Scope off = GradMode.disabled()) {
            for (var entry : good.entrySet()) {
                checkAgainstTrainer(entry.getValue(), byId.get(entry.getKey()), pretraining, classifier);
            }
        }

        Map<String, String> reasons = new HashMap<>();
        for (var record : dead) {
            String reason = new String(record.headers().lastHeader("dead-letter-reason").value(), StandardCharsets.UTF_8);
            assertEquals("tokens", new String(record.headers().lastHeader("dead-letter-topic").value(), StandardCharsets.UTF_8));
            byte first = record.value()[0];
            reasons.put(first == '{' ? json.readTree(record.value()).path("id").asText() : first == 'n' ? "raw" : "binary", reason);
        }
        assertTrue(reasons.get("raw").contains("not JSON"), reasons.get("raw"));
        assertTrue(reasons.get("binary").startsWith("bertstream.tokens.v2: cut short"), reasons.get("binary"));
        for (var entry : bad.entrySet()) {
            String reason = reasons.get(entry.getKey());
            assertNotNull(reason, "a dead letter for " + entry.getKey());
            assertTrue(reason.contains(entry.getValue()), "reason '" + reason + "' should say '" + entry.getValue() + "'");
        }
    }

    private void checkAgainstTrainer(ObjectNode record, JsonNode prediction, BertForPreTraining pretraining,
            BertForSequenceClassification classifier) {
        int[] ids = json.convertValue(record.get("ids"), int[].class);
        int[] types = json.convertValue(record.get("type_ids"), int[].class);
        int[] ones = new int[ids.length];
        Arrays.fill(ones, 1);
        BertInput in = new BertInput(1, ids.length, ids, types, ones);
        String task = record.get("task").asText();
        assertEquals(task, prediction.get("task").asText());
        JsonNode result = prediction.get("result");
        switch (task) {
            case "classification" -> {
                double[] p = softmax(classifier.logits(in, null).toArray());
                for (int c = 0; c < p.length; c++) {
                    double got = result.at("/probabilities/" + TestBundle.LABELS.get(c)).asDouble();
                    assertEquals(p[c], got, TOL, "classification probability of " + TestBundle.LABELS.get(c));
                }
                assertEquals(TestBundle.LABELS.get(p[0] >= p[1] ? 0 : 1), result.get("label").asText());
            }
            case "next-sentence" -> assertEquals(softmax(pretraining.nextSentenceLogits(in).toArray())[0],
                    result.get("is_next_probability").asDouble(), TOL);
            case "fill-mask" -> {
                int position = indexOf(ids, MASK);
                JsonNode mask = result.at("/masks/0");
                assertEquals(position, mask.get("position").asInt());
                double[] p = softmax(pretraining.maskedLmLogits(in, new int[] {position}).toArray());
                int best = 0;
                for (int v = 1; v < p.length; v++) {
                    if (p[v] > p[best]) {
                        best = v;
                    }
                }
                assertEquals(best, mask.at("/top_k/0/id").asInt(), "top fill-mask token");
                assertEquals(TestBundle.TOKENS.get(best), mask.at("/top_k/0/token").asText());
                assertEquals(p[best], mask.at("/top_k/0/probability").asDouble(), TOL);
            }
            case "embedding" -> assertEquals(TestBundle.CONFIG.hiddenSize(), result.get("embedding").size());
            default -> throw new AssertionError(task);
        }
    }

    /** A tokens record of 3 to 20 tokens: [CLS] words [SEP] (and a second segment for pairs). */
    private ObjectNode tokens(String id, String task, Random random) {
        int words = 1 + random.nextInt(17);
        List<Integer> ids = new ArrayList<>(List.of(CLS));
        List<Integer> types = new ArrayList<>(List.of(0));
        for (int w = 0; w < words; w++) {
            ids.add(5 + random.nextInt(TestBundle.TOKENS.size() - 5));
            types.add(0);
        }
        ids.add(SEP);
        types.add(0);
        if (task.equals("next-sentence")) {
            for (int w = 0; w < 3; w++) {
                ids.add(5 + random.nextInt(TestBundle.TOKENS.size() - 5));
                types.add(1);
            }
            ids.add(SEP);
            types.add(1);
        }
        if (task.equals("fill-mask")) {
            ids.set(1 + random.nextInt(words), MASK);
        }
        ObjectNode record = json.createObjectNode();
        record.put("schema", "bertstream.tokens.v1").put("id", id).put("task", task);
        record.set("ids", json.valueToTree(ids));
        record.set("type_ids", json.valueToTree(types));
        record.put("truncated", false);
        return record;
    }

    private String addBad(KafkaProducer<byte[], byte[]> producer, String run, String id, int kind) throws Exception {
        ObjectNode record = json.createObjectNode().put("schema", "bertstream.tokens.v1").put("id", id).put("task", "classification");
        String reason;
        switch (kind) {
            case 0 -> {
                record.set("ids", json.valueToTree(List.of(CLS, 999, SEP)));
                record.set("type_ids", json.valueToTree(List.of(0, 0, 0)));
                reason = "token id 999 at position 1 is outside the vocabulary of " + TestBundle.TOKENS.size();
            }
            case 1 -> {
                int[] ids = new int[60];
                Arrays.fill(ids, 6);
                record.set("ids", json.valueToTree(ids));
                record.set("type_ids", json.valueToTree(new int[60]));
                reason = "60 tokens is over the model's limit of 48";
            }
            case 2 -> {
                record.put("task", "fill-mask");
                record.set("ids", json.valueToTree(List.of(CLS, 6, SEP)));
                record.set("type_ids", json.valueToTree(List.of(0, 0, 0)));
                reason = "without a [MASK]";
            }
            default -> {
                record.put("schema", "bertstream.tokens.v0");
                reason = "unknown schema \"bertstream.tokens.v0\"";
            }
        }
        send(producer, run + "-bad", json.writeValueAsBytes(record));
        return reason;
    }

    private static void send(KafkaProducer<byte[], byte[]> producer, String key, byte[] value) throws Exception {
        producer.send(new ProducerRecord<>("tokens", key.getBytes(StandardCharsets.UTF_8), value)).get();
    }

    private List<ConsumerRecord<byte[], byte[]>> read(String topic, String run, int expected) {
        var config = Map.<String, Object>of(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap,
                ConsumerConfig.GROUP_ID_CONFIG, "check-" + UUID.randomUUID(), ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
        List<ConsumerRecord<byte[], byte[]>> records = new ArrayList<>();
        long deadline = System.nanoTime() + Duration.ofSeconds(90).toNanos();
        long quietUntil = Long.MAX_VALUE;
        try (var consumer = new KafkaConsumer<>(config, new ByteArrayDeserializer(), new ByteArrayDeserializer())) {
            consumer.subscribe(List.of(topic));
            while (System.nanoTime() < Math.min(deadline, quietUntil)) {
                for (var r : consumer.poll(Duration.ofMillis(300))) {
                    if (r.key() != null && new String(r.key(), StandardCharsets.UTF_8).startsWith(run)) {
                        records.add(r);
                    }
                }
                if (records.size() >= expected && quietUntil == Long.MAX_VALUE) {
                    quietUntil = System.nanoTime() + Duration.ofSeconds(2).toNanos(); // duplicates would show
                }
            }
        }
        return records;
    }

    private static double[] softmax(float[] logits) {
        double max = Double.NEGATIVE_INFINITY;
        for (float l : logits) {
            max = Math.max(max, l);
        }
        double sum = 0;
        double[] p = new double[logits.length];
        for (int i = 0; i < p.length; i++) {
            p[i] = Math.exp(logits[i] - max);
            sum += p[i];
        }
        for (int i = 0; i < p.length; i++) {
            p[i] /= sum;
        }
        return p;
    }

    private static int indexOf(int[] ids, int id) {
        for (int i = 0; i < ids.length; i++) {
            if (ids[i] == id) {
                return i;
            }
        }
        throw new AssertionError("no " + id);
    }
}
