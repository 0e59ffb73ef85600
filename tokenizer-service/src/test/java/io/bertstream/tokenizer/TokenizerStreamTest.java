package io.bertstream.tokenizer;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.bertstream.kafka.LocalKafkaTestResource;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.junit.jupiter.api.Test;

/**
 * The service against the project's real broker: good sentences become bertstream.tokens.v2 token
 * records (each input once, key kept, per-key order kept, the bytes of the in-process encoding of
 * that input: TokenizeServiceTest checks what it holds); bad records become dead
 * letters with their reason and source coordinates; the stream goes on past them.
 */
@QuarkusTest
@QuarkusTestResource(LocalKafkaTestResource.class)
class TokenizerStreamTest {

    @ConfigProperty(name = "kafka.bootstrap.servers")
    String bootstrap;

    @Inject
    TokenizeService service;

    record Sent(String key, byte[] value, RecordMetadata where) {
        String coordinates() {
            return where.topic() + "/" + where.partition() + "/" + where.offset();
        }
    }

    @Test
    void goodRecordsBecomeTokensAndBadOnesDeadLetters() throws Exception {
        String run = UUID.randomUUID().toString().substring(0, 8);
        List<Sent> good = new ArrayList<>();
        Map<Sent, String> bad = new LinkedHashMap<>();
        try (var producer = new KafkaProducer<>(Map.<String, Object>of(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap),
                new ByteArraySerializer(), new ByteArraySerializer())) {
            for (int i = 0; i < 40; i++) {
                String key = run + "-user-" + (i % 3);
                String value = switch (i % 4) {
                    case 0 -> "The movie was great, I loved it " + i + " times!";
                    case 1 -> "{\"id\": \"" + run + "-" + i + "\", \"text\": \"Paris is the [MASK] of France.\"}";
                    case 2 -> "{\"id\": " + i + ", \"text\": \"I watched it.\", \"text_pair\": \"The end was bad.\"}";
                    default -> "the story " + "was really very good and ".repeat(8) + i;
                };
                good.add(send(producer, key, value.getBytes(StandardCharsets.UTF_8)));
                if (i % 8 == 3) {
                    String[][] badOnes = {
                        {"", "empty record"},
                        {"{\"text\": \"unclosed\"", "JSON that does not parse"},
                        {"{\"text\": 7}", "\"text\" must be a string"},
                        {"{\"text\": \"hi\", \"task\": \"translate\"}", "unknown task"},
                        {"x".repeat(5000), "over the limit of 4096 bytes"},
                    };
                    String[] b = badOnes[(i / 8) % badOnes.length];
                    bad.put(send(producer, key, b[0].getBytes(StandardCharsets.UTF_8)), b[1]);
                }
            }
            bad.put(send(producer, run + "-bin", new byte[] {(byte) 0xc3, (byte) 0x28, 0, 1}), "not valid UTF-8");
            bad.put(send(producer, run + "-nul", new byte[] {0, 0, 0}), "no tokens left after cleaning");
        }

        List<ConsumerRecord<byte[], byte[]>> tokens = TopicReader.readUntil(bootstrap, "tokens", run, good.size());
        List<ConsumerRecord<byte[], byte[]>> dead = TopicReader.readUntil(bootstrap, "dlq", run, bad.size());

        // Each token record must be, byte for byte, the v2 encoding of what the service gives that sentence in-process.
        Map<ByteBuffer, Sent> expected = new HashMap<>();
        List<TokenRecord> records = new ArrayList<>();
        for (Sent sent : good) {
            var source = new TokenRecord.Source(sent.where().topic(), sent.where().partition(), sent.where().offset());
            TokenRecord record = service.tokenize(sent.value(), sent.key(), source, sent.where().timestamp());
            records.add(record);
            expected.put(ByteBuffer.wrap(TokensV2Writer.write(record)), sent);
        }
        Map<String, List<Long>> offsetsByKey = new HashMap<>();
        for (var record : tokens) {
            Sent sent = expected.remove(ByteBuffer.wrap(record.value()));
            assertNotNull(sent, "each token record is one sentence's bertstream.tokens.v2 record, once");
            assertEquals(sent.key(), new String(record.key(), StandardCharsets.UTF_8), "record key kept");
            offsetsByKey.computeIfAbsent(sent.key(), k -> new ArrayList<>()).add(sent.where().offset());
        }
        assertEquals(good.size(), tokens.size());
        assertTrue(records.stream().anyMatch(TokenRecord::truncated), "the long sentences were truncated");
        assertTrue(records.stream().anyMatch(r -> r.id().equals(run + "-1")), "a producer's id is kept");
        assertEquals(List.of("classification", "fill-mask", "next-sentence"), records.stream().map(TokenRecord::task).distinct().sorted().toList());
        offsetsByKey.values().forEach(offsets -> assertEquals(offsets.stream().sorted().toList(), offsets, "per-key order"));

        assertEquals(bad.size(), dead.size());
        for (var record : dead) {
            String where = TopicReader.header(record, "dead-letter-topic") + "/" + TopicReader.header(record, "dead-letter-partition") + "/" + TopicReader.header(record, "dead-letter-offset");
            Sent sent = bad.keySet().stream().filter(s -> s.coordinates().equals(where)).findFirst()
                    .orElseThrow(() -> new AssertionError("a dead letter for an unknown record " + where));
            String reason = TopicReader.header(record, "dead-letter-reason");
            assertTrue(reason.contains(bad.get(sent)), "reason '" + reason + "' should say '" + bad.get(sent) + "'");
            assertArrayEquals(sent.value(), record.value(), "the dead letter keeps the original value");
        }
    }

    private Sent send(KafkaProducer<byte[], byte[]> producer, String key, byte[] value) throws Exception {
        var where = producer.send(new ProducerRecord<>("sentences", key.getBytes(StandardCharsets.UTF_8), value)).get();
        return new Sent(key, value, where);
    }
}
