package io.bertstream.trainer.bench;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.bertstream.trainer.autograd.Parallel;
import io.bertstream.trainer.bert.BertConfig;
import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryPoolMXBean;
import java.lang.management.MemoryType;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import io.bertstream.wordpiece.bench.BenchArgs;
import io.bertstream.wordpiece.bench.BenchFigure;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.TimeUnit;

/**
 * Pre-training speed: training tokens/s (forward, backward, clipping, AdamW; MLM + NSP with 15 %
 * of positions masked, dropout 0.1) of the {@code tiny} and {@code mini} presets, vocabulary
 * 8192, sequence 128, batch 32, with 2 threads, next to PyTorch on the same configuration and
 * batch ({@code trainer/scripts/train_bench_torch.py}, same model written in torch, OpenBLAS's
 * env pins removed from that process only). The machine's speed drifts by a fifth from one
 * minute to the next, so Java and PyTorch take turns: each round times the Java model (warmed
 * up once) and then PyTorch with its best thread count (1 and 2 are both tried in the first
 * round), and the ratio reported last is the median of the rounds' ratios. Prints the peak heap.
 *
 * <p>Arguments (all optional): {@code --presets tiny,mini --threads 2 --batch 32 --seq 128 --steps N --rounds 3}.
 */
public final class TrainBench {
    private static final String PYTHON = "/usr/bin/python3";
    static final int VOCAB = 8192;

    public static void main(String[] args) throws Exception {
        List<BertConfig.Preset> presets = List.of(BertConfig.Preset.TINY, BertConfig.Preset.MINI);
        int threads = 2, batch = 32, seq = 128, stepsArg = 0, rounds = 3;
        BenchArgs cli = new BenchArgs("bertstream bench train", "[--presets tiny,mini] [--threads N] [--batch N] [--seq N] [--steps N] [--rounds N]", args);
        while (cli.next()) {
            switch (cli.flag()) {
                case "--presets" -> presets = cli.checked(v -> Arrays.stream(v.split(",")).map(BertConfig.Preset::named).toList());
                case "--threads" -> threads = cli.positiveInt();
                case "--batch" -> batch = cli.positiveInt();
                case "--seq" -> seq = cli.positiveInt();
                case "--steps" -> stepsArg = cli.positiveInt();
                case "--rounds" -> rounds = cli.positiveInt();
                default -> cli.unknown();
            }
        }
        Parallel.setThreads(threads);
        int masked = PretrainStep.maskedPerSequence(seq);
        System.out.printf(Locale.ROOT, "train bench: vocab %d, batch %d x seq %d, %d masked per sequence, Java %d threads, %d rounds%n",
                VOCAB, batch, seq, masked, threads, rounds);
        StringBuilder ratios = new StringBuilder();
        for (BertConfig.Preset preset : presets) {
            String name = preset.name().toLowerCase(Locale.ROOT);
            int steps = stepsArg > 0 ? stepsArg : preset == BertConfig.Preset.TINY ? 12 : 6;
            resetPeaks();
            PretrainStep step = new PretrainStep(BertConfig.preset(preset, VOCAB, 512), batch, seq, masked);
            for (int i = 0; i < PretrainStep.WARMUP_STEPS; i++) step.run(i);
            double[] java = new double[rounds], torch = new double[rounds], ratio = new double[rounds];
            int torchThreads = 0, compared = 0;
            boolean torchFailed = false;
            for (int r = 0; r < rounds; r++) {
                java[r] = javaTokensPerSecond(step, steps);
                System.out.printf(Locale.ROOT, "%-5s round %d  java    %2d threads: %,9.0f tokens/s%n", name, r + 1, threads, java[r]);
                if (torchFailed) continue; // no PyTorch: the Java figures alone
                for (int t : torchThreads > 0 ? new int[] {torchThreads} : new int[] {1, 2}) {
                    Double rate = torchTokensPerSecond(name, t, batch, seq, masked, steps);
                    if (rate == null) break;
                    System.out.printf(Locale.ROOT, "%-5s round %d  pytorch %2d threads: %,9.0f tokens/s%n", name, r + 1, t, rate);
                    if (rate > torch[r]) {
                        torch[r] = rate;
                        if (r == 0) torchThreads = t;
                    }
                }
                torchFailed = torch[r] == 0;
                if (!torchFailed) ratio[compared++] = java[r] / torch[r];
            }
            System.out.printf(Locale.ROOT, "%-5s peak heap %,.0f MiB%n", name, peakHeapMiB());
            double javaRate = median(java);
            BenchFigure.rate("train " + name, "MLM+NSP step", "tokens/s", javaRate,
                    "PyTorch (best of 1, 2 threads; medians of alternating rounds)",
                    compared > 0 ? median(Arrays.copyOf(torch, compared)) : Double.NaN).print();
            double[] measured = Arrays.copyOf(ratio, compared);
            ratios.append(compared > 0
                    ? String.format(Locale.ROOT, "%s java/pytorch(best) = %.2f (rounds %s)   ", name, median(measured), format(measured))
                    : String.format(Locale.ROOT, "%s java = %,.0f tokens/s (no PyTorch)   ", name, javaRate));
        }
        System.out.println(ratios.toString().strip());
    }

    /** Tokens/s of {@code steps} more steps of a warmed-up step. */
    private static double javaTokensPerSecond(PretrainStep step, int steps) {
        long start = System.nanoTime();
        for (int i = 0; i < steps; i++) step.run(PretrainStep.WARMUP_STEPS + i);
        return (double) step.tokens() * steps / ((System.nanoTime() - start) / 1e9);
    }

    private static double median(double[] values) {
        double[] sorted = values.clone();
        Arrays.sort(sorted);
        int n = sorted.length;
        return n % 2 == 1 ? sorted[n / 2] : (sorted[n / 2 - 1] + sorted[n / 2]) / 2;
    }

    private static String format(double[] values) {
        StringBuilder sb = new StringBuilder();
        for (double v : values) sb.append(sb.length() == 0 ? "" : ", ").append(String.format(Locale.ROOT, "%.2f", v));
        return sb.toString();
    }

    private static Double torchTokensPerSecond(String preset, int threads, int batch, int seq, int masked, int steps)
            throws IOException, InterruptedException {
        Path script = null;
        for (String p : new String[] {"trainer/scripts/train_bench_torch.py", "scripts/train_bench_torch.py"}) {
            if (Files.isRegularFile(Path.of(p))) script = Path.of(p);
        }
        if (script == null || !Files.isExecutable(Path.of(PYTHON))) {
            System.out.println("pytorch baseline skipped: " + (script == null ? "train_bench_torch.py not found" : PYTHON + " not found"));
            return null;
        }
        ProcessBuilder pb = new ProcessBuilder(PYTHON, script.toString(), preset, Integer.toString(threads), Integer.toString(VOCAB),
                Integer.toString(seq), Integer.toString(batch), Integer.toString(masked), Integer.toString(PretrainStep.WARMUP_STEPS), Integer.toString(steps))
                .redirectErrorStream(true);
        String blas = TorchBaseline.atItsBest(pb);
        if (threads == 1) System.out.println("pytorch baseline: " + blas);
        pb.environment().put("OMP_NUM_THREADS", Integer.toString(threads));
        pb.environment().put("OPENBLAS_NUM_THREADS", Integer.toString(threads));
        Process p = pb.start();
        String output = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (!p.waitFor(600, TimeUnit.SECONDS) || p.exitValue() != 0) {
            System.out.println("pytorch baseline failed: " + output.strip());
            return null;
        }
        String last = output.strip().substring(output.strip().lastIndexOf('\n') + 1);
        JsonNode result = new ObjectMapper().readTree(last);
        return result.get("tokens_per_s").asDouble();
    }

    private static void resetPeaks() {
        System.gc();
        for (MemoryPoolMXBean pool : ManagementFactory.getMemoryPoolMXBeans()) pool.resetPeakUsage();
    }

    private static double peakHeapMiB() {
        long bytes = 0;
        for (MemoryPoolMXBean pool : ManagementFactory.getMemoryPoolMXBeans()) {
            if (pool.getType() == MemoryType.HEAP) bytes += pool.getPeakUsage().getUsed();
        }
        return bytes / (1024.0 * 1024.0);
    }
}
