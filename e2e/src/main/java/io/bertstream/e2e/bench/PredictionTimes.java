package io.bertstream.e2e.bench;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Duration;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;

/**
 * Reads a predictions topic from its start in a thread of its own and keeps, for each record id
 * {@code r<i>}, when its prediction was consumed (System.nanoTime) and the prediction's broker
 * timestamp (when the service sent it). {@code read_committed}, so with exactly-once a prediction
 * counts only once its transaction commits.
 */
final class PredictionTimes implements AutoCloseable {

    private static final JsonFactory JSON = new JsonFactory();

    private final long[] consumedAt;
    private final long[] writtenAt;
    private final Thread thread;
    private volatile boolean running = true;
    private volatile int count;
    private volatile int duplicates;

    PredictionTimes(String bootstrap, String topic, int records) {
        this.consumedAt = new long[records];
        this.writtenAt = new long[records];
        Map<String, Object> config = new HashMap<>();
        config.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
        config.put(ConsumerConfig.GROUP_ID_CONFIG, "bench-" + UUID.randomUUID());
        config.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
        config.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
        this.thread = Thread.ofPlatform().name("prediction-times").start(() -> {
            try (var consumer = new KafkaConsumer<>(config, new ByteArrayDeserializer(), new ByteArrayDeserializer())) {
                consumer.subscribe(List.of(topic));
                while (running) {
                    var polled = consumer.poll(Duration.ofMillis(100));
                    long now = System.nanoTime();
                    polled.forEach(r -> add(r, now));
                }
            }
        });
    }

    private void add(ConsumerRecord<byte[], byte[]> r, long now) {
        int i = BenchRecords.index(id(r.value()));
        if (consumedAt[i] != 0) {
            duplicates++;
            return;
        }
        consumedAt[i] = now;
        writtenAt[i] = r.timestamp();
        count++;
    }

    int count() {
        return count;
    }

    int duplicates() {
        return duplicates;
    }

    /** Waits until records {@code from} to {@code to} (exclusive) all have their prediction. */
    void await(int from, int to, Duration timeout, String whereToLook) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (!all(from, to)) {
            if (System.nanoTime() > deadline) {
                throw new IllegalStateException("predictions missing after " + timeout.toSeconds() + " s (" + count + " in all); see " + whereToLook);
            }
            Thread.sleep(50);
        }
    }

    private boolean all(int from, int to) {
        for (int i = from; i < to; i++) {
            if (consumedAt[i] == 0) {
                return false;
            }
        }
        return true;
    }

    /** Predictions per second the service wrote for records {@code from} to {@code to}, from their broker timestamps. */
    double writtenPerSecond(int from, int to) {
        long[] stamps = Arrays.copyOfRange(writtenAt, from, to);
        long first = Arrays.stream(stamps).min().orElseThrow();
        long last = Arrays.stream(stamps).max().orElseThrow();
        return (stamps.length - 1) / Math.max((last - first) / 1000.0, 1e-3);
    }

    /** Sorted latencies in ms, from each record's produce time to its prediction being consumed. */
    double[] latenciesMs(long[] sentAt, int from, int to) {
        double[] ms = new double[to - from];
        for (int i = from; i < to; i++) {
            ms[i - from] = (consumedAt[i] - sentAt[i]) / 1e6;
        }
        Arrays.sort(ms);
        return ms;
    }

    static double percentile(double[] sorted, double p) {
        return sorted[(int) Math.min(sorted.length - 1, Math.ceil(p * sorted.length) - 1)];
    }

    @Override
    public void close() throws InterruptedException {
        running = false;
        thread.join();
    }

    /** The prediction's id, read without building a tree (the embeddings make predictions large). */
    private static String id(byte[] value) {
        try (JsonParser p = JSON.createParser(value)) {
            p.nextToken();
            while (p.nextToken() == JsonToken.FIELD_NAME) {
                String field = p.currentName();
                p.nextToken();
                if (field.equals("id")) {
                    return p.getText();
                }
                p.skipChildren();
            }
            throw new IllegalStateException("a prediction without an id");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
