package io.bertstream.tokenizer;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.bertstream.kafka.LocalKafkaTestResource;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.stream.Collectors;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.junit.jupiter.api.Test;

/**
 * The {@code exactly-once} profile against the real broker: a read_committed reader sees each good
 * input's token record and each bad input's dead letter once, and the inputs' offsets are committed
 * (the channel itself never commits in this mode: only the transactions do).
 */
@QuarkusTest
@QuarkusTestResource(LocalKafkaTestResource.class)
@TestProfile(ExactlyOnceStreamTest.ExactlyOnce.class)
class ExactlyOnceStreamTest {

    public static class ExactlyOnce implements QuarkusTestProfile {
        @Override
        public String getConfigProfile() {
            return "test,exactly-once";
        }
    }

    @ConfigProperty(name = "kafka.bootstrap.servers")
    String bootstrap;

    @ConfigProperty(name = "bertstream.exactly-once")
    boolean exactlyOnce;

    @Test
    void outputsAndOffsetsCommitTogether() throws Exception {
        assertEquals(true, exactlyOnce, "the exactly-once profile is active");
        String run = UUID.randomUUID().toString().substring(0, 8);
        int good = 300;
        int bad = 7;
        try (var producer = new KafkaProducer<>(Map.<String, Object>of(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap),
                new ByteArraySerializer(), new ByteArraySerializer())) {
            for (int i = 0; i < good; i++) {
                producer.send(new ProducerRecord<>("sentences", utf8(run + "-" + (i % 5)), utf8("the movie " + i + " was great")));
            }
            for (int i = 0; i < bad; i++) {
                producer.send(new ProducerRecord<>("sentences", utf8(run + "-bad"), utf8("{\"text\": " + i + "}")));
            }
        }
        var tokens = TopicReader.readUntil(bootstrap, "tokens", run, good);
        var dead = TopicReader.readUntil(bootstrap, "dlq", run, bad);
        assertEquals(good, tokens.size());
        assertEquals(good, tokens.stream().map(r -> ByteBuffer.wrap(r.value())).distinct().count(), "each output once");
        assertEquals(bad, dead.size());
        assertEquals(bad, dead.stream().map(r -> TopicReader.header(r, "dead-letter-offset")).distinct().count(), "each dead letter once");

        try (var admin = Admin.create(Map.of("bootstrap.servers", bootstrap))) {
            Map<TopicPartition, OffsetAndMetadata> committed = admin.listConsumerGroupOffsets("bertstream-tokenizer")
                    .partitionsToOffsetAndMetadata().get();
            var partitions = admin.describeTopics(List.of("sentences")).allTopicNames().get().get("sentences").partitions().stream()
                    .map(p -> new TopicPartition("sentences", p.partition())).toList();
            var ends = admin.listOffsets(partitions.stream().collect(Collectors.toMap(p -> p, p -> OffsetSpec.latest()))).all().get();
            Map<TopicPartition, Long> expected = new HashMap<>();
            Map<TopicPartition, Long> actual = new HashMap<>();
            for (TopicPartition p : partitions) {
                expected.put(p, ends.get(p).offset());
                actual.put(p, committed.containsKey(p) ? committed.get(p).offset() : 0L);
            }
            assertEquals(expected, actual, "every input's offset is committed, by the transactions");
        }
    }

    private static byte[] utf8(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }
}
