package io.bertstream.e2e.bench;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.bertstream.e2e.ServiceProcess;
import io.bertstream.kafka.SharedBroker;
import io.bertstream.wordpiece.BertTokenizer;
import io.bertstream.wordpiece.Encoding;
import io.bertstream.wordpiece.Truncation;
import io.bertstream.wordpiece.bench.BenchArgs;
import io.bertstream.wordpiece.bench.BenchFigure;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.UUID;

/**
 * The whole path through Kafka, as a user meets it: JSON sentences into {@code sentences}, both
 * services as processes, predictions read from {@code predictions}. Sentences/s draining a
 * backlog (read from the predictions' broker timestamps), then p50/p99 latency from each
 * sentence's send to its prediction being consumed at a fixed rate of half that. The baseline is
 * the same work in this JVM without Kafka: the raw tokenizer and raw ONNX Runtime on the same
 * texts and batches, one after the other ({@code 1 / (1/tokenizer + 1/onnx)} sentences/s).
 *
 * <p>Usage: {@code StreamBench [--bundle DIR] [--records N] [--corpus FILE]}.
 */
public final class StreamBench {

    private static final int MAX_TOKENS = 128;
    private static final Duration TIMEOUT = Duration.ofMinutes(10);

    private StreamBench() {}

    /**
     * CPU time of the two services since it was made, per sentence: what each costs at a given
     * load, which says where the cores went when the latency grows.
     */
    private record ServiceCpu(ServiceProcess tokenizer, ServiceProcess inference, Duration tokenizerAt, Duration inferenceAt) {
        ServiceCpu(ServiceProcess tokenizer, ServiceProcess inference) {
            this(tokenizer, inference, tokenizer.cpuTime(), inference.cpuTime());
        }

        String perRecordSince(int records) {
            return String.format(Locale.ROOT, "CPU per sentence: tokenizer-service %.2f ms, inference-service %.2f ms",
                    tokenizer.cpuTime().minus(tokenizerAt).toNanos() / 1e6 / records, inference.cpuTime().minus(inferenceAt).toNanos() / 1e6 / records);
        }
    }

    public static void main(String[] args) throws Exception {
        Path home = Path.of(System.getProperty("bertstream.home", ".")).toAbsolutePath();
        Path bundle = home.resolve("models/demo");
        Path corpus = home.resolve("data/pretrain/imdb-train.txt");
        int records = 2000;
        BenchArgs cli = new BenchArgs("bertstream bench stream", "[--bundle DIR] [--records N] [--corpus FILE]", args);
        while (cli.next()) {
            switch (cli.flag()) {
                case "--bundle" -> bundle = cli.existingPath().toAbsolutePath();
                case "--records" -> records = cli.positiveInt();
                case "--corpus" -> corpus = cli.existingPath();
                default -> cli.unknown();
            }
        }
        JsonNode graphs = new ObjectMapper().readTree(bundle.resolve("config.json").toFile()).path("bertstream").path("graphs");
        boolean classifier = graphs.has("classifier");
        String task = classifier ? "classification" : "embedding";
        Path graph = bundle.resolve(graphs.path(classifier ? "classifier" : "embeddings").asText());
        List<String> texts = TokenizerServiceBench.texts(corpus, WarmUp.inputs(records));
        System.out.printf(Locale.ROOT, "stream: bundle %s, %d IMDB paragraphs (task %s, at most %d tokens), both services, a local broker%n",
                bundle, records, task, MAX_TOKENS);

        List<String> measured = texts.subList(WarmUp.RECORDS, WarmUp.RECORDS + records);
        BertTokenizer tokenizer = BertTokenizer.load(bundle).withTruncation(Truncation.longestFirst(MAX_TOKENS));
        double rawTokenizer = TokenizerServiceBench.rawRecordsPerSecond(tokenizer, measured);
        List<Encoding> encodings = measured.stream().map(tokenizer::encode).toList();
        double rawOnnx = InferenceServiceBench.raw(graph, encodings, InferenceServiceBench.CPU_BATCH, InferenceServiceBench.SERVICE_THREADS, false).perSecond();
        double raw = 1 / (1 / rawTokenizer + 1 / rawOnnx);
        System.out.printf(Locale.ROOT, "%-52s %8.0f sentences/s (tokenizer %.0f/s, ONNX Runtime %.0f/s)%n",
                "raw, this JVM, no Kafka", raw, rawTokenizer, rawOnnx);

        String bootstrap = SharedBroker.bootstrapServers();
        String run = UUID.randomUUID().toString().substring(0, 8);
        String sentences = "bench-sentences-" + run, predictions = "bench-predictions-" + run;
        Map<String, String> env = Map.of(
                "KAFKA_BOOTSTRAP_SERVERS", bootstrap,
                "BERTSTREAM_BUNDLE", bundle.toString(),
                "BERTSTREAM_TOKENIZER_MAX_TOKENS", Integer.toString(MAX_TOKENS),
                "BERTSTREAM_TOPICS_SENTENCES", sentences,
                "BERTSTREAM_TOPICS_TOKENS", "bench-tokens-" + run,
                "BERTSTREAM_TOPICS_PREDICTIONS", predictions,
                "BERTSTREAM_TOPICS_DLQ", "bench-dlq-" + run);
        for (String topic : List.of(sentences, "bench-tokens-" + run, predictions)) {
            BenchRecords.createTopic(bootstrap, topic);
        }
        BenchRecords inputs = BenchRecords.sentences(texts, task);
        int drained = WarmUp.RECORDS + records;
        Path logs = Files.createTempDirectory("stream-bench");
        try (PredictionTimes times = new PredictionTimes(bootstrap, predictions, texts.size());
                var tokenizerService = ServiceProcess.start(home, "tokenizer-service", ServiceProcess.freePort(), env,
                        logs.resolve("tokenizer-service.log"));
                var inferenceService = ServiceProcess.start(home, "inference-service", ServiceProcess.freePort(), env,
                        logs.resolve("inference-service.log"))) {
            inputs.produce(bootstrap, sentences, 0, WarmUp.RECORDS, 0);
            times.await(0, WarmUp.RECORDS, TIMEOUT, logs.toString());
            ServiceCpu cpu = new ServiceCpu(tokenizerService, inferenceService);
            inputs.produce(bootstrap, sentences, WarmUp.RECORDS, drained, 0);
            times.await(WarmUp.RECORDS, drained, TIMEOUT, logs.toString());
            double backlog = times.writtenPerSecond(WarmUp.RECORDS, drained);
            System.out.printf(Locale.ROOT, "%-52s %8.0f sentences/s (%.2f of raw); %s%n", "through Kafka and both services, a backlog",
                    backlog, backlog / raw, cpu.perRecordSince(records));
            double offered = backlog / 2;
            int paced = drained + WarmUp.pacedRecords(offered);
            inputs.produce(bootstrap, sentences, drained, paced, offered);
            cpu = new ServiceCpu(tokenizerService, inferenceService);
            inputs.produce(bootstrap, sentences, paced, paced + records, offered);
            times.await(drained, paced + records, TIMEOUT, logs.toString());
            System.out.printf(Locale.ROOT, "%-52s %s%n", "", cpu.perRecordSince(records));
            double[] ms = times.latenciesMs(inputs.sentAt, paced, paced + records);
            double p50 = PredictionTimes.percentile(ms, 0.50), p99 = PredictionTimes.percentile(ms, 0.99);
            System.out.printf(Locale.ROOT, "%-52s p50 %.1f ms, p99 %.1f ms, max %.0f ms (sentence sent -> prediction consumed)%n",
                    String.format(Locale.ROOT, "at %.0f sentences/s (half the backlog rate)", offered), p50, p99, ms[ms.length - 1]);
            System.out.printf(Locale.ROOT, "%-52s %s%n", "", times.tail(inputs.sentAt, paced, paced + records));
            BenchFigure.rate("stream", "sentences, backlog", "sentences/s", backlog, "raw tokenizer + ONNX Runtime, no Kafka", raw).print();
            BenchFigure.time("stream", "p50 latency at half load", "ms", p50, "none", Double.NaN).print();
            BenchFigure.time("stream", "p99 latency at half load", "ms", p99, "none", Double.NaN).print();
        }
    }
}
