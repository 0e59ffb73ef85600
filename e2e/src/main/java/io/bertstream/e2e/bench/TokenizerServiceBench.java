package io.bertstream.e2e.bench;

import io.bertstream.e2e.ServiceProcess;
import io.bertstream.kafka.SharedBroker;
import io.bertstream.wordpiece.BertTokenizer;
import io.bertstream.wordpiece.Encoding;
import io.bertstream.wordpiece.Truncation;
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
 * Records/s through the tokenizer-service (its jar as a process, a real broker) next to the raw
 * tokenizer on the same texts in this JVM, one thread. The service drains a topic filled
 * beforehand, so its start-up is not counted; its rate is read from the output records' timestamps.
 *
 * <p>Usage: {@code TokenizerServiceBench [--bundle DIR] [--records N] [--corpus FILE]}.
 */
public final class TokenizerServiceBench {

    private TokenizerServiceBench() {}

    public static void main(String[] args) throws Exception {
        Path home = Path.of(System.getProperty("bertstream.home", ".")).toAbsolutePath();
        Path bundle = home.resolve("models/demo");
        Path corpus = home.resolve("data/pretrain/imdb-train.txt");
        int records = 20_000;
        for (int i = 0; i < args.length; i++) {
            switch (args[i]) {
                case "--bundle" -> bundle = Path.of(args[++i]);
                case "--records" -> records = Integer.parseInt(args[++i]);
                case "--corpus" -> corpus = Path.of(args[++i]);
                default -> throw new IllegalArgumentException("unknown argument " + args[i]
                        + "; usage: TokenizerServiceBench [--bundle DIR] [--records N] [--corpus FILE]");
            }
        }
        List<String> texts = texts(corpus, records);
        int maxTokens = 128;
        double raw = rawRecordsPerSecond(BertTokenizer.load(bundle).withTruncation(Truncation.longestFirst(maxTokens)), texts);
        double service = serviceRecordsPerSecond(home, bundle, texts);
        System.out.printf(Locale.ROOT, "%n%-42s %12s%n", "tokenizer, " + texts.size() + " IMDB paragraphs, max " + maxTokens + " tokens", "records/s");
        System.out.printf(Locale.ROOT, "%-42s %12.0f%n", "raw tokenizer (1 thread, this JVM)", raw);
        System.out.printf(Locale.ROOT, "%-42s %12.0f%n", "tokenizer-service through Kafka", service);
        System.out.printf(Locale.ROOT, "service / raw: %.2f%n", service / raw);
    }

    private static List<String> texts(Path corpus, int count) throws Exception {
        List<String> lines = Files.readAllLines(corpus, StandardCharsets.UTF_8).stream().filter(l -> !l.isBlank()).toList();
        List<String> texts = new ArrayList<>(count);
        for (int i = 0; i < count; i++) {
            texts.add(lines.get(i % lines.size()));
        }
        return texts;
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

    private static double serviceRecordsPerSecond(Path home, Path bundle, List<String> texts) throws Exception {
        String bootstrap = SharedBroker.bootstrapServers();
        String run = UUID.randomUUID().toString().substring(0, 8);
        String in = "bench-sentences-" + run;
        String out = "bench-tokens-" + run;
        var producerConfig = Map.<String, Object>of(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap,
                ProducerConfig.LINGER_MS_CONFIG, 20, ProducerConfig.BATCH_SIZE_CONFIG, 256 * 1024);
        try (var producer = new KafkaProducer<>(producerConfig, new StringSerializer(), new StringSerializer())) {
            for (int i = 0; i < texts.size(); i++) {
                producer.send(new ProducerRecord<>(in, "k" + (i % 16), texts.get(i)));
            }
        }
        Path log = Files.createTempFile("tokenizer-service-bench", ".log");
        Map<String, String> env = Map.of(
                "KAFKA_BOOTSTRAP_SERVERS", bootstrap,
                "BERTSTREAM_BUNDLE", bundle.toAbsolutePath().toString(),
                "BERTSTREAM_TOPICS_SENTENCES", in,
                "BERTSTREAM_TOPICS_TOKENS", out,
                "BERTSTREAM_TOPICS_DLQ", "bench-dlq-" + run);
        var consumerConfig = Map.<String, Object>of(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap,
                ConsumerConfig.GROUP_ID_CONFIG, "bench-" + run, ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
        try (var service = ServiceProcess.start(home, "tokenizer-service", ServiceProcess.freePort(), env, log);
                var consumer = new KafkaConsumer<>(consumerConfig, new ByteArrayDeserializer(), new ByteArrayDeserializer())) {
            consumer.subscribe(List.of(out));
            long first = Long.MAX_VALUE;
            long last = Long.MIN_VALUE;
            int seen = 0;
            long deadline = System.nanoTime() + Duration.ofMinutes(10).toNanos();
            while (seen < texts.size()) {
                if (System.nanoTime() > deadline) {
                    throw new IllegalStateException("only " + seen + " of " + texts.size() + " token records in 10 minutes; see " + log);
                }
                for (var r : consumer.poll(Duration.ofMillis(500))) {
                    first = Math.min(first, r.timestamp());
                    last = Math.max(last, r.timestamp());
                    seen++;
                }
            }
            return (seen - 1) / Math.max((last - first) / 1000.0, 1e-3);
        }
    }
}
