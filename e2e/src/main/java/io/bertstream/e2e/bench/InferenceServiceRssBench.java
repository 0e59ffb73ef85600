package io.bertstream.e2e.bench;

import io.bertstream.e2e.ServiceProcess;
import io.bertstream.kafka.SharedBroker;
import io.bertstream.tokenizer.OutputFormat;
import io.bertstream.wordpiece.BertTokenizer;
import io.bertstream.wordpiece.Encoding;
import io.bertstream.wordpiece.Truncation;
import io.bertstream.wordpiece.bench.BenchArgs;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.UUID;

/**
 * A long run for native leaks: streams many records through the inference-service and samples its
 * resident memory (VmRSS of /proc/PID/status) as they go. The Java heap is fixed and touched at
 * start-up ({@code -Xms = -Xmx}, {@code AlwaysPreTouch}), so what grows after the warm-up is
 * native memory — ONNX Runtime tensors and results not closed would show here. The baseline is
 * the RSS once the first {@value #WARM_UP_SHARE_PERCENT} % of the records are served.
 *
 * <p>Usage: {@code InferenceServiceRssBench [--bundle DIR] [--records N] [--max-tokens T] [--corpus FILE]};
 * a {@code tiny} bundle and short sequences keep it quick.
 */
public final class InferenceServiceRssBench {

    private static final int WARM_UP_SHARE_PERCENT = 20;
    private static final Duration SAMPLE_EVERY = Duration.ofSeconds(5);

    private InferenceServiceRssBench() {}

    public static void main(String[] args) throws Exception {
        Path home = Path.of(System.getProperty("bertstream.home", ".")).toAbsolutePath();
        Path bundle = home.resolve("models/demo");
        Path corpus = home.resolve("data/pretrain/imdb-train.txt");
        int records = 300_000;
        int maxTokens = 32;
        BenchArgs cli = new BenchArgs("bertstream bench inference-service-rss", "[--bundle DIR] [--records N] [--max-tokens T] [--corpus FILE]", args);
        while (cli.next()) {
            switch (cli.flag()) {
                case "--bundle" -> bundle = cli.existingPath().toAbsolutePath();
                case "--records" -> records = cli.positiveInt();
                case "--max-tokens" -> maxTokens = cli.positiveInt();
                case "--corpus" -> corpus = cli.existingPath();
                default -> cli.unknown();
            }
        }
        BertTokenizer tokenizer = BertTokenizer.load(bundle).withTruncation(Truncation.longestFirst(maxTokens));
        List<String> lines = Files.readAllLines(corpus, StandardCharsets.UTF_8).stream().filter(l -> !l.isBlank()).limit(5000).toList();
        List<Encoding> distinct = lines.stream().map(tokenizer::encode).toList();
        List<Encoding> encodings = new ArrayList<>(records);
        for (int i = 0; i < records; i++) {
            encodings.add(distinct.get(i % distinct.size()));
        }
        System.out.printf(Locale.ROOT, "inference-service RSS: %,d records (embedding task, at most %d tokens), bundle %s, heap fixed at 256 MB%n",
                records, maxTokens, bundle);

        String bootstrap = SharedBroker.bootstrapServers();
        String run = UUID.randomUUID().toString().substring(0, 8);
        String tokens = "rss-tokens-" + run, predictions = "rss-predictions-" + run;
        Map<String, String> env = Map.of(
                "KAFKA_BOOTSTRAP_SERVERS", bootstrap,
                "BERTSTREAM_BUNDLE", bundle.toString(),
                "BERTSTREAM_TOPICS_TOKENS", tokens,
                "BERTSTREAM_TOPICS_PREDICTIONS", predictions,
                "BERTSTREAM_TOPICS_DLQ", "rss-dlq-" + run,
                "JAVA_TOOL_OPTIONS", "-Xms256m -Xmx256m -XX:+AlwaysPreTouch");
        BenchRecords inputs = BenchRecords.tokens(encodings, "embedding", OutputFormat.BINARY);
        BenchRecords.createTopic(bootstrap, tokens);
        Path log = Files.createTempFile("inference-service-rss", ".log");
        int total = records;
        try (PredictionTimes times = new PredictionTimes(bootstrap, predictions, records);
                var service = ServiceProcess.start(home, "inference-service", ServiceProcess.freePort(), env, log)) {
            Thread producer = Thread.ofPlatform().name("rss-producer").start(() -> inputs.produce(bootstrap, tokens, 0, total, 0));
            long start = System.nanoTime();
            long baseline = -1;
            int baselineAt = 0;
            long peak = 0;
            System.out.printf(Locale.ROOT, "%8s %10s %10s%n", "seconds", "served", "RSS MB");
            while (times.count() < records) {
                Thread.sleep(SAMPLE_EVERY);
                if (!service.isAlive()) {
                    throw new IllegalStateException("the service died; see " + log);
                }
                long rss = rssKb(service.pid());
                int served = times.count();
                peak = Math.max(peak, rss);
                if (baseline < 0 && served >= records * WARM_UP_SHARE_PERCENT / 100) {
                    baseline = rss;
                    baselineAt = served;
                }
                System.out.printf(Locale.ROOT, "%8.0f %,10d %10.1f%n", (System.nanoTime() - start) / 1e9, served, rss / 1024.0);
            }
            producer.join();
            long end = rssKb(service.pid());
            double growth = (end - baseline) / 1024.0;
            double per100k = growth / Math.max(1, records - baselineAt) * 100_000;
            System.out.printf(Locale.ROOT, "RSS after %,d records %.1f MB, at the end (%,d) %.1f MB, peak %.1f MB: %+.1f MB, %+.2f MB per 100,000 records%n",
                    baselineAt, baseline / 1024.0, records, end / 1024.0, peak / 1024.0, growth, per100k);
        }
    }

    private static long rssKb(long pid) throws IOException {
        for (String line : Files.readAllLines(Path.of("/proc/" + pid + "/status"))) {
            if (line.startsWith("VmRSS:")) {
                return Long.parseLong(line.replaceAll("\\D", ""));
            }
        }
        throw new IllegalStateException("no VmRSS in /proc/" + pid + "/status");
    }
}
