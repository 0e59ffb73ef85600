package io.bertstream.e2e.bench;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Duration;
import java.util.Arrays;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.UUID;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;

/**
 * Reads a predictions topic from its start in a thread of its own and keeps, for each record id
 * {@code r<i>}, when its prediction was consumed (System.nanoTime), the prediction's broker
 * timestamp (when the service sent it) and the prediction's {@code timings_ms}: the time the
 * inference-service spent on the record once polled (queue for a batch, then the batch), and the
 * time from the input's timestamp to the prediction. {@code read_committed}, so with exactly-once a
 * prediction counts only once its transaction commits.
 */
final class PredictionTimes implements AutoCloseable {

    private static final JsonFactory JSON = new JsonFactory();

    private final long[] consumedAt;
    private final long[] writtenAt;
    private final double[] serviceMs;
    private final double[] toPredictionMs;
    private final Thread thread;
    private volatile boolean running = true;
    private volatile int count;
    private volatile int duplicates;

    PredictionTimes(String bootstrap, String topic, int records) {
        this.consumedAt = new long[records];
        this.writtenAt = new long[records];
        this.serviceMs = new double[records];
        this.toPredictionMs = new double[records];
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
        Prediction p = Prediction.of(r.value());
        int i = BenchRecords.index(p.id());
        if (consumedAt[i] != 0) {
            duplicates++;
            return;
        }
        consumedAt[i] = now;
        writtenAt[i] = r.timestamp();
        serviceMs[i] = p.serviceMs();
        toPredictionMs[i] = p.endToEndMs();
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

    /**
     * Where the slowest hundredth of records {@code from} to {@code to} spent their time, next to
     * the median record, in three parts: until the inference-service polled it (the way in through
     * Kafka, and waiting while the service ran earlier batches), in the service once polled (waiting
     * for its batch, then the batch), and from the prediction to the bench's consumer (the way out).
     * The first two split at the prediction's {@code end_to_end} timing (whole milliseconds of the
     * wall clock).
     */
    String tail(long[] sentAt, int from, int to) {
        Integer[] order = new Integer[to - from];
        for (int i = 0; i < order.length; i++) {
            order[i] = from + i;
        }
        Arrays.sort(order, Comparator.comparingLong(i -> consumedAt[i] - sentAt[i]));
        int slow = Math.max(1, order.length / 100);
        double[] slowest = new double[4];
        for (int k = order.length - slow; k < order.length; k++) {
            double[] parts = parts(order[k], sentAt);
            for (int j = 0; j < parts.length; j++) {
                slowest[j] += parts[j] / slow;
            }
        }
        double[] median = parts(order[order.length / 2], sentAt);
        return String.format(Locale.ROOT, "slowest %d on average: %s; median: %s", slow, describe(slowest), describe(median));
    }

    /** Record i's latency, and its parts before the service polled it, in the service, and after. */
    private double[] parts(int i, long[] sentAt) {
        double total = (consumedAt[i] - sentAt[i]) / 1e6;
        return new double[] {total, toPredictionMs[i] - serviceMs[i], serviceMs[i], total - toPredictionMs[i]};
    }

    private static String describe(double[] parts) {
        return String.format(Locale.ROOT, "%.1f ms = %.1f until polled + %.1f in the service + %.1f out", parts[0], parts[1], parts[2], parts[3]);
    }

    static double percentile(double[] sorted, double p) {
        return sorted[(int) Math.min(sorted.length - 1, Math.ceil(p * sorted.length) - 1)];
    }

    @Override
    public void close() throws InterruptedException {
        running = false;
        thread.join();
    }

    /** What the bench reads of a prediction: its id, its service time (queue + inference) and its end-to-end time, in ms. */
    private record Prediction(String id, double serviceMs, double endToEndMs) {

        /** Read without building a tree (the embeddings make predictions large). */
        static Prediction of(byte[] value) {
            try (JsonParser p = JSON.createParser(value)) {
                String id = null;
                double service = 0, endToEnd = Double.NaN;
                p.nextToken();
                while (p.nextToken() == JsonToken.FIELD_NAME) {
                    String field = p.currentName();
                    p.nextToken();
                    if (field.equals("id")) {
                        id = p.getText();
                    } else if (field.equals("timings_ms")) {
                        while (p.nextToken() == JsonToken.FIELD_NAME) {
                            String timing = p.currentName();
                            p.nextToken();
                            if (timing.equals("queue") || timing.equals("inference")) {
                                service += p.getDoubleValue();
                            } else if (timing.equals("end_to_end")) {
                                endToEnd = p.getDoubleValue();
                            }
                        }
                    } else {
                        p.skipChildren();
                    }
                }
                if (id == null) {
                    throw new IllegalStateException("a prediction without an id");
                }
                return new Prediction(id, service, endToEnd);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
    }
}
