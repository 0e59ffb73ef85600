package io.bertstream.e2e;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;

/**
 * Reads a predictions topic from its start in the background, keeping every record it sees;
 * {@code read_committed}, as readers of an exactly-once service must (the same as
 * {@code read_uncommitted} for records written outside transactions).
 */
final class PredictionCollector implements AutoCloseable {

    private static final ObjectMapper JSON = new ObjectMapper();

    private final List<JsonNode> seen = new ArrayList<>();
    private final Set<String> ids = new HashSet<>();
    private final Thread thread;
    private volatile boolean running = true;

    /** {@code client}: more client settings (security). */
    PredictionCollector(String bootstrap, String topic, Map<String, Object> client) {
        Map<String, Object> config = new java.util.HashMap<>(client);
        config.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
        config.put(ConsumerConfig.GROUP_ID_CONFIG, "check-" + UUID.randomUUID());
        config.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
        config.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
        thread = Thread.ofPlatform().name("prediction-collector").start(() -> {
            try (var consumer = new KafkaConsumer<>(config, new ByteArrayDeserializer(), new ByteArrayDeserializer())) {
                consumer.subscribe(List.of(topic));
                while (running) {
                    for (var r : consumer.poll(Duration.ofMillis(200))) {
                        add(parse(r.value()));
                    }
                }
            }
        });
    }

    private synchronized void add(JsonNode prediction) {
        seen.add(prediction);
        ids.add(prediction.get("id").asText());
    }

    synchronized int distinctIds() {
        return ids.size();
    }

    /**
     * Waits until {@code count} distinct ids have a prediction (or the timeout), then two seconds
     * more so that duplicates show; returns every prediction seen.
     */
    List<JsonNode> awaitIds(int count, Duration timeout) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (distinctIds() < count && System.nanoTime() < deadline) {
            Thread.sleep(100);
        }
        Thread.sleep(2000);
        synchronized (this) {
            return List.copyOf(seen);
        }
    }

    @Override
    public void close() throws InterruptedException {
        running = false;
        thread.join();
    }

    private static JsonNode parse(byte[] value) {
        try {
            return JSON.readTree(value);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
