package io.bertstream.e2e.bench;

import ai.onnxruntime.OnnxTensor;
import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtSession;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.bertstream.e2e.ServiceProcess;
import io.bertstream.kafka.SharedBroker;
import io.bertstream.wordpiece.BertTokenizer;
import io.bertstream.wordpiece.Encoding;
import io.bertstream.wordpiece.Truncation;
import java.nio.LongBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.UUID;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;

/**
 * Predictions/s through the inference-service (its jar as a process, a real broker) next to raw
 * ONNX Runtime on the same graph, texts and batch size in this JVM; then the end-to-end latency
 * (p50, p99) at half the measured stream throughput. Embedding task on IMDB paragraphs, at most
 * 128 tokens, batch 32, 2 intra-op threads.
 *
 * <p>Usage: {@code InferenceServiceBench [--bundle DIR] [--records N] [--corpus FILE]}.
 */
public final class InferenceServiceBench {

    private static final int BATCH = 32;
    private static final int MAX_TOKENS = 128;
    private static final ObjectMapper JSON = new ObjectMapper();

    private InferenceServiceBench() {}

    public static void main(String[] args) throws Exception {
        Path home = Path.of(System.getProperty("bertstream.home", ".")).toAbsolutePath();
        Path bundle = home.resolve("models/demo");
        Path corpus = home.resolve("data/pretrain/imdb-train.txt");
        int records = 3000;
        for (int i = 0; i < args.length; i++) {
            switch (args[i]) {
                case "--bundle" -> bundle = Path.of(args[++i]).toAbsolutePath();
                case "--records" -> records = Integer.parseInt(args[++i]);
                case "--corpus" -> corpus = Path.of(args[++i]);
                default -> throw new IllegalArgumentException("unknown argument " + args[i]
                        + "; usage: InferenceServiceBench [--bundle DIR] [--records N] [--corpus FILE]");
            }
        }
        BertTokenizer tokenizer = BertTokenizer.load(bundle).withTruncation(Truncation.longestFirst(MAX_TOKENS));
        List<Encoding> encodings = new ArrayList<>();
        List<String> lines = Files.readAllLines(corpus, StandardCharsets.UTF_8).stream().filter(l -> !l.isBlank()).toList();
        for (int i = 0; i < records; i++) {
            encodings.add(tokenizer.encode(lines.get(i % lines.size())));
        }
        double raw = rawRecordsPerSecond(bundle.resolve("onnx/embeddings.onnx"), encodings);
        String bootstrap = SharedBroker.bootstrapServers();
        String run = UUID.randomUUID().toString().substring(0, 8);
        Map<String, String> env = Map.of(
                "KAFKA_BOOTSTRAP_SERVERS", bootstrap,
                "BERTSTREAM_BUNDLE", bundle.toString(),
                "BERTSTREAM_TOPICS_TOKENS", "bench-tokens-" + run,
                "BERTSTREAM_TOPICS_PREDICTIONS", "bench-predictions-" + run,
                "BERTSTREAM_TOPICS_DLQ", "bench-dlq-" + run,
                "BERTSTREAM_INFERENCE_MAX_BATCH_SIZE", Integer.toString(BATCH));
        produce(bootstrap, "bench-tokens-" + run, encodings, 0);
        Path log = Files.createTempFile("inference-service-bench", ".log");
        try (var service = ServiceProcess.start(home, "inference-service", ServiceProcess.freePort(), env, log)) {
            double stream = drainRate(bootstrap, "bench-predictions-" + run, records, log);
            double rate = stream / 2;
            long since = System.currentTimeMillis();
            Thread producer = Thread.ofPlatform().start(() -> produce(bootstrap, "bench-tokens-" + run, encodings, rate));
            double[] latency = latencies(bootstrap, "bench-predictions-" + run, since, records, log);
            producer.join();
            System.out.printf(Locale.ROOT, "%ninference, %d IMDB paragraphs (embedding task), batch %d, 2 intra-op threads%n", records, BATCH);
            System.out.printf(Locale.ROOT, "%-44s %10.0f records/s%n", "raw ONNX Runtime (this JVM)", raw);
            System.out.printf(Locale.ROOT, "%-44s %10.0f records/s%n", "inference-service through Kafka", stream);
            System.out.printf(Locale.ROOT, "%-44s p50 %.0f ms, p99 %.0f ms%n", "end-to-end latency at " + Math.round(rate) + " records/s", latency[0], latency[1]);
            System.out.printf(Locale.ROOT, "stream / raw: %.2f%n", stream / raw);
        }
    }

    /** Best of three timed passes after one warm-up pass, batches of {@link #BATCH} padded to their longest. */
    private static double rawRecordsPerSecond(Path graph, List<Encoding> encodings) throws Exception {
        OrtEnvironment env = OrtEnvironment.getEnvironment();
        try (OrtSession.SessionOptions options = new OrtSession.SessionOptions()) {
            options.setIntraOpNumThreads(2);
            options.setOptimizationLevel(OrtSession.SessionOptions.OptLevel.ALL_OPT);
            try (OrtSession session = env.createSession(graph.toString(), options)) {
                double best = 0;
                for (int pass = 0; pass < 4; pass++) {
                    long start = System.nanoTime();
                    for (int from = 0; from < encodings.size(); from += BATCH) {
                        run(env, session, encodings.subList(from, Math.min(encodings.size(), from + BATCH)));
                    }
                    double rate = encodings.size() / ((System.nanoTime() - start) / 1e9);
                    best = pass == 0 ? 0 : Math.max(best, rate);
                }
                return best;
            }
        }
    }

    private static void run(OrtEnvironment env, OrtSession session, List<Encoding> batch) throws Exception {
        int length = batch.stream().mapToInt(Encoding::length).max().orElseThrow();
        long[][] inputs = new long[3][batch.size() * length];
        for (int r = 0; r < batch.size(); r++) {
            Encoding e = batch.get(r);
            for (int p = 0; p < e.length(); p++) {
                inputs[0][r * length + p] = e.ids()[p];
                inputs[1][r * length + p] = 1;
                inputs[2][r * length + p] = e.typeIds()[p];
            }
        }
        long[] shape = {batch.size(), length};
        try (OnnxTensor ids = OnnxTensor.createTensor(env, LongBuffer.wrap(inputs[0]), shape);
                OnnxTensor mask = OnnxTensor.createTensor(env, LongBuffer.wrap(inputs[1]), shape);
                OnnxTensor types = OnnxTensor.createTensor(env, LongBuffer.wrap(inputs[2]), shape);
                OrtSession.Result result = session.run(Map.of("input_ids", ids, "attention_mask", mask, "token_type_ids", types))) {
            result.get(0);
        }
    }

    /** Writes tokens records; {@code perSecond} 0 means as fast as possible. */
    private static void produce(String bootstrap, String topic, List<Encoding> encodings, double perSecond) {
        var config = Map.<String, Object>of(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap, ProducerConfig.LINGER_MS_CONFIG, 1);
        long start = System.nanoTime();
        try (var producer = new KafkaProducer<>(config, new StringSerializer(), new StringSerializer())) {
            for (int i = 0; i < encodings.size(); i++) {
                if (perSecond > 0) {
                    // Sleep, not spin: a spinning producer would take a core from the service it measures.
                    long wait = start + (long) (i / perSecond * 1e9) - System.nanoTime();
                    if (wait > 0) {
                        java.util.concurrent.locks.LockSupport.parkNanos(wait);
                    }
                }
                Encoding e = encodings.get(i);
                String value = JSON.createObjectNode().put("schema", "bertstream.tokens.v1").put("id", "r" + i).put("task", "embedding")
                        .put("received_at", System.currentTimeMillis())
                        .<com.fasterxml.jackson.databind.node.ObjectNode>set("ids", JSON.valueToTree(e.ids()))
                        .<com.fasterxml.jackson.databind.node.ObjectNode>set("type_ids", JSON.valueToTree(e.typeIds())).toString();
                producer.send(new ProducerRecord<>(topic, "k" + (i % 16), value));
            }
        }
    }

    /** Records/s of the service draining a full topic, from its output records' timestamps. */
    private static double drainRate(String bootstrap, String topic, int records, Path log) {
        List<Long> stamps = read(bootstrap, topic, records, log, r -> r.timestamp());
        long first = stamps.stream().mapToLong(Long::longValue).min().orElseThrow();
        long last = stamps.stream().mapToLong(Long::longValue).max().orElseThrow();
        return (stamps.size() - 1) / Math.max((last - first) / 1000.0, 1e-3);
    }

    /** p50 and p99 of end_to_end over the predictions written after {@code since}. */
    private static double[] latencies(String bootstrap, String topic, long since, int records, Path log) {
        List<Long> all = read(bootstrap, topic, 2 * records, log, r -> {
            JsonNode p = parse(r.value());
            return r.timestamp() >= since ? p.at("/timings_ms/end_to_end").asLong() : -1L;
        });
        List<Long> ms = all.stream().filter(v -> v >= 0).sorted().toList();
        return new double[] {ms.get(ms.size() / 2), ms.get((int) Math.min(ms.size() - 1, Math.round(ms.size() * 0.99)))};
    }

    private static <T> List<T> read(String bootstrap, String topic, int count, Path log,
            java.util.function.Function<org.apache.kafka.clients.consumer.ConsumerRecord<byte[], byte[]>, T> extract) {
        var config = Map.<String, Object>of(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap,
                ConsumerConfig.GROUP_ID_CONFIG, "bench-" + UUID.randomUUID(), ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
        List<T> values = new ArrayList<>();
        long deadline = System.nanoTime() + Duration.ofMinutes(10).toNanos();
        try (var consumer = new KafkaConsumer<>(config, new ByteArrayDeserializer(), new ByteArrayDeserializer())) {
            consumer.subscribe(List.of(topic));
            while (values.size() < count) {
                if (System.nanoTime() > deadline) {
                    throw new IllegalStateException("only " + values.size() + " of " + count + " predictions in 10 minutes; see " + log);
                }
                consumer.poll(Duration.ofMillis(500)).forEach(r -> values.add(extract.apply(r)));
            }
        }
        return values;
    }

    private static JsonNode parse(byte[] value) {
        try {
            return JSON.readTree(value);
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }
}
