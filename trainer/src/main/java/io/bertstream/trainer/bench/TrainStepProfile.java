package io.bertstream.trainer.bench;

import io.bertstream.trainer.autograd.Arena;
import io.bertstream.trainer.autograd.Losses;
import io.bertstream.trainer.autograd.Parallel;
import io.bertstream.trainer.autograd.Profiler;
import io.bertstream.trainer.autograd.Tensor;
import io.bertstream.trainer.bert.BertConfig;
import io.bertstream.wordpiece.bench.BenchArgs;
import java.io.IOException;
import java.lang.management.GarbageCollectorMXBean;
import java.lang.management.ManagementFactory;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Where the time of one training step of a transformer layer goes: forward and backward of
 * {@link ReferenceEncoderLayer} plus a classifier and cross-entropy, on BERT-mini-like shapes
 * (4096 tokens as 32×128, hidden 256, 4 heads, feed-forward 1024, dropout 0.1), timed per op.
 * Also reports what the arena had to allocate and what the garbage collector did while the
 * profiled steps ran.
 *
 * <p>Last, unless {@code --no-torch}, the same step in PyTorch ({@code trainer/scripts/layer_step_torch.py}
 * with Debian's {@code /usr/bin/python3}, same thread count, OpenBLAS kernel pins removed from
 * that process only), and the ratio of the two best step times (the best is the figure other load on
 * a shared machine disturbs least).
 *
 * <p>With {@code --preset NAME} it profiles the whole pre-training step of that preset instead
 * ({@link PretrainStep}, as {@code bench train} times it: vocabulary 8192, MLM + NSP, clipping,
 * AdamW), with the time of each phase, and no PyTorch comparison ({@code bench train} has it).
 *
 * <p>{@code TrainStepProfile [--threads N] [--steps S] [--batch B] [--seq T] [--hidden H] [--heads A] [--ffn F] [--no-torch]
 * [--preset NAME]}
 */
public final class TrainStepProfile {
    public static void main(String[] args) throws IOException, InterruptedException {
        int threads = 2, steps = 10, batch = 32, seq = 128, hidden = 256, heads = 4, ffn = 1024;
        boolean torch = true;
        BertConfig.Preset preset = null;
        BenchArgs cli = new BenchArgs("bertstream bench train-step",
                "[--threads N] [--steps N] [--batch N] [--seq N] [--hidden N] [--heads N] [--ffn N] [--no-torch] [--preset NAME]", args);
        while (cli.next()) {
            switch (cli.flag()) {
                case "--no-torch" -> torch = false;
                case "--threads" -> threads = cli.positiveInt();
                case "--steps" -> steps = cli.positiveInt();
                case "--batch" -> batch = cli.positiveInt();
                case "--seq" -> seq = cli.positiveInt();
                case "--hidden" -> hidden = cli.positiveInt();
                case "--heads" -> heads = cli.positiveInt();
                case "--ffn" -> ffn = cli.positiveInt();
                case "--preset" -> preset = cli.checked(BertConfig.Preset::named);
                default -> cli.unknown();
            }
        }
        if (hidden % heads != 0) cli.fail("--hidden " + hidden + " is not a multiple of --heads " + heads);
        Parallel.setThreads(threads);
        if (preset != null) {
            profileWholeStep(preset, batch, seq, steps, threads);
            return;
        }
        ReferenceEncoderLayer layer = new ReferenceEncoderLayer(hidden, heads, ffn, 1);
        Tensor classifier = Tensor.randn(2, 0.05f, 16, hidden).requiresGrad(true);
        Tensor x = Tensor.randn(3, 1f, batch, seq, hidden).requiresGrad(true);
        float[] keep = new float[batch * seq];
        int[] targets = new int[batch * seq];
        for (int i = 0; i < keep.length; i++) {
            keep[i] = i % seq < seq - 8 * (i / seq % 4) ? 1f : 0f; // some padding per sequence
            targets[i] = keep[i] != 0f && i % 7 == 0 ? i % 16 : -100;
        }
        Arena arena = new Arena();
        Runnable step = () -> {
            try (Arena.Scope s = arena.open()) {
                Tensor out = layer.forward(x, keep, 0.1f, 42);
                Tensor logits = out.reshape(-1, out.dim(-1)).linear(classifier, null);
                Losses.crossEntropy(logits, targets, -100).backward();
            }
            layer.parameters().values().forEach(Tensor::zeroGrad);
            classifier.zeroGrad();
            x.zeroGrad();
        };
        for (int i = 0; i < 5; i++) step.run(); // warm-up: JIT and the arena's buffers
        long freshBefore = arena.freshAllocations();
        long[] gcBefore = gc();
        Profiler.reset();
        Profiler.enable(true);
        double bestMs = Double.MAX_VALUE, totalMs = 0;
        for (int i = 0; i < steps; i++) {
            long start = System.nanoTime();
            step.run();
            double ms = (System.nanoTime() - start) / 1e6;
            bestMs = Math.min(bestMs, ms);
            totalMs += ms;
        }
        Profiler.enable(false);
        long[] gcAfter = gc();

        double flops = layerFlops(batch, seq, hidden, ffn, 16);
        System.out.printf(Locale.ROOT, "training step of one encoder layer: %d×%d tokens, hidden %d, %d heads, ffn %d, %d threads%n",
                batch, seq, hidden, heads, ffn, threads);
        System.out.printf(Locale.ROOT, "%.1f ms per step (best of %d; mean %.1f), %.1f GFLOP/s overall (matmul FLOPs only)%n%n",
                bestMs, steps, totalMs / steps, flops / bestMs / 1e6);
        printOps(steps, totalMs);
        printMemory(arena, freshBefore, gcBefore, gcAfter);
        if (torch) compareWithTorch(bestMs, batch, seq, hidden, heads, ffn, threads, steps);
    }

    /** The whole pre-training step of a preset: phases, then ops, arena and GC. */
    private static void profileWholeStep(BertConfig.Preset preset, int batch, int seq, int steps, int threads) {
        int masked = PretrainStep.maskedPerSequence(seq);
        PretrainStep step = new PretrainStep(BertConfig.preset(preset, TrainBench.VOCAB, 512), batch, seq, masked);
        for (int i = 0; i < PretrainStep.WARMUP_STEPS; i++) step.run(i); // JIT and the arena's buffers
        long freshBefore = step.arena().freshAllocations();
        long[] gcBefore = gc();
        step.resetPhases();
        Profiler.reset();
        Profiler.enable(true);
        long start = System.nanoTime();
        for (int i = 0; i < steps; i++) step.run(PretrainStep.WARMUP_STEPS + i);
        double totalMs = (System.nanoTime() - start) / 1e6;
        Profiler.enable(false);
        long[] gcAfter = gc();
        System.out.printf(Locale.ROOT, "pre-training step of %s (MLM + NSP, vocabulary %d): %d×%d tokens, %d masked per sequence, %d threads%n",
                preset.name().toLowerCase(Locale.ROOT), TrainBench.VOCAB, batch, seq, masked, threads);
        System.out.printf(Locale.ROOT, "%.1f ms per step (mean of %d), %.0f tokens/s; phases:", totalMs / steps, steps,
                step.tokens() * steps / (totalMs / 1e3));
        long[] phases = step.phaseNanos();
        for (int i = 0; i < phases.length; i++) {
            System.out.printf(Locale.ROOT, " %s %.1f ms", PretrainStep.PHASES[i], phases[i] / 1e6 / steps);
        }
        System.out.printf(Locale.ROOT, "%n%n");
        printOps(steps, totalMs);
        printMemory(step.arena(), freshBefore, gcBefore, gcAfter);
    }

    private static void printMemory(Arena arena, long freshBefore, long[] gcBefore, long[] gcAfter) {
        System.out.printf(Locale.ROOT, "arena: %d new buffers during the profiled steps, %.1f MB held; GC: %d collections, %d ms%n",
                arena.freshAllocations() - freshBefore, arena.heldFloats() * 4 / 1e6, gcAfter[0] - gcBefore[0],
                gcAfter[1] - gcBefore[1]);
    }

    /** The profiler's ops over {@code steps} steps, largest first, and the share of matmul and linear. */
    private static void printOps(int steps, double totalMs) {
        System.out.printf(Locale.ROOT, "%-28s %10s %8s%n", "op", "ms/step", "share");
        double total = 0, matmul = 0;
        Map<String, long[]> totals = Profiler.totals();
        for (long[] t : totals.values()) total += t[0];
        for (Map.Entry<String, long[]> e : totals.entrySet()) {
            double ms = e.getValue()[0] / 1e6 / steps;
            if (e.getKey().startsWith("matmul") || e.getKey().startsWith("linear")) matmul += e.getValue()[0];
            System.out.printf(Locale.ROOT, "%-28s %10.2f %7.1f%%%n", e.getKey(), ms, 100.0 * e.getValue()[0] / total);
        }
        System.out.printf(Locale.ROOT, "%nmatmul and linear (forward + backward): %.1f%% of op time; op time %.1f of %.1f ms per step%n",
                100 * matmul / total, total / 1e6 / steps, totalMs / steps);
    }

    private static void compareWithTorch(double javaMs, int... shape) throws IOException, InterruptedException {
        Path script = Path.of("trainer/scripts/layer_step_torch.py");
        if (!Files.isRegularFile(script)) script = Path.of("scripts/layer_step_torch.py");
        if (!Files.isRegularFile(script) || !Files.isExecutable(Path.of("/usr/bin/python3"))) {
            System.out.println("PyTorch comparison skipped: /usr/bin/python3 or trainer/scripts/layer_step_torch.py missing");
            return;
        }
        List<String> cmd = new ArrayList<>(List.of("/usr/bin/python3", script.toString()));
        for (int v : shape) cmd.add(Integer.toString(v));
        ProcessBuilder pb = new ProcessBuilder(cmd).redirectErrorStream(true);
        System.out.println("PyTorch baseline: " + TorchBaseline.atItsBest(pb));
        Process p = pb.start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        Matcher m = Pattern.compile("torch_step_ms ([0-9.]+)").matcher(out);
        if (p.waitFor() != 0 || !m.find()) {
            System.out.println("PyTorch comparison skipped (is python3-torch installed?):\n" + out.strip());
            return;
        }
        double torchMs = Double.parseDouble(m.group(1));
        System.out.printf(Locale.ROOT, "PyTorch, same step: %.1f ms, best of the same count (%s); PyTorch time / Java time = %.2f%n", torchMs,
                out.lines().filter(l -> l.startsWith("torch ")).findFirst().orElse("torch"), torchMs / javaMs);
    }

    /** Multiply-add FLOPs of the step's products: 3× forward (forward, input and weight gradients). */
    private static double layerFlops(int batch, int seq, int hidden, int ffn, int classes) {
        double tokens = (double) batch * seq;
        double linear = 2 * tokens * (4.0 * hidden * hidden + 2.0 * hidden * ffn + hidden * classes);
        double attention = 2 * 2.0 * batch * seq * seq * hidden;
        return 3 * (linear + attention);
    }

    private static long[] gc() {
        long count = 0, ms = 0;
        for (GarbageCollectorMXBean b : ManagementFactory.getGarbageCollectorMXBeans()) {
            count += Math.max(0, b.getCollectionCount());
            ms += Math.max(0, b.getCollectionTime());
        }
        return new long[] {count, ms};
    }
}
