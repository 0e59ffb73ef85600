package io.bertstream.e2e.bench;

import ai.onnxruntime.OnnxTensor;
import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtSession;
import io.bertstream.e2e.ServiceProcess;
import io.bertstream.kafka.SharedBroker;
import io.bertstream.inference.BatchPolicy;
import io.bertstream.inference.InferenceSettings;
import io.bertstream.tokenizer.OutputFormat;
import io.bertstream.wordpiece.BertTokenizer;
import io.bertstream.wordpiece.bench.BenchArgs;
import io.bertstream.wordpiece.bench.BenchFigure;
import io.bertstream.wordpiece.Encoding;
import io.bertstream.wordpiece.Truncation;
import java.lang.management.ManagementFactory;
import java.nio.LongBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.UUID;

/**
 * Predictions/s through the inference-service (its jar as a process, a real broker) next to raw
 * ONNX Runtime in this JVM on the same graph, texts, batches and session options; then the latency
 * at a fixed offered rate of half the measured stream throughput, from each record's produce time
 * to its prediction being consumed. Both for at-least-once and for exactly-once delivery.
 *
 * <p>The raw baseline batches as the service does under a backlog: each poll is one model batch
 * (the service's {@code max.poll.records} is its batch size), sorted by length and padded to its
 * longest. The batch size is the service's CPU default unless {@code --batch} says otherwise. It
 * runs three passes over the measured records, timed together as the service's one drain is,
 * before and after the streams; their mean is the baseline, and a gap between the two shows
 * that the machine's load changed meanwhile. Once the service is up and has served
 * {@value WarmUp#RECORDS} warm-up records, the measured ones are sent flat out (far faster than it
 * serves them: it drains a backlog); its rate is read from the predictions' timestamps. CPU time
 * per record (all threads of the process, from /proc) says what the stream costs beyond the model,
 * whatever else the machine runs.
 *
 * <p>Usage: {@code InferenceServiceBench [--bundle DIR] [--records N] [--corpus FILE] [--batch N] [--intra-op-threads N]
 * [--spin-wait] [--tokens-format binary|json]}; the token records are binary ({@code bertstream.tokens.v2}, what the
 * tokenizer-service writes by default) unless asked for JSON.
 */
public final class InferenceServiceBench {

    /** The inference-service's default model batch on CPU. */
    static final int CPU_BATCH = BatchPolicy.CPU.maxBatchSize();
    /** The inference-service's default {@code intra-op-threads}. */
    static final int SERVICE_THREADS = InferenceSettings.Inference.DEFAULT_INTRA_OP_THREADS;
    private static final int MAX_TOKENS = 128;

    /** @param cpuMs CPU time per record, all threads of the process (ONNX Runtime's included) */
    record Throughput(double perSecond, double cpuMs) {}

    private record StreamFigures(Throughput throughput, double p50, double p99, double max, int duplicates) {
        double perSecond() {
            return throughput.perSecond();
        }
    }

    private InferenceServiceBench() {}

    public static void main(String[] args) throws Exception {
        Path home = Path.of(System.getProperty("bertstream.home", ".")).toAbsolutePath();
        Path bundle = home.resolve("models/demo");
        Path corpus = home.resolve("data/pretrain/imdb-train.txt");
        int records = 3000;
        int batch = CPU_BATCH;
        int threads = SERVICE_THREADS;
        boolean spin = false;
        OutputFormat format = OutputFormat.BINARY;
        BenchArgs cli = new BenchArgs("bertstream bench inference-service", "[--bundle DIR] [--records N] [--corpus FILE] [--batch N] [--intra-op-threads N] [--spin-wait] [--tokens-format binary|json]", args);
        while (cli.next()) {
            switch (cli.flag()) {
                case "--bundle" -> bundle = cli.existingPath().toAbsolutePath();
                case "--records" -> records = cli.positiveInt();
                case "--corpus" -> corpus = cli.existingPath();
                case "--batch" -> batch = cli.positiveInt();
                case "--intra-op-threads" -> threads = cli.positiveInt();
                case "--spin-wait" -> spin = true;
                case "--tokens-format" -> format = cli.parsed(v -> OutputFormat.valueOf(v.toUpperCase(Locale.ROOT)), "binary or json");
                default -> cli.unknown();
            }
        }
        List<Encoding> encodings = encode(bundle, corpus, WarmUp.inputs(records));
        String model = bundle.getFileName() + " (" + Files.readString(bundle.resolve("config.json")).replaceAll("(?s).*\"bertstream_preset\"\\s*:\\s*\"([^\"]+)\".*", "$1") + ")";
        System.out.printf(Locale.ROOT, "inference: model %s, %d IMDB paragraphs (embedding task, at most %d tokens), batch %d, %d intra-op threads, "
                + "spin-wait %s, token records %s%n", model, records, MAX_TOKENS, batch, threads, spin, format.name().toLowerCase(Locale.ROOT));

        Path graph = bundle.resolve("onnx/embeddings.onnx");
        List<Encoding> measured = encodings.subList(WarmUp.RECORDS, WarmUp.RECORDS + records);
        Throughput rawBefore = raw(graph, measured, batch, threads, spin);
        String bootstrap = SharedBroker.bootstrapServers();
        StreamFigures atLeastOnce = stream(home, bootstrap, bundle, encodings, format, records, batch, threads, spin, false, 0);
        StreamFigures exactlyOnce = stream(home, bootstrap, bundle, encodings, format, records, batch, threads, spin, true, atLeastOnce.perSecond() / 2);
        // Measured again after the streams, so that a change in the machine's load shows as a gap between the two.
        Throughput rawAfter = raw(graph, measured, batch, threads, spin);
        Throughput raw = new Throughput((rawBefore.perSecond() + rawAfter.perSecond()) / 2, (rawBefore.cpuMs() + rawAfter.cpuMs()) / 2);

        double rate = atLeastOnce.perSecond() / 2;
        System.out.printf(Locale.ROOT, "%n%-28s %10s %7s %12s %7s %26s %8s %10s%n", "", "records/s", "/ raw", "CPU ms/rec", "/ raw",
                String.format(Locale.ROOT, "latency at %.0f/s p50, p99", rate), "max", "duplicates");
        print("raw ONNX Runtime, before", rawBefore, raw, null);
        print("raw ONNX Runtime, after", rawAfter, raw, null);
        print("service, at-least-once", atLeastOnce.throughput(), raw, atLeastOnce);
        print("service, exactly-once", exactlyOnce.throughput(), raw, exactlyOnce);
        System.out.printf(Locale.ROOT, "stream / raw (mean of before and after): %.2f at-least-once, %.2f exactly-once (target >= 0.80); "
                + "exactly-once / at-least-once: %.2f%n",
                atLeastOnce.perSecond() / raw.perSecond(), exactlyOnce.perSecond() / raw.perSecond(), exactlyOnce.perSecond() / atLeastOnce.perSecond());
        System.out.printf(Locale.ROOT, "p99 at half load: %.1f ms at-least-once, %.1f ms exactly-once (target < 50 ms)%n",
                atLeastOnce.p99(), exactlyOnce.p99());
        BenchFigure.rate("inference-service", "predictions, backlog", "records/s", atLeastOnce.perSecond(),
                "raw ONNX Runtime, same batches", raw.perSecond()).print();
        BenchFigure.time("inference-service", "CPU per prediction", "ms", atLeastOnce.throughput().cpuMs(),
                "raw ONNX Runtime, same batches", raw.cpuMs()).print();
        BenchFigure.rate("inference-service", "predictions, exactly-once", "records/s", exactlyOnce.perSecond(),
                "same, at-least-once", atLeastOnce.perSecond()).print();
        BenchFigure.time("inference-service", "p99 latency at half load", "ms", atLeastOnce.p99(), "none (target 50 ms)", Double.NaN).print();
    }

    private static void print(String what, Throughput t, Throughput raw, StreamFigures f) {
        String latency = f == null ? "" : String.format(Locale.ROOT, "%.1f ms, %.1f ms", f.p50(), f.p99());
        System.out.printf(Locale.ROOT, "%-28s %10.0f %7.2f %12.2f %7.2f %26s %8s %10s%n", what, t.perSecond(), t.perSecond() / raw.perSecond(),
                t.cpuMs(), t.cpuMs() / raw.cpuMs(), latency,
                f == null ? "" : String.format(Locale.ROOT, "%.0f ms", f.max()), f == null ? "" : Integer.toString(f.duplicates()));
    }

    private static List<Encoding> encode(Path bundle, Path corpus, int count) throws Exception {
        BertTokenizer tokenizer = BertTokenizer.load(bundle).withTruncation(Truncation.longestFirst(MAX_TOKENS));
        List<String> lines = Files.readAllLines(corpus, StandardCharsets.UTF_8).stream().filter(l -> !l.isBlank()).toList();
        List<Encoding> encodings = new ArrayList<>(count);
        for (int i = 0; i < count; i++) {
            encodings.add(tokenizer.encode(lines.get(i % lines.size())));
        }
        return encodings;
    }

    /**
     * The service on topics of its own: drains {@link WarmUp#RECORDS} + {@code records} records filled
     * beforehand, then takes {@code records} more at {@code rate} (half its drain rate when 0),
     * after a paced warm-up at that rate.
     */
    private static StreamFigures stream(Path home, String bootstrap, Path bundle, List<Encoding> encodings, OutputFormat format,
            int records, int batch, int threads, boolean spin, boolean exactlyOnce, double rate) throws Exception {
        String run = UUID.randomUUID().toString().substring(0, 8);
        String tokens = "bench-tokens-" + run, predictions = "bench-predictions-" + run;
        Map<String, String> env = new HashMap<>(Map.of(
                "KAFKA_BOOTSTRAP_SERVERS", bootstrap,
                "BERTSTREAM_BUNDLE", bundle.toString(),
                "BERTSTREAM_TOPICS_TOKENS", tokens,
                "BERTSTREAM_TOPICS_PREDICTIONS", predictions,
                "BERTSTREAM_TOPICS_DLQ", "bench-dlq-" + run,
                "BERTSTREAM_INFERENCE_MAX_BATCH_SIZE", Integer.toString(batch),
                "BERTSTREAM_INFERENCE_INTRA_OP_THREADS", Integer.toString(threads),
                "BERTSTREAM_INFERENCE_SPIN_WAIT", Boolean.toString(spin),
                "BERTSTREAM_INFERENCE_EXACTLY_ONCE", Boolean.toString(exactlyOnce),
                "BERTSTREAM_INFERENCE_TRANSACTIONAL_ID", "bench-" + run));
        String mode = exactlyOnce ? "exactly-once" : "at-least-once";
        BenchRecords inputs = BenchRecords.tokens(encodings, "embedding", format);
        int drained = WarmUp.RECORDS + records;
        BenchRecords.createTopic(bootstrap, tokens);
        Path log = Files.createTempFile("inference-service-bench", ".log");
        try (PredictionTimes times = new PredictionTimes(bootstrap, predictions, encodings.size());
                var service = ServiceProcess.start(home, "inference-service", ServiceProcess.freePort(), env, log)) {
            inputs.produce(bootstrap, tokens, 0, WarmUp.RECORDS, 0);
            times.await(0, WarmUp.RECORDS, Duration.ofMinutes(10), log.toString());
            Duration cpuAtWarm = service.cpuTime(); // idle now: the window holds exactly the measured records
            inputs.produce(bootstrap, tokens, WarmUp.RECORDS, drained, 0);
            times.await(WarmUp.RECORDS, drained, Duration.ofMinutes(10), log.toString());
            Throughput drain = new Throughput(times.writtenPerSecond(WarmUp.RECORDS, drained), service.cpuTime().minus(cpuAtWarm).toNanos() / 1e6 / records);
            System.out.printf(Locale.ROOT, "%-48s %8.0f records/s, %.2f CPU ms/record%n", "service " + mode + ", draining a backlog",
                    drain.perSecond(), drain.cpuMs());
            double offered = rate > 0 ? rate : drain.perSecond() / 2;
            int paced = drained + WarmUp.pacedRecords(offered);
            inputs.produce(bootstrap, tokens, drained, paced, offered);
            inputs.produce(bootstrap, tokens, paced, paced + records, offered);
            times.await(drained, paced + records, Duration.ofMinutes(10), log.toString());
            double[] ms = times.latenciesMs(inputs.sentAt, paced, paced + records);
            StreamFigures figures = new StreamFigures(drain, PredictionTimes.percentile(ms, 0.50), PredictionTimes.percentile(ms, 0.99),
                    ms[ms.length - 1], times.duplicates());
            System.out.printf(Locale.ROOT, "%-48s p50 %.1f ms, p99 %.1f ms, max %.0f ms%n",
                    "service " + mode + ", " + Math.round(offered) + " records/s offered", figures.p50(), figures.p99(), figures.max());
            System.out.printf(Locale.ROOT, "%-48s %s%n", "", times.tail(inputs.sentAt, paced, paced + records));
            return figures;
        }
    }

    /**
     * Three timed passes after a warm-up pass, with the service's batching and session options,
     * taken together: the same rule as the service's drain, which is one long run (a best pass
     * would set a lucky spell of the shared machine against the service's whole run).
     */
    static Throughput raw(Path graph, List<Encoding> encodings, int batch, int threads, boolean spin) throws Exception {
        var os = (com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean();
        List<List<Encoding>> batches = serviceBatches(encodings, batch);
        OrtEnvironment env = OrtEnvironment.getEnvironment();
        try (OrtSession.SessionOptions options = new OrtSession.SessionOptions()) {
            options.setIntraOpNumThreads(threads);
            options.setInterOpNumThreads(1);
            options.addConfigEntry("session.intra_op.allow_spinning", spin ? "1" : "0");
            options.setOptimizationLevel(OrtSession.SessionOptions.OptLevel.ALL_OPT);
            try (OrtSession session = env.createSession(graph.toString(), options)) {
                for (List<Encoding> modelBatch : batches) {
                    run(env, session, modelBatch);
                }
                int passes = 3;
                long start = System.nanoTime();
                long cpu = os.getProcessCpuTime();
                for (int pass = 0; pass < passes; pass++) {
                    for (List<Encoding> modelBatch : batches) {
                        run(env, session, modelBatch);
                    }
                }
                long records = (long) passes * encodings.size();
                Throughput throughput = new Throughput(records / ((System.nanoTime() - start) / 1e9),
                        (os.getProcessCpuTime() - cpu) / 1e6 / records);
                System.out.printf(Locale.ROOT, "%-48s %8.0f records/s, %.2f CPU ms/record%n", "raw ONNX Runtime (this JVM, same batches)",
                        throughput.perSecond(), throughput.cpuMs());
                return throughput;
            }
        }
    }

    /** Polls of {@code batch} records, each sorted by length: the model batches the service runs under a backlog. */
    private static List<List<Encoding>> serviceBatches(List<Encoding> encodings, int batch) {
        List<List<Encoding>> batches = new ArrayList<>();
        for (int from = 0; from < encodings.size(); from += batch) {
            List<Encoding> poll = new ArrayList<>(encodings.subList(from, Math.min(encodings.size(), from + batch)));
            poll.sort(Comparator.comparingInt(Encoding::length));
            batches.add(poll);
        }
        return batches;
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
}
