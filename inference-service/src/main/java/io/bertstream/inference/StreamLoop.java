package io.bertstream.inference;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.DistributionSummary;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.micrometer.core.instrument.binder.kafka.KafkaClientMetrics;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRebalanceListener;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.jboss.logging.Logger;

/**
 * {@code tokens} → {@code predictions}, at least once or exactly once ({@link Delivery}). Each
 * round gathers records until a model batch is full or the oldest has waited
 * {@code max-queue-delay}, runs them and writes every prediction (or dead letter) in the order the
 * records came — so one key's predictions keep their order. The loop does not wait for the broker
 * after a round; the delivery commits what is due.
 */
final class StreamLoop implements Runnable {

    private static final Logger LOG = Logger.getLogger(StreamLoop.class);
    private static final Duration IDLE_POLL = Duration.ofMillis(200);

    /** A consumed record and when it was polled (System.nanoTime), for the queue-wait figure. */
    private record Polled(ConsumerRecord<byte[], byte[]> record, long at) {}

    private final Map<String, Object> kafka;
    private final InferenceSettings settings;
    private final BatchPolicy batching;
    private final TokenRecordReader reader;
    private final Inference inference;
    private final PredictionWriter writer;
    private final MeterRegistry registry;
    private final Counter in;
    private final Counter out;
    private final Counter failed;
    private final Timer queueWait;
    private volatile boolean running = true;
    private volatile String state = "starting";

    StreamLoop(Map<String, Object> kafka, InferenceSettings settings, BatchPolicy batching, TokenRecordReader reader,
            Predictor predictor, PredictionWriter writer, MeterRegistry registry) {
        this.kafka = kafka;
        this.settings = settings;
        this.batching = batching;
        this.reader = reader;
        this.writer = writer;
        this.registry = registry;
        this.in = registry.counter("bertstream.inference.records.in");
        this.out = registry.counter("bertstream.inference.records.out");
        this.failed = registry.counter("bertstream.inference.records.failed");
        this.queueWait = Timer.builder("bertstream.inference.queue").description("Time a record waits for its model batch")
                .publishPercentileHistogram().register(registry);
        DistributionSummary batchSize = DistributionSummary.builder("bertstream.inference.batch.size")
                .description("Records per model batch").publishPercentileHistogram().register(registry);
        Timer batchTime = Timer.builder("bertstream.inference.batch").description("Time ONNX Runtime takes for one batch")
                .publishPercentileHistogram().register(registry);
        this.inference = new Inference(predictor, batching.maxBatchSize(), (size, ms) -> {
            batchSize.record(size);
            batchTime.record((long) (ms * 1e6), TimeUnit.NANOSECONDS);
        });
    }

    /** "running", or what keeps the loop from it (for the readiness check). */
    String state() {
        return state;
    }

    /**
     * Stops taking new records; the round in flight is finished, written and committed. No wakeup:
     * it could cut that commit short, and a poll lasts at most {@code IDLE_POLL} anyway.
     */
    void stop() {
        running = false;
    }

    @Override
    public void run() {
        while (running) {
            try {
                consumeUntilStopped();
            } catch (RuntimeException e) {
                // Nothing of the failed round was committed: a new consumer starts again from the
                // last commit, so every record still gets its prediction.
                state = "restarting after: " + e.getMessage();
                LOG.error("the inference loop failed; restarting from the last committed offsets", e);
                sleep(Duration.ofSeconds(1));
            }
        }
        state = "stopped";
    }

    private void consumeUntilStopped() {
        List<Polled> round = new ArrayList<>();
        long interval = TimeUnit.MILLISECONDS.toNanos(settings.inference().commitIntervalMs());
        try (KafkaConsumer<byte[], byte[]> c = new KafkaConsumer<>(consumerConfig(), new ByteArrayDeserializer(), new ByteArrayDeserializer());
                KafkaProducer<byte[], byte[]> producer = new KafkaProducer<>(producerConfig(), new ByteArraySerializer(), new ByteArraySerializer());
                KafkaClientMetrics consumerMetrics = new KafkaClientMetrics(c);
                KafkaClientMetrics producerMetrics = new KafkaClientMetrics(producer)) {
            consumerMetrics.bindTo(registry);
            producerMetrics.bindTo(registry);
            Delivery delivery = settings.inference().exactlyOnce()
                    ? new ExactlyOnceDelivery(producer, c, interval)
                    : new AtLeastOnceDelivery(c, interval);
            c.subscribe(List.of(settings.topics().tokens()), new ConsumerRebalanceListener() {
                @Override
                public void onPartitionsRevoked(Collection<TopicPartition> partitions) {
                    // What was written is committed before the partitions move; records gathered
                    // but not yet written belong to the next owner.
                    delivery.commitAll();
                    round.removeIf(p -> partitions.contains(new TopicPartition(p.record().topic(), p.record().partition())));
                }

                @Override
                public void onPartitionsAssigned(Collection<TopicPartition> partitions) {}
            });
            state = "running";
            while (running) {
                gather(c, round, delivery);
                if (!round.isEmpty()) {
                    delivery.beginRound();
                    delivery.roundSent(process(round, producer), nextOffsets(round));
                    round.clear();
                }
                delivery.commitDue();
            }
            delivery.commitAll();
        }
    }

    /**
     * Polls until a model batch is full or the first record has waited the max queue delay; with
     * nothing polled yet, at most until the delivery's next commit is due.
     */
    private void gather(KafkaConsumer<byte[], byte[]> c, List<Polled> round, Delivery delivery) {
        int max = batching.maxBatchSize();
        long deadline = Long.MAX_VALUE;
        while (running && round.size() < max) {
            long left = deadline == Long.MAX_VALUE ? Math.min(IDLE_POLL.toNanos(), Math.max(0, delivery.nanosUntilDue()))
                    : deadline - System.nanoTime();
            if (left <= 0) {
                return;
            }
            var records = c.poll(Duration.ofNanos(left));
            long at = System.nanoTime();
            if (!records.isEmpty() && deadline == Long.MAX_VALUE) {
                deadline = at + TimeUnit.MILLISECONDS.toNanos(batching.maxQueueDelayMs());
            }
            records.forEach(r -> round.add(new Polled(r, at)));
            if (round.isEmpty()) {
                return;
            }
        }
    }

    /** Runs a round and sends its predictions and dead letters, in the order of its records; returns the sends. */
    private List<Future<RecordMetadata>> process(List<Polled> round, KafkaProducer<byte[], byte[]> producer) {
        long gathered = System.nanoTime();
        in.increment(round.size());
        List<InferenceRequest> requests = new ArrayList<>();
        String[] bad = new String[round.size()];
        int[] requestOf = new int[round.size()];
        for (int i = 0; i < round.size(); i++) {
            ConsumerRecord<byte[], byte[]> r = round.get(i).record();
            queueWait.record(gathered - round.get(i).at(), TimeUnit.NANOSECONDS);
            try {
                requests.add(reader.read(r.value(), r.key() == null ? null : new String(r.key(), StandardCharsets.UTF_8)));
                requestOf[i] = requests.size() - 1;
            } catch (BadRecordException e) {
                bad[i] = e.getMessage();
            }
        }
        Inference.Outcome[] outcomes = inference.run(requests);
        long now = System.currentTimeMillis();
        List<Future<RecordMetadata>> sent = new ArrayList<>(round.size());
        for (int i = 0; i < round.size(); i++) {
            ConsumerRecord<byte[], byte[]> r = round.get(i).record();
            Inference.Outcome outcome = bad[i] == null ? outcomes[requestOf[i]] : null;
            String reason = bad[i] != null ? bad[i] : outcome.failure();
            if (reason != null) {
                failed.increment();
                sent.add(producer.send(DeadLetters.of(settings.topics().dlq(), r, reason)));
                continue;
            }
            double queueMs = (gathered - round.get(i).at()) / 1e6;
            ObjectNode prediction = writer.prediction(requests.get(requestOf[i]), outcome.result(), queueMs, outcome.inferenceMs(), now);
            sent.add(producer.send(new ProducerRecord<>(settings.topics().predictions(), null, r.key(), writer.bytes(prediction))));
            out.increment();
        }
        return sent;
    }

    private static Map<TopicPartition, OffsetAndMetadata> nextOffsets(List<Polled> round) {
        Map<TopicPartition, OffsetAndMetadata> offsets = new HashMap<>();
        for (Polled p : round) {
            ConsumerRecord<byte[], byte[]> r = p.record();
            offsets.merge(new TopicPartition(r.topic(), r.partition()), new OffsetAndMetadata(r.offset() + 1),
                    (a, b) -> a.offset() >= b.offset() ? a : b);
        }
        return offsets;
    }

    private Map<String, Object> consumerConfig() {
        Map<String, Object> config = new HashMap<>(kafka);
        config.put(ConsumerConfig.GROUP_ID_CONFIG, settings.inference().groupId());
        config.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
        config.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
        // A round is at most one model batch (per task): its records wait only for their own batch.
        config.put(ConsumerConfig.MAX_POLL_RECORDS_CONFIG, batching.maxBatchSize());
        config.put(ConsumerConfig.CLIENT_ID_CONFIG, "inference-consumer");
        if (settings.inference().exactlyOnce()) {
            config.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
        }
        return config;
    }

    private Map<String, Object> producerConfig() {
        Map<String, Object> config = new HashMap<>(kafka);
        config.put(ProducerConfig.ACKS_CONFIG, "all");
        config.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true);
        config.put(ProducerConfig.LINGER_MS_CONFIG, 1);
        config.put(ProducerConfig.CLIENT_ID_CONFIG, "inference-producer");
        if (settings.inference().exactlyOnce()) {
            config.put(ProducerConfig.TRANSACTIONAL_ID_CONFIG, transactionalId());
            // An instance that dies and is not restarted holds back read_committed readers this long.
            config.put(ProducerConfig.TRANSACTION_TIMEOUT_CONFIG, 10_000);
        }
        return config;
    }

    private String transactionalId() {
        return settings.inference().transactionalId().orElseGet(() -> {
            try {
                return settings.inference().groupId() + "-" + InetAddress.getLocalHost().getHostName();
            } catch (UnknownHostException e) {
                throw new IllegalStateException("no host name for the transactional id: set bertstream.inference.transactional-id", e);
            }
        });
    }

    private static void sleep(Duration d) {
        try {
            Thread.sleep(d);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
