package io.bertstream.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.bertstream.kafka.SharedBroker;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.TreeSet;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * While sentences stream through, {@code kill -9} the inference-service, then the
 * tokenizer-service, and start them again: every sentence still gets its prediction (at least
 * once; the duplicates are counted and printed). {@code -Dbertstream.e2e.records=10000} for the
 * long run; the default keeps CI short.
 */
class KillAndRestartTest {

    @TempDir
    Path tmp;

    @Test
    void everySentenceIsServedThroughKillsAndRestarts() throws Exception {
        int records = Integer.getInteger("bertstream.e2e.records", 1500);
        Path bundle = new TestModel(64).exportBundle(tmp.resolve("bundle"));
        String bootstrap = SharedBroker.bootstrapServers();
        String run = UUID.randomUUID().toString().substring(0, 8);
        Map<String, String> env = Map.of(
                "KAFKA_BOOTSTRAP_SERVERS", bootstrap,
                "BERTSTREAM_BUNDLE", bundle.toString(),
                "BERTSTREAM_TOKENIZER_MAX_TOKENS", "64",
                "BERTSTREAM_TOPICS_SENTENCES", "sentences-" + run,
                "BERTSTREAM_TOPICS_TOKENS", "tokens-" + run,
                "BERTSTREAM_TOPICS_PREDICTIONS", "predictions-" + run,
                "BERTSTREAM_TOPICS_DLQ", "dlq-" + run);
        Map<String, String> sentences = TestModel.sentences(new Random(9), records);
        AtomicInteger produced = new AtomicInteger();
        List<String> kills = new ArrayList<>();

        ServiceProcess tokenizer = start("tokenizer-service", env, 1);
        ServiceProcess inference = start("inference-service", env, 1);
        try (var collector = new PredictionCollector(bootstrap, "predictions-" + run)) {
            Thread producer = Thread.ofPlatform().name("sentence-producer").start(() -> produce(bootstrap, "sentences-" + run, sentences, produced));

            awaitProduced(produced, records * 3 / 10);
            inference.kill();
            kills.add("inference-service at " + produced.get() + " sentences produced, " + collector.distinctIds() + " served");
            inference = start("inference-service", env, 2);

            awaitProduced(produced, records * 6 / 10);
            tokenizer.kill();
            kills.add("tokenizer-service at " + produced.get() + " sentences produced, " + collector.distinctIds() + " served");
            tokenizer = start("tokenizer-service", env, 2);

            producer.join();
            List<JsonNode> predictions = collector.awaitIds(records, Duration.ofMinutes(5));
            Map<String, Integer> perId = new HashMap<>();
            predictions.forEach(p -> perId.merge(p.get("id").asText(), 1, Integer::sum));
            Set<String> missing = new TreeSet<>(sentences.keySet());
            missing.removeAll(perId.keySet());
            long duplicates = predictions.size() - perId.size();
            System.out.printf("kill and restart: %d sentences, %d predictions, %d duplicates (at-least-once), %d missing; killed %s%n",
                    records, predictions.size(), duplicates, missing.size(), kills);
            assertTrue(missing.isEmpty(), missing.size() + " sentences got no prediction, e.g. " + missing.stream().limit(5).toList());
            assertEquals(sentences.keySet(), perId.keySet());
        } finally {
            inference.close();
            tokenizer.close();
        }
    }

    private ServiceProcess start(String service, Map<String, String> env, int generation) throws Exception {
        return ServiceProcess.start(Launcher.HOME, service, ServiceProcess.freePort(), env, tmp.resolve(service + "-" + generation + ".log"));
    }

    /** Sends the sentences at a steady pace (50/s), so that both kills land mid-stream. */
    private static void produce(String bootstrap, String topic, Map<String, String> sentences, AtomicInteger produced) {
        var config = Map.<String, Object>of(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap, ProducerConfig.LINGER_MS_CONFIG, 5);
        try (var producer = new KafkaProducer<>(config, new StringSerializer(), new StringSerializer())) {
            int i = 0;
            for (String value : sentences.values()) {
                producer.send(new ProducerRecord<>(topic, "user-" + (i++ % 7), value));
                produced.incrementAndGet();
                if (i % 20 == 0) {
                    producer.flush();
                    Thread.sleep(400);
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private static void awaitProduced(AtomicInteger produced, int count) throws InterruptedException {
        while (produced.get() < count) {
            Thread.sleep(20);
        }
    }
}
