package io.bertstream.trainer.bench;

import ai.onnxruntime.OnnxTensor;
import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtException;
import ai.onnxruntime.OrtSession;
import io.bertstream.trainer.bert.BertConfig;
import io.bertstream.trainer.bert.BertForPreTraining;
import io.bertstream.trainer.onnx.BertGraph;
import io.bertstream.trainer.onnx.BertGraphBuilder;
import io.bertstream.trainer.onnx.BertWeights;
import io.bertstream.trainer.onnx.OnnxOpCounts;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import io.bertstream.wordpiece.bench.BenchArgs;
import io.bertstream.wordpiece.bench.BenchFigure;
import java.util.Locale;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.TimeUnit;

/**
 * ONNX Runtime (Java, CPU) throughput in sequences/s of our exported graphs for a preset with
 * random weights, next to the same configuration exported by {@code torch.onnx.export}
 * ({@code trainer/scripts/export_bert_torch.py}) and run by ONNX Runtime in the same process
 * with the same options; each batch size runs ours then torch's back to back. Also prints which
 * fusions ONNX Runtime applied to each graph (node counts before and after its optimizer).
 *
 * <p>{@code OnnxBench [--preset mini] [--vocab 8192] [--seq 128] [--batches 1,8,32] [--threads 2]
 * [--seconds 3] [--cpu-time] [--graphs fill_mask,embeddings,...] [--python /usr/bin/python3] [--no-torch]}. Timing: two warm-up
 * runs, then five rounds of at least S/5 seconds per graph, the graphs' rounds interleaved so
 * that changing load on a shared machine hits all alike; the best round counts. With
 * {@code --cpu-time} the intra-op threads do not spin and a run is timed by the process's CPU
 * time (all threads, native included): throughput per CPU-second times the thread count, a
 * figure that other load on the machine hardly moves. The ratio ours/torch (full logits, like
 * for like) comes last.
 */
public final class OnnxBench {
    private static final int MASK_ID = 4;

    public static void main(String[] args) throws Exception {
        BertConfig.Preset preset = BertConfig.Preset.MINI;
        String python = "/usr/bin/python3";
        int vocab = 8192, seq = 128, threads = 2;
        double seconds = 3;
        boolean cpuTime = false, torch = true;
        List<Integer> batches = List.of(1, 8, 32);
        List<String> wanted = null;
        BenchArgs cli = new BenchArgs("bertstream bench onnx", "[--preset mini] [--vocab 8192] [--seq 128] [--batches 1,8,32] [--threads 2]"
                + " [--seconds 3] [--cpu-time] [--graphs fill_mask,embeddings,...] [--python PATH] [--no-torch]", args);
        while (cli.next()) {
            switch (cli.flag()) {
                case "--preset" -> preset = cli.checked(BertConfig.Preset::named);
                case "--vocab" -> vocab = cli.positiveInt();
                case "--seq" -> seq = cli.positiveInt();
                case "--batches" -> batches = cli.parsed(v -> java.util.Arrays.stream(v.split(",")).map(Integer::parseInt).toList(),
                        "comma-separated integers");
                case "--threads" -> threads = cli.positiveInt();
                case "--seconds" -> seconds = cli.positiveDouble();
                case "--cpu-time" -> cpuTime = true;
                case "--graphs" -> wanted = List.of(cli.value().split(","));
                case "--python" -> python = cli.value();
                case "--no-torch" -> torch = false;
                default -> cli.unknown();
            }
        }
        BertConfig config = BertConfig.preset(preset, vocab, 512);
        Path work = Files.createTempDirectory("onnx-bench");

        BertWeights weights = BertWeights.of(config, new BertForPreTraining(config, 1).parameters().named());
        Map<String, Path> graphs = new LinkedHashMap<>();
        // the graphs as bundles have them, and the serving fill-mask with com.microsoft.Attention (export --contrib-attention)
        for (boolean contrib : List.of(false, true)) {
            for (BertGraph g : contrib ? List.of(BertGraph.FILL_MASK_TOP_K) : List.of(BertGraph.FILL_MASK, BertGraph.FILL_MASK_TOP_K, BertGraph.EMBEDDINGS)) {
                String name = "ours " + g.key() + (contrib ? " contrib-attn" : "");
                Path file = work.resolve(name.replace(' ', '_') + ".onnx");
                BertGraphBuilder.build(g, weights, new BertGraphBuilder.Options(MASK_ID, 10, contrib)).write(file, "bench", "");
                graphs.put(name, file);
            }
        }
        String torchSkip = torch ? torchExport(python, config, work) : "--no-torch";
        if (torchSkip == null) graphs.put("torch fill_mask", work.resolve("torch.onnx"));
        if (wanted != null) {
            List<String> only = wanted;
            graphs.keySet().removeIf(name -> only.stream().noneMatch(w -> name.substring(name.indexOf(' ') + 1).equals(w)));
        }

        System.out.printf(Locale.ROOT, "ONNX Runtime %s, %d intra-op threads, timed by %s, %s (L=%d, H=%d, vocab %d), sequence %d, random weights%n",
                OrtEnvironment.getEnvironment().getVersion(), threads, cpuTime ? "process CPU time (no spinning)" : "wall clock", preset.name().toLowerCase(Locale.ROOT), config.numHiddenLayers(),
                config.hiddenSize(), config.vocabSize(), seq);
        if (torchSkip != null) System.out.println("torch baseline skipped: " + torchSkip);

        OrtEnvironment env = OrtEnvironment.getEnvironment();
        Map<String, OrtSession> sessions = new LinkedHashMap<>();
        System.out.println("\nfusions (node counts before -> after ONNX Runtime's optimizer; ops it introduced, and all com.microsoft ops):");
        for (Map.Entry<String, Path> e : graphs.entrySet()) {
            Path optimized = work.resolve(e.getKey().replace(' ', '_') + ".optimized.onnx");
            OrtSession.SessionOptions so = new OrtSession.SessionOptions();
            so.setIntraOpNumThreads(threads);
            so.setInterOpNumThreads(1);
            so.setOptimizationLevel(OrtSession.SessionOptions.OptLevel.ALL_OPT);
            so.setOptimizedModelFilePath(optimized.toString());
            if (cpuTime) so.addConfigEntry("session.intra_op.allow_spinning", "0");
            sessions.put(e.getKey(), env.createSession(e.getValue().toString(), so));
            System.out.printf("  %-34s %s%n", e.getKey(), fusions(OnnxOpCounts.of(e.getValue()), OnnxOpCounts.of(optimized)));
        }

        System.out.printf("%n%-34s %8s %12s %10s%n", "graph", "batch", "seq/s", "ms/batch");
        Map<Integer, double[]> ratio = new LinkedHashMap<>();
        for (int batch : batches) {
            Map<String, OnnxTensor> inputs = inputs(env, batch, seq, config.vocabSize());
            Map<String, Double> best = bestSeconds(sessions, inputs, seconds, cpuTime);
            for (Map.Entry<String, Double> b : best.entrySet()) {
                // CPU seconds spread over the intra-op threads: comparable with wall-clock figures on an idle machine
                double perRun = cpuTime ? b.getValue() / threads : b.getValue();
                double perSecond = batch / perRun;
                System.out.printf(Locale.ROOT, "%-34s %8d %12.1f %10.2f%n", b.getKey(), batch, perSecond, 1000.0 * perRun);
                if (b.getKey().equals("ours fill_mask")) ratio.computeIfAbsent(batch, k -> new double[2])[0] = perSecond;
                if (b.getKey().equals("torch fill_mask")) ratio.computeIfAbsent(batch, k -> new double[2])[1] = perSecond;
            }
            inputs.values().forEach(OnnxTensor::close);
        }
        for (OrtSession s : sessions.values()) s.close();
        try (var files = Files.walk(work)) {
            for (Path p : files.sorted(java.util.Comparator.reverseOrder()).toList()) Files.delete(p);
        }
        if (torchSkip == null) {
            double logSum = 0;
            StringBuilder line = new StringBuilder("\nratio ours/torch (fill-mask, full logits):");
            for (Map.Entry<Integer, double[]> r : ratio.entrySet()) {
                double x = r.getValue()[0] / r.getValue()[1];
                logSum += Math.log(x);
                line.append(String.format(Locale.ROOT, "  batch %d %.2fx", r.getKey(), x));
                BenchFigure.rate("onnx", "fill-mask batch " + r.getKey(), "seq/s", r.getValue()[0], "torch.onnx.export graph",
                        r.getValue()[1]).print();
            }
            System.out.println(line.append(String.format(Locale.ROOT, "  geomean %.2fx", Math.exp(logSum / ratio.size()))));
        }
    }

    /** Fully attended sequences of random ids, one [MASK] each (what a fill-mask request looks like). */
    private static Map<String, OnnxTensor> inputs(OrtEnvironment env, int batch, int seq, int vocab) throws OrtException {
        Random r = new Random(batch);
        long[][] ids = new long[batch][seq], mask = new long[batch][seq], types = new long[batch][seq];
        for (int b = 0; b < batch; b++) {
            for (int t = 0; t < seq; t++) {
                ids[b][t] = 5 + r.nextInt(vocab - 5);
                mask[b][t] = 1;
                types[b][t] = t < seq / 2 ? 0 : 1;
            }
            ids[b][1 + r.nextInt(seq - 2)] = MASK_ID;
        }
        return Map.of("input_ids", OnnxTensor.createTensor(env, ids), "attention_mask", OnnxTensor.createTensor(env, mask),
                "token_type_ids", OnnxTensor.createTensor(env, types));
    }

    /** Each session's best seconds per run over five interleaved rounds. */
    private static Map<String, Double> bestSeconds(Map<String, OrtSession> sessions, Map<String, OnnxTensor> inputs, double seconds,
            boolean cpuTime) throws OrtException {
        var os = (com.sun.management.OperatingSystemMXBean) java.lang.management.ManagementFactory.getOperatingSystemMXBean();
        Map<String, Double> best = new LinkedHashMap<>();
        for (Map.Entry<String, OrtSession> s : sessions.entrySet()) {
            for (int i = 0; i < 2; i++) s.getValue().run(inputs).close();
            best.put(s.getKey(), Double.MAX_VALUE);
        }
        for (int round = 0; round < 5; round++) {
            for (Map.Entry<String, OrtSession> s : sessions.entrySet()) {
                long start = System.nanoTime(), end = start + (long) (seconds / 5 * 1e9), cpuStart = os.getProcessCpuTime();
                int runs = 0;
                long now;
                do {
                    s.getValue().run(inputs).close();
                    runs++;
                    now = System.nanoTime();
                } while (now < end);
                double elapsed = cpuTime ? (os.getProcessCpuTime() - cpuStart) / 1e9 : (now - start) / 1e9;
                best.merge(s.getKey(), elapsed / runs, Math::min);
            }
        }
        return best;
    }

    private static String fusions(Map<String, Integer> before, Map<String, Integer> after) {
        int nodesBefore = before.values().stream().mapToInt(Integer::intValue).sum();
        int nodesAfter = after.values().stream().mapToInt(Integer::intValue).sum();
        List<String> fused = new ArrayList<>();
        after.forEach((op, n) -> {
            if (!before.containsKey(op) || op.startsWith("com.microsoft:")) fused.add(op + "×" + n);
        });
        return nodesBefore + " -> " + nodesAfter + " nodes; fused/new: " + (fused.isEmpty() ? "none" : String.join(", ", fused));
    }

    /** Runs the torch export; null when it worked, else why the baseline is skipped. */
    private static String torchExport(String python, BertConfig c, Path work) throws Exception {
        Path script = null;
        for (String p : List.of("scripts/export_bert_torch.py", "trainer/scripts/export_bert_torch.py")) {
            if (Files.isRegularFile(Path.of(p))) script = Path.of(p);
        }
        if (script == null) return "trainer/scripts/export_bert_torch.py not found (run from the repository root)";
        if (!Files.isExecutable(Path.of(python))) return python + " not found";
        Process p = new ProcessBuilder(python, script.toString(), work.resolve("torch.onnx").toString(),
                "--vocab", "" + c.vocabSize(), "--hidden", "" + c.hiddenSize(), "--layers", "" + c.numHiddenLayers(),
                "--heads", "" + c.numAttentionHeads(), "--intermediate", "" + c.intermediateSize(),
                "--positions", "" + c.maxPositionEmbeddings()).redirectErrorStream(true).start();
        String log = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (!p.waitFor(300, TimeUnit.SECONDS) || p.exitValue() != 0) {
            return "torch export failed (apt-get install python3-torch?): " + log.strip().lines().reduce((a, b) -> b).orElse("");
        }
        return null;
    }
}
