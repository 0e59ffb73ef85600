package io.bertstream.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.bertstream.inference.TokensV2Reader;
import io.bertstream.kafka.SharedBroker;
import java.nio.file.Path;
import java.time.Duration;
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
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The tokenizer-service with exactly-once on ({@code QUARKUS_PROFILE=exactly-once}) is killed with
 * {@code kill -9} while it works through a backlog, then started again with the same transactional
 * id: a read_committed reader of {@code tokens} sees each sentence's token record exactly once. A
 * read_uncommitted reader is counted next to it: its extra records are what the killed instance had
 * written in a transaction that never committed (at-least-once would have shown them).
 */
class TokenizerExactlyOnceTest {

    @TempDir
    Path tmp;

    @Test
    void aReadCommittedReaderSeesEachTokenRecordOnceThroughAKill() throws Exception {
        int records = Integer.getInteger("bertstream.e2e.records", 3000);
        String bootstrap = SharedBroker.bootstrapServers();
        String run = UUID.randomUUID().toString().substring(0, 8);
        Map<String, String> sentences = TestModel.sentences(new Random(17), records);
        try (var producer = new KafkaProducer<>(Map.<String, Object>of(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap),
                new StringSerializer(), new StringSerializer())) {
            int i = 0;
            for (String value : sentences.values()) {
                producer.send(new ProducerRecord<>("sentences-" + run, "user-" + (i++ % 7), value));
            }
        }
        Path bundle = new TestModel(64).exportBundle(tmp.resolve("bundle"));
        Map<String, String> env = Map.of(
                "QUARKUS_PROFILE", "exactly-once",
                "BERTSTREAM_TRANSACTIONAL_ID", "e2e-tokenizer-" + run,
                "KAFKA_BOOTSTRAP_SERVERS", bootstrap,
                "BERTSTREAM_BUNDLE", bundle.toString(),
                "BERTSTREAM_TOKENIZER_MAX_TOKENS", "64",
                "BERTSTREAM_TOPICS_SENTENCES", "sentences-" + run,
                "BERTSTREAM_TOPICS_TOKENS", "tokens-" + run,
                "BERTSTREAM_TOPICS_DLQ", "dlq-" + run);
        try (var uncommitted = reader(bootstrap, "tokens-" + run, "read_uncommitted");
                var committed = reader(bootstrap, "tokens-" + run, "read_committed")) {
            var first = ServiceProcess.start(Launcher.HOME, "tokenizer-service", ServiceProcess.freePort(), env, tmp.resolve("tokenizer-1.log"));
            int seenBeforeKill = 0;
            while (seenBeforeKill < records / 3) {
                seenBeforeKill += uncommitted.poll(Duration.ofMillis(20)).count();
            }
            first.kill();
            try (var second = ServiceProcess.start(Launcher.HOME, "tokenizer-service", ServiceProcess.freePort(), env,
                    tmp.resolve("tokenizer-2.log"))) {
                Map<String, Integer> perId = readIds(committed, records);
                int written = seenBeforeKill + readIds(uncommitted, 0).values().stream().mapToInt(Integer::intValue).sum();
                System.out.printf("exactly-once through kill -9 after %d token records: %d sentences, %d read_committed records for %d ids, "
                        + "%d records written in all (read_uncommitted)%n", seenBeforeKill, records,
                        perId.values().stream().mapToInt(Integer::intValue).sum(), perId.size(), written);
                assertEquals(sentences.keySet(), perId.keySet(), "every sentence has its token record; logs in " + tmp);
                perId.forEach((id, n) -> assertEquals(1, n, "token records for " + id + " (read_committed)"));
            }
        }
    }

    private static KafkaConsumer<byte[], byte[]> reader(String bootstrap, String topic, String isolation) {
        var consumer = new KafkaConsumer<>(Map.<String, Object>of(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap,
                ConsumerConfig.GROUP_ID_CONFIG, "check-" + UUID.randomUUID(), ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest",
                ConsumerConfig.ISOLATION_LEVEL_CONFIG, isolation), new ByteArrayDeserializer(), new ByteArrayDeserializer());
        consumer.subscribe(List.of(topic));
        return consumer;
    }

    /** Token records per id until {@code expected} ids are in (or 2 minutes pass), then 3 quiet seconds more, so duplicates show. */
    private static Map<String, Integer> readIds(KafkaConsumer<byte[], byte[]> consumer, int expected) {
        Map<String, Integer> perId = new HashMap<>();
        long deadline = System.nanoTime() + Duration.ofMinutes(2).toNanos();
        long quietUntil = Long.MAX_VALUE;
        while (System.nanoTime() < Math.min(deadline, quietUntil)) {
            for (var r : consumer.poll(Duration.ofMillis(300))) {
                perId.merge(TokensV2Reader.read(r.value(), null).id(), 1, Integer::sum);
            }
            if (perId.size() >= expected && quietUntil == Long.MAX_VALUE) {
                quietUntil = System.nanoTime() + Duration.ofSeconds(3).toNanos();
            }
        }
        return perId;
    }
}
