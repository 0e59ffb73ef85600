package io.bertstream.e2e.bench;

import io.bertstream.inference.TokensV2Reader;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Deque;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;

/**
 * Reads a stage's outputs (its output topic and the dead-letter topic, read_committed) until every
 * input has one, and says how fast they were written: the rate between the first and the last
 * output's timestamp, so a service's start-up is not counted. Dead letters count: an input that
 * became one is served too.
 */
final class OutputDrain implements AutoCloseable {

    private final KafkaConsumer<byte[], byte[]> consumer;
    private final String outputTopic;
    private final Deque<ConsumerRecord<byte[], byte[]>> pending = new ArrayDeque<>();

    /** What was read: counts, the rate, latencies (ms, sorted) and up to {@code keep} output values. */
    record Drained(int outputs, int deadLetters, double recordsPerSecond, long[] latenciesMs, List<byte[]> values) {
        long latencyPercentile(double p) {
            return latenciesMs.length == 0 ? -1 : latenciesMs[(int) Math.min(latenciesMs.length - 1, Math.floor(p * latenciesMs.length))];
        }
    }

    OutputDrain(String bootstrap, String outputTopic, String dlqTopic) {
        this.outputTopic = outputTopic;
        this.consumer = new KafkaConsumer<>(Map.of(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap,
                ConsumerConfig.GROUP_ID_CONFIG, "bench-drain-" + UUID.randomUUID(),
                ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest",
                ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed",
                // The dead-letter topic appears only with the first dead letter: notice it soon.
                ConsumerConfig.METADATA_MAX_AGE_CONFIG, 1000), new ByteArrayDeserializer(), new ByteArrayDeserializer());
        consumer.subscribe(List.of(outputTopic, dlqTopic));
    }

    /**
     * Reads the next {@code expected} outputs; with {@code latency}, each token record's latency is
     * its write time minus its input's ({@code received_at} of the bertstream.tokens.v2 record).
     */
    Drained next(int expected, Duration timeout, boolean latency, int keep) {
        long first = Long.MAX_VALUE;
        long last = Long.MIN_VALUE;
        int outputs = 0;
        int dead = 0;
        long[] latencies = new long[expected];
        int measured = 0;
        List<byte[]> values = new ArrayList<>();
        long deadline = System.nanoTime() + timeout.toNanos();
        while (outputs + dead < expected) {
            if (System.nanoTime() > deadline) {
                throw new IllegalStateException("only " + (outputs + dead) + " of " + expected + " outputs within " + timeout.toSeconds() + " s");
            }
            // One record at a time: what a poll brings past this call's count is the next call's.
            var r = pending.poll();
            if (r == null) {
                consumer.poll(Duration.ofMillis(200)).forEach(pending::add);
                continue;
            }
            first = Math.min(first, r.timestamp());
            last = Math.max(last, r.timestamp());
            if (!r.topic().equals(outputTopic)) {
                dead++;
                continue;
            }
            outputs++;
            if (values.size() < keep) {
                values.add(r.value());
            }
            if (latency) {
                latencies[measured++] = r.timestamp() - TokensV2Reader.read(r.value(), null).receivedAt();
            }
        }
        long[] sorted = Arrays.copyOf(latencies, measured);
        Arrays.sort(sorted);
        return new Drained(outputs, dead, (outputs + dead - 1) / Math.max((last - first) / 1000.0, 1e-3), sorted, values);
    }

    @Override
    public void close() {
        consumer.close();
    }
}
