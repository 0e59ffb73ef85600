package io.bertstream.e2e.bench;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.bertstream.e2e.ServiceProcess;
import io.bertstream.inference.ModelBundle;
import io.bertstream.inference.TokenRecordReader;
import io.bertstream.inference.TokensV2Reader;
import io.bertstream.kafka.SharedBroker;
import io.bertstream.tokenizer.BadInputException;
import io.bertstream.tokenizer.SentenceDecoder;
import io.bertstream.tokenizer.Task;
import io.bertstream.tokenizer.TokenRecord;
import io.bertstream.tokenizer.TokenizeService;
import io.bertstream.tokenizer.TokensV2Writer;
import io.bertstream.wordpiece.BertTokenizer;
import io.bertstream.wordpiece.bench.BenchArgs;
import io.bertstream.wordpiece.bench.BenchFigure;
import io.bertstream.wordpiece.Encoding;
import io.bertstream.wordpiece.Truncation;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.StringSerializer;

/**
 * Records/s through the tokenizer-service (its jar as a process, a real broker), in one run next to
 * two baselines: the raw tokenizer on the same texts in this JVM (one thread), and the Kafka ceiling,
 * a plain consumer → producer copy loop with the same delivery settings and no tokenization.
 * The service is measured on a backlog (the topic filled before it starts; its start-up and a
 * first quarter of warm-up records are not counted) with 1 and 2 tokenizer threads and with
 * exactly-once (1 thread, the default), also as CPU time per record; then, with 1 thread, on a
 * steady stream at half its backlog rate (end-to-end latency: token record written minus sentence
 * written). Last, the {@code tokens} layouts, JSON (v1) against binary (v2, the default), with
 * both services' own code on the records the service makes of the first texts.
 *
 * <p>Usage: {@code TokenizerServiceBench [--bundle DIR] [--records N] [--corpus FILE] [--steady-seconds S]}.
 */
public final class TokenizerServiceBench {

    private static final int MAX_TOKENS = 128;
    private static final Duration DRAIN_TIMEOUT = Duration.ofMinutes(5);
    private static final int ENCODING_RECORDS = 5000;

    private TokenizerServiceBench() {}

    public static void main(String[] args) throws Exception {
        Path home = Path.of(System.getProperty("bertstream.home", ".")).toAbsolutePath();
        Path bundle = home.resolve("models/demo");
        Path corpus = home.resolve("data/pretrain/imdb-train.txt");
        int records = 20_000;
        int steadySeconds = 10;
        BenchArgs cli = new BenchArgs("bertstream bench tokenizer-service", "[--bundle DIR] [--records N] [--corpus FILE] [--steady-seconds S]", args);
        while (cli.next()) {
            switch (cli.flag()) {
                case "--bundle" -> bundle = cli.existingPath().toAbsolutePath();
                case "--records" -> records = cli.positiveInt();
                case "--corpus" -> corpus = cli.existingPath();
                case "--steady-seconds" -> steadySeconds = cli.positiveInt();
                default -> cli.unknown();
            }
        }
        List<String> texts = texts(corpus, records);
        String bootstrap = SharedBroker.bootstrapServers();
        String run = UUID.randomUUID().toString().substring(0, 8);

        double raw = rawRecordsPerSecond(BertTokenizer.load(bundle).withTruncation(Truncation.longestFirst(MAX_TOKENS)), texts);
        progress("raw tokenizer: %.0f records/s", raw);
        double ceiling = copyLoopRecordsPerSecond(bootstrap, run, texts);
        progress("Kafka copy loop: %.0f records/s", ceiling);

        var service = new ServiceRuns(home, bundle, bootstrap, run, texts);
        var oneThread = service.backlog("t1", Map.of("BERTSTREAM_TOKENIZER_THREADS", "1"), steadySeconds, 0.5);
        var twoThreads = service.backlog("t2", Map.of("BERTSTREAM_TOKENIZER_THREADS", "2"), 0, 0);
        var exactlyOnce = service.backlog("eos", Map.of("BERTSTREAM_TOKENIZER_THREADS", "1", "QUARKUS_PROFILE", "exactly-once"), 0, 0);
        List<TokenRecord> tokenRecords = tokenRecords(bundle, texts.subList(0, Math.min(texts.size(), ENCODING_RECORDS)));
        var json = new ObjectMapper();
        var reader = new TokenRecordReader(ModelBundle.read(bundle, "bench", json), json, Optional.empty());
        var encoding = TokenEncodingComparison.measure(tokenRecords, reader);
        List<byte[]> written = oneThread.backlog().values();
        for (byte[] value : written) {
            if (!TokensV2Reader.isBinary(value)) {
                throw new IllegalStateException("the service wrote a token record that is not " + TokensV2Reader.SCHEMA);
            }
            reader.read(value, null);
        }

        System.out.printf(Locale.ROOT, "%n%-58s %12s %9s %9s%n", "tokenizer-service, " + texts.size() + " IMDB paragraphs, max "
                + MAX_TOKENS + " tokens", "records/s", "/ raw", "/ Kafka");
        row("raw tokenizer (1 thread, this JVM)", raw, raw, ceiling);
        row("Kafka copy loop (consumer -> producer, no tokenizing)", ceiling, raw, ceiling);
        row("service, backlog, 1 tokenizer thread", oneThread.backlog().recordsPerSecond(), raw, ceiling);
        row("service, backlog, 2 tokenizer threads", twoThreads.backlog().recordsPerSecond(), raw, ceiling);
        row("service, backlog, 1 thread, exactly-once", exactlyOnce.backlog().recordsPerSecond(), raw, ceiling);
        var steady = oneThread.steady();
        row(String.format(Locale.ROOT, "service, steady stream at %.0f/s, 1 thread", oneThread.steadyRate()), steady.recordsPerSecond(), raw, ceiling);
        System.out.printf(Locale.ROOT, "steady stream latency (sentence written -> token record written): p50 %d ms, p99 %d ms%n",
                steady.latencyPercentile(0.50), steady.latencyPercentile(0.99));
        // CPU time is far less sensitive than wall time to other jobs on a shared machine.
        System.out.printf(Locale.ROOT, "service CPU per record (all its threads), backlog: 1 thread %.0f us, 2 threads %.0f us, "
                + "1 thread exactly-once %.0f us%n", oneThread.cpuMicrosPerRecord(), twoThreads.cpuMicrosPerRecord(), exactlyOnce.cpuMicrosPerRecord());
        System.out.printf(Locale.ROOT, "exactly-once / at-least-once (backlog, 1 thread): %.2f%n",
                exactlyOnce.backlog().recordsPerSecond() / oneThread.backlog().recordsPerSecond());
        System.out.printf(Locale.ROOT, "2 threads / 1 thread (backlog): %.2f%n",
                twoThreads.backlog().recordsPerSecond() / oneThread.backlog().recordsPerSecond());
        System.out.printf(Locale.ROOT, "dead letters among the inputs (bad IMDB lines): %d of %d%n",
                oneThread.backlog().deadLetters(), texts.size());
        System.out.printf(Locale.ROOT, "%n%-58s %12s %14s%n", "tokens layouts, " + tokenRecords.size() + " records",
                "bytes/record", "write+read");
        System.out.printf(Locale.ROOT, "%-58s %12.0f %11.0f ns%n", "JSON (" + TokenRecord.SCHEMA + ")", encoding.jsonBytes(), encoding.jsonNanos());
        System.out.printf(Locale.ROOT, "%-58s %12.0f %11.0f ns%n", "binary (" + TokensV2Writer.SCHEMA + ")", encoding.binaryBytes(), encoding.binaryNanos());
        System.out.printf(Locale.ROOT, "binary / JSON: bytes %.2f, time %.2f%n", encoding.binaryBytes() / encoding.jsonBytes(),
                encoding.binaryNanos() / encoding.jsonNanos());
        System.out.printf(Locale.ROOT, "the service's records on the tokens topic: %s, %.0f bytes/record (%d records)%n", TokensV2Reader.SCHEMA,
                written.stream().mapToInt(v -> v.length).average().orElse(0), written.size());
        BenchFigure.rate("tokenizer-service", "backlog", "records/s", oneThread.backlog().recordsPerSecond(),
                "Kafka copy loop (no tokenizing)", ceiling).print();
        BenchFigure.rate("tokenizer-service", "backlog, exactly-once", "records/s", exactlyOnce.backlog().recordsPerSecond(),
                "same, at-least-once", oneThread.backlog().recordsPerSecond()).print();
    }

    private static void row(String name, double rate, double raw, double ceiling) {
        System.out.printf(Locale.ROOT, "%-58s %12.0f %9.3f %9.3f%n", name, rate, rate / raw, rate / ceiling);
    }

    static void progress(String format, Object... args) {
        System.err.printf(Locale.ROOT, "[bench] " + format + "%n", args);
    }

    static List<String> texts(Path corpus, int count) throws Exception {
        List<String> lines = Files.readAllLines(corpus, StandardCharsets.UTF_8).stream().filter(l -> !l.isBlank()).toList();
        List<String> texts = new ArrayList<>(count);
        for (int i = 0; i < count; i++) {
            texts.add(lines.get(i % lines.size()));
        }
        return texts;
    }

    /** What the service makes of the texts (but the dead letters), made in this JVM with its code. */
    private static List<TokenRecord> tokenRecords(Path bundle, List<String> texts) throws Exception {
        var service = new TokenizeService(BertTokenizer.load(bundle).withTruncation(Truncation.longestFirst(MAX_TOKENS)),
                new SentenceDecoder(65_536, Task.CLASSIFICATION, new ObjectMapper()));
        List<TokenRecord> records = new ArrayList<>(texts.size());
        for (int i = 0; i < texts.size(); i++) {
            try {
                records.add(service.tokenize(texts.get(i).getBytes(StandardCharsets.UTF_8), "k" + (i % 16),
                        new TokenRecord.Source("bench-sentences", i % 3, i), System.currentTimeMillis()));
            } catch (BadInputException e) {
                // An IMDB line that is a dead letter for the service too.
            }
        }
        return records;
    }

    /** Best of three timed passes after two warm-up passes (C2 compiles the hot loops first). */
    static double rawRecordsPerSecond(BertTokenizer tokenizer, List<String> texts) {
        double best = 0;
        long sink = 0;
        for (int pass = 0; pass < 5; pass++) {
            long start = System.nanoTime();
            for (String text : texts) {
                Encoding e = tokenizer.encode(text);
                sink += e.ids().length;
            }
            double rate = texts.size() / ((System.nanoTime() - start) / 1e9);
            if (pass >= 2) {
                best = Math.max(best, rate);
            }
        }
        if (sink == 0) {
            throw new IllegalStateException("no tokens");
        }
        return best;
    }

    private static double copyLoopRecordsPerSecond(String bootstrap, String run, List<String> texts) throws Exception {
        String in = "bench-copy-in-" + run;
        String out = "bench-copy-out-" + run;
        fill(bootstrap, in, warmUp(texts), 0);
        fill(bootstrap, in, texts, 0);
        // Drained while it copies, as the service's outputs are: the reader's load is on the machine in both.
        var copy = CompletableFuture.runAsync(() -> KafkaCopyLoop.copy(bootstrap, in, out, warmUp(texts).size() + texts.size()));
        try (var drain = new OutputDrain(bootstrap, out, "bench-copy-none-" + run)) {
            drain.next(warmUp(texts).size(), DRAIN_TIMEOUT, false, 0);
            double rate = drain.next(texts.size(), DRAIN_TIMEOUT, false, 0).recordsPerSecond();
            copy.join();
            return rate;
        }
    }

    /** Records ahead of the measured ones in a backlog, so the JIT has compiled the hot paths (not timed). */
    private static List<String> warmUp(List<String> texts) {
        return texts.subList(0, texts.size() / 4);
    }

    /**
     * Sends the texts to {@code topic}, keys {@code k0..k15}; at {@code rate} records/s when it is
     * positive, else as fast as the producer goes.
     */
    static void fill(String bootstrap, String topic, List<String> texts, double rate) throws InterruptedException {
        var config = Map.<String, Object>of(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap,
                ProducerConfig.LINGER_MS_CONFIG, rate > 0 ? 1 : 20, ProducerConfig.BATCH_SIZE_CONFIG, 256 * 1024);
        try (var producer = new KafkaProducer<>(config, new StringSerializer(), new StringSerializer())) {
            long start = System.nanoTime();
            int sent = 0;
            while (sent < texts.size()) {
                int due = rate > 0 ? (int) Math.min(texts.size(), (System.nanoTime() - start) / 1e9 * rate) : texts.size();
                for (; sent < due; sent++) {
                    producer.send(new ProducerRecord<>(topic, "k" + (sent % 16), texts.get(sent)));
                }
                if (rate > 0) {
                    Thread.sleep(2);
                }
            }
        }
    }

    /** The service's jar on its own topics, one process per configuration. */
    private record ServiceRuns(Path home, Path bundle, String bootstrap, String run, List<String> texts) {

        /** {@code cpuMicrosPerRecord}: the service process's CPU time over the timed backlog, per record. */
        record Measured(OutputDrain.Drained backlog, double cpuMicrosPerRecord, OutputDrain.Drained steady, double steadyRate) {}

        /** A backlog drained; then, when {@code steadySeconds > 0}, a stream at {@code steadyShare} of the backlog rate. */
        Measured backlog(String name, Map<String, String> settings, int steadySeconds, double steadyShare) throws Exception {
            String in = "bench-sentences-" + run + "-" + name;
            String out = "bench-tokens-" + run + "-" + name;
            String dlq = "bench-dlq-" + run + "-" + name;
            fill(bootstrap, in, warmUp(texts), 0);
            fill(bootstrap, in, texts, 0);
            Map<String, String> env = new HashMap<>(settings);
            env.putAll(Map.of("KAFKA_BOOTSTRAP_SERVERS", bootstrap,
                    "BERTSTREAM_BUNDLE", bundle.toString(),
                    "BERTSTREAM_TOPICS_SENTENCES", in,
                    "BERTSTREAM_TOPICS_TOKENS", out,
                    "BERTSTREAM_TOPICS_DLQ", dlq,
                    "MP_MESSAGING_INCOMING_SENTENCES_GROUP_ID", "bench-tokenizer-" + run + "-" + name));
            Path log = Files.createTempFile("tokenizer-service-bench-" + name, ".log");
            try (var service = ServiceProcess.start(home, "tokenizer-service", ServiceProcess.freePort(), env, log);
                    var drain = new OutputDrain(bootstrap, out, dlq)) {
                drain.next(warmUp(texts).size(), DRAIN_TIMEOUT, false, 0);
                Duration cpuBefore = service.cpuTime();
                var backlog = drain.next(texts.size(), DRAIN_TIMEOUT, false, 5000);
                double cpu = (service.cpuTime().toNanos() - cpuBefore.toNanos()) / 1e3 / texts.size();
                progress("service %s, backlog: %.0f records/s (log %s)", name, backlog.recordsPerSecond(), log);
                if (steadySeconds <= 0) {
                    return new Measured(backlog, cpu, null, 0);
                }
                double rate = backlog.recordsPerSecond() * steadyShare;
                List<String> stream = texts.subList(0, (int) Math.min(texts.size(), rate * steadySeconds));
                fill(bootstrap, in, stream, rate);
                var steady = drain.next(stream.size(), DRAIN_TIMEOUT, true, 0);
                progress("service %s, steady stream at %.0f/s: %.0f records/s", name, rate, steady.recordsPerSecond());
                return new Measured(backlog, cpu, steady, rate);
            }
        }
    }
}
