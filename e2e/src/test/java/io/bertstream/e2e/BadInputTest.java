package io.bertstream.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.bertstream.kafka.SharedBroker;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.UUID;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A thousand malformed records among good ones: every good one gets its prediction, every bad one
 * a dead letter whose reason says what is wrong, and both services stay ready.
 */
class BadInputTest {

    @TempDir
    Path tmp;

    @Test
    void badRecordsBecomeDeadLettersAndTheGoodOnesAreServed() throws Exception {
        Random random = new Random(17);
        Map<String, String> good = TestModel.sentences(random, 200);
        Map<String, byte[]> bad = new LinkedHashMap<>();
        Map<String, String> reasons = new HashMap<>();
        for (int i = 0; i < 1000; i++) {
            String key = "bad-" + i;
            String[] kind = BAD[i % BAD.length];
            bad.put(key, kind[0] == null ? binary(random, i) : kind[0].getBytes(StandardCharsets.UTF_8));
            reasons.put(key, kind[1]);
        }
        try (Pipeline pipeline = new Pipeline(tmp, SharedBroker.bootstrapServers())) {
            Map<String, byte[]> all = new LinkedHashMap<>();
            int g = 0;
            for (var entry : bad.entrySet()) {
                all.put(entry.getKey(), entry.getValue());
                if (entry.getKey().endsWith("0") && g < good.size()) { // a good record every tenth bad one, interleaved
                    all.put("good-" + g, good.get("s" + g).getBytes(StandardCharsets.UTF_8));
                    g++;
                }
            }
            while (g < good.size()) {
                all.put("good-" + g, good.get("s" + g).getBytes(StandardCharsets.UTF_8));
                g++;
            }
            pipeline.sendAll(all);
            pipeline.assertEverySentenceServed(good, "1000 bad records among 200 good ones");

            Map<String, String> deadLetters = readDeadLetters(SharedBroker.bootstrapServers(), pipeline.topic("dlq"), bad.size());
            assertEquals(bad.keySet(), deadLetters.keySet(), "one dead letter per bad record, none for a good one");
            for (var entry : deadLetters.entrySet()) {
                assertTrue(entry.getValue().contains(reasons.get(entry.getKey())),
                        entry.getKey() + ": reason '" + entry.getValue() + "' should say '" + reasons.get(entry.getKey()) + "'");
            }
            assertTrue(pipeline.ready("tokenizer-service") && pipeline.ready("inference-service"), "both services stay ready");
        }
    }

    /** Bad values (null: random binary) and what their dead-letter reason must say. */
    private static final String[][] BAD = {
        {"", "empty record"},
        {"   \t  ", "empty text"},
        {"x".repeat(70_000), "over the limit"},
        {null, "not valid UTF-8"},
        {"{\"text\": \"unclosed", "JSON that does not parse"},
        {"{\"text\": 42}", "\"text\" must be a string"},
        {"{\"text\": \"a\", \"id\": {\"x\": 1}}", "\"id\" must be a string or an integer"},
        {"{\"text\": \"hello\", \"task\": \"summarize\"}", "unknown task \"summarize\""},
        {"{\"text\": \"hello\", \"task\": \"next-sentence\"}", "needs a \"text_pair\""},
        {"\u0000\u0001\u0002", "no tokens left"},
    };

    /** Bytes that are not UTF-8 (a lone continuation byte first), then noise. */
    private static byte[] binary(Random random, int i) {
        byte[] value = new byte[8 + i % 50];
        random.nextBytes(value);
        value[0] = (byte) 0x80;
        return value;
    }

    private static Map<String, String> readDeadLetters(String bootstrap, String topic, int expected) {
        var config = Map.<String, Object>of(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap,
                ConsumerConfig.GROUP_ID_CONFIG, "check-" + UUID.randomUUID(), ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
        Map<String, String> reasons = new HashMap<>();
        long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
        try (var consumer = new KafkaConsumer<>(config, new ByteArrayDeserializer(), new ByteArrayDeserializer())) {
            consumer.subscribe(List.of(topic));
            while (reasons.size() < expected && System.nanoTime() < deadline) {
                for (var r : consumer.poll(Duration.ofMillis(300))) {
                    reasons.put(new String(r.key(), StandardCharsets.UTF_8),
                            new String(r.headers().lastHeader("dead-letter-reason").value(), StandardCharsets.UTF_8));
                }
            }
        }
        return reasons;
    }
}
