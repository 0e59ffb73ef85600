package io.bertstream.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.bertstream.kafka.LocalKafka;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;

/**
 * Both services as processes on a test bundle and topics of their own, a paced producer, and a
 * collector of the predictions: the fixture of the failure tests.
 */
final class Pipeline implements AutoCloseable {

    private final Path logs;
    private final String bootstrap;
    private final String run = UUID.randomUUID().toString().substring(0, 8);
    private final Map<String, String> env;
    private final Map<String, Object> client;
    private final Map<String, ServiceProcess> services = new HashMap<>();
    private final Map<String, Integer> generations = new HashMap<>();
    private final PredictionCollector collector;
    final AtomicInteger produced = new AtomicInteger();

    Pipeline(Path tmp, String bootstrap) throws Exception {
        this(tmp, bootstrap, Map.of(), Map.of());
    }

    /**
     * {@code client}: Kafka client settings the services, the producer and the collector need
     * (security); {@code settings}: more environment for the services.
     */
    Pipeline(Path tmp, String bootstrap, Map<String, Object> client, Map<String, String> settings) throws Exception {
        this.logs = tmp;
        this.bootstrap = bootstrap;
        this.client = client;
        Path bundle = new TestModel(64).exportBundle(tmp.resolve("bundle"));
        Map<String, String> env = new HashMap<>();
        client.forEach((k, v) -> env.put(LocalKafka.environmentVariable(k), v.toString()));
        env.putAll(Map.of(
                "KAFKA_BOOTSTRAP_SERVERS", bootstrap,
                "BERTSTREAM_BUNDLE", bundle.toString(),
                "BERTSTREAM_TOKENIZER_MAX_TOKENS", "64",
                "BERTSTREAM_TOPICS_SENTENCES", "sentences-" + run,
                "BERTSTREAM_TOPICS_TOKENS", "tokens-" + run,
                "BERTSTREAM_TOPICS_PREDICTIONS", "predictions-" + run,
                "BERTSTREAM_TOPICS_DLQ", "dlq-" + run));
        env.putAll(settings);
        this.env = Map.copyOf(env);
        start("tokenizer-service");
        start("inference-service");
        this.collector = new PredictionCollector(bootstrap, "predictions-" + run, client);
    }

    void start(String service) throws Exception {
        int generation = generations.merge(service, 1, Integer::sum);
        services.put(service, ServiceProcess.start(Launcher.HOME, service, ServiceProcess.freePort(), env,
                logs.resolve(service + "-" + generation + ".log")));
    }

    void kill(String service) throws InterruptedException {
        services.remove(service).kill();
    }

    /** A clean stop (SIGTERM): the service drains, writes and commits, then exits. */
    void stop(String service) throws InterruptedException {
        services.remove(service).close();
    }

    boolean ready(String service) throws InterruptedException {
        return services.get(service).isReady();
    }

    /** Sends records (key to value) to the sentences topic and waits until the broker has them all. */
    void sendAll(Map<String, byte[]> records) throws Exception {
        try (var producer = new KafkaProducer<>(producerConfig(), new ByteArraySerializer(), new ByteArraySerializer())) {
            for (var r : records.entrySet()) {
                producer.send(new ProducerRecord<>("sentences-" + run, r.getKey().getBytes(StandardCharsets.UTF_8), r.getValue()));
            }
            producer.flush();
        }
    }

    String topic(String name) {
        return name + "-" + run;
    }

    int served() {
        return collector.distinctIds();
    }

    /** Sends the sentences at a steady 50 a second from a thread of its own, so that failures land mid-stream. */
    Thread produceInBackground(Map<String, String> sentences) {
        return Thread.ofPlatform().name("sentence-producer").start(() -> {
            Map<String, Object> config = producerConfig();
            config.put(ProducerConfig.LINGER_MS_CONFIG, 5);
            try (var producer = new KafkaProducer<>(config, new StringSerializer(), new StringSerializer())) {
                int i = 0;
                for (String value : sentences.values()) {
                    producer.send(new ProducerRecord<>("sentences-" + run, "user-" + (i++ % 7), value));
                    produced.incrementAndGet();
                    if (i % 20 == 0) {
                        producer.flush();
                        Thread.sleep(400);
                    }
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        });
    }

    private Map<String, Object> producerConfig() {
        Map<String, Object> config = new HashMap<>(client);
        config.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
        return config;
    }

    /** Waits until {@code count} sentences have their prediction (or fails after five minutes). */
    void awaitServed(int count) throws InterruptedException {
        long deadline = System.nanoTime() + Duration.ofMinutes(5).toNanos();
        while (served() < count) {
            assertTrue(System.nanoTime() < deadline, "only " + served() + " of " + count + " sentences served; service logs in " + logs);
            Thread.sleep(20);
        }
    }

    void awaitProduced(int count) throws InterruptedException {
        while (produced.get() < count) {
            Thread.sleep(20);
        }
    }

    /** Every sentence has at least one prediction; prints how many duplicates at-least-once gave. */
    void assertEverySentenceServed(Map<String, String> sentences, String what) throws InterruptedException {
        served(sentences, what);
    }

    /** Every sentence has exactly one prediction. */
    void assertEverySentenceServedOnce(Map<String, String> sentences, String what) throws InterruptedException {
        int duplicates = served(sentences, what);
        assertEquals(0, duplicates, "duplicate predictions (" + what + "); service logs in " + logs);
    }

    /** Asserts every sentence has a prediction; returns the number of duplicates. */
    private int served(Map<String, String> sentences, String what) throws InterruptedException {
        List<JsonNode> predictions = collector.awaitIds(sentences.size(), Duration.ofMinutes(5));
        Map<String, Integer> perId = new HashMap<>();
        predictions.forEach(p -> perId.merge(p.get("id").asText(), 1, Integer::sum));
        Set<String> missing = new TreeSet<>(sentences.keySet());
        missing.removeAll(perId.keySet());
        System.out.printf("%s: %d sentences, %d predictions, %d duplicates, %d missing%n",
                what, sentences.size(), predictions.size(), predictions.size() - perId.size(), missing.size());
        assertTrue(missing.isEmpty(), missing.size() + " sentences got no prediction, e.g. " + missing.stream().limit(5).toList()
                + "; service logs in " + logs);
        assertEquals(sentences.keySet(), perId.keySet());
        return predictions.size() - perId.size();
    }

    @Override
    public void close() throws InterruptedException {
        collector.close();
        for (ServiceProcess service : services.values()) {
            service.close();
        }
    }
}
