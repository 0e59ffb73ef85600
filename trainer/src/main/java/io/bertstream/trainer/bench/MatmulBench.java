package io.bertstream.trainer.bench;

import io.bertstream.trainer.autograd.Arena;
import io.bertstream.trainer.autograd.GradMode;
import io.bertstream.trainer.autograd.Parallel;
import io.bertstream.trainer.autograd.Tensor;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import io.bertstream.wordpiece.bench.BenchArgs;
import io.bertstream.wordpiece.bench.BenchFigure;
import java.util.Locale;
import java.util.Map;
import java.util.function.LongSupplier;

/**
 * GFLOP/s of the autograd matmul for square sizes and the shapes a BERT layer runs (every
 * transpose variant its forward and backward use), next to numpy/OpenBLAS measured in the
 * same run with the same thread count and timing rule, its rounds alternating with the Java ones;
 * last, the geometric-mean ratio to OpenBLAS over the BERT shapes.
 *
 * <p>{@code MatmulBench [--threads N] [--seconds S] [--cpu-time] [--no-numpy] [--python PATH]}.
 * Timing: three warm-up calls, then five rounds of at least S/5 seconds each, alternating
 * between Java and OpenBLAS; each side's best round counts, which is the figure least disturbed
 * by other work on a shared machine. With
 * {@code --cpu-time} both sides run one thread and are timed by the CPU time of that thread or
 * process instead of the wall clock: a kernel-against-kernel ratio that other load on the
 * machine hardly moves.
 */
public final class MatmulBench {
    private static final int ROUNDS = 5;

    /** One product: {@code batch × (m×k · k×n)}, with A and/or B stored transposed. */
    record Case(String name, int m, int n, int k, boolean transA, boolean transB, int batch, boolean bert) {
        double flops() {
            return 2.0 * m * n * k * batch;
        }

        String variant() {
            return (transA ? "Aᵀ" : "A") + "·" + (transB ? "Bᵀ" : "B");
        }
    }

    static List<Case> cases() {
        List<Case> cases = new ArrayList<>();
        for (int s : new int[] {256, 512, 1024, 2048}) cases.add(new Case("square" + s, s, s, s, false, false, 1, false));
        // Feed-forward up (256 -> 1024) and down (1024 -> 256) on 4096 tokens, weights [out, in]:
        // forward x·Wᵀ, input gradient dY·W, weight gradient dYᵀ·X.
        cases.add(new Case("ffn-up.fwd", 4096, 1024, 256, false, true, 1, true));
        cases.add(new Case("ffn-up.dx", 4096, 256, 1024, false, false, 1, true));
        cases.add(new Case("ffn-up.dw", 1024, 256, 4096, true, false, 1, true));
        cases.add(new Case("ffn-down.fwd", 4096, 256, 1024, false, true, 1, true));
        cases.add(new Case("ffn-down.dx", 4096, 1024, 256, false, false, 1, true));
        cases.add(new Case("ffn-down.dw", 256, 1024, 4096, true, false, 1, true));
        // Attention, 128 sequences·heads of 128 tokens × 64: Q·Kᵀ (and dP = dO·Vᵀ), P·V (and dQ = dS·K), Pᵀ·dO (and dK = dSᵀ·Q).
        cases.add(new Case("attn.qk", 128, 128, 64, false, true, 128, true));
        cases.add(new Case("attn.pv", 128, 64, 128, false, false, 128, true));
        cases.add(new Case("attn.dv", 128, 64, 128, true, false, 128, true));
        return cases;
    }

    public static void main(String[] args) throws Exception {
        int threads = 2;
        double seconds = 1.0;
        boolean numpy = true;
        boolean cpuTime = false;
        String python = "/usr/bin/python3";
        BenchArgs cli = new BenchArgs("bertstream bench matmul", "[--threads N] [--seconds S] [--cpu-time] [--no-numpy] [--python PATH]", args);
        while (cli.next()) {
            switch (cli.flag()) {
                case "--threads" -> threads = cli.positiveInt();
                case "--seconds" -> seconds = cli.positiveDouble();
                case "--no-numpy" -> numpy = false;
                case "--cpu-time" -> cpuTime = true;
                case "--python" -> python = cli.value();
                default -> cli.unknown();
            }
        }
        if (cpuTime) threads = 1;
        Parallel.setThreads(threads);
        List<Case> cases = cases();
        System.out.printf(Locale.ROOT, "matmul benchmark: %d threads, vector species %s, best of 5 rounds of %.2f s %s%n",
                threads, jdk.incubator.vector.FloatVector.SPECIES_PREFERRED, seconds / 5,
                cpuTime ? "of CPU time" : "wall-clock");
        Map<String, Double> java = new HashMap<>();
        Map<String, Double> blas = new HashMap<>();
        try (NumpyBaseline baseline = numpy ? NumpyBaseline.start(python, threads, seconds / ROUNDS, cpuTime) : null) {
            for (Case c : cases) {
                // Java and OpenBLAS rounds alternate, so a slow spell of the shared machine falls on both
                JavaCase javaCase = new JavaCase(c, cpuTime);
                double bestJava = 0, bestBlas = 0;
                for (int round = 0; round < ROUNDS; round++) {
                    bestJava = Math.max(bestJava, javaCase.round(seconds / ROUNDS));
                    Double o = baseline == null ? null : baseline.measure(c);
                    if (o != null) bestBlas = Math.max(bestBlas, o);
                }
                java.put(c.name, bestJava);
                if (bestBlas > 0) blas.put(c.name, bestBlas);
            }
        }
        printTable(cases, java, blas);
    }

    /** The Java side of one case: its operands, warmed up, timed a round at a time. */
    private static final class JavaCase {
        private final Case c;
        private final LongSupplier now;
        private final Runnable call;

        JavaCase(Case c, boolean cpuTime) {
            this.c = c;
            ThreadMXBean clock = ManagementFactory.getThreadMXBean();
            this.now = cpuTime ? clock::getCurrentThreadCpuTime : System::nanoTime;
            Tensor a = operand(1, c.batch, c.m, c.k, c.transA);
            Tensor b = operand(2, c.batch, c.k, c.n, c.transB);
            Arena arena = new Arena();
            this.call = () -> {
                try (Arena.Scope s = arena.open(); GradMode.Scope g = GradMode.disabled()) {
                    a.matmul(b);
                }
            };
            for (int i = 0; i < 3; i++) call.run();
        }

        /** GFLOP/s over calls that take at least {@code seconds}. */
        double round(double seconds) {
            long start = now.getAsLong(), calls = 0;
            double elapsed;
            do {
                call.run();
                calls++;
                elapsed = (now.getAsLong() - start) / 1e9;
            } while (elapsed < seconds);
            return c.flops() * calls / elapsed / 1e9;
        }
    }

    /** A random {@code [batch,] rows × cols} operand, stored transposed (a transpose view) if asked. */
    private static Tensor operand(long seed, int batch, int rows, int cols, boolean transposed) {
        int[] shape = transposed ? new int[] {batch, cols, rows} : new int[] {batch, rows, cols};
        Tensor t = Tensor.randn(seed, 1f, shape);
        if (transposed) t = t.transpose(1, 2);
        return batch == 1 ? t.reshape(rows, cols) : t;
    }

    private static void printTable(List<Case> cases, Map<String, Double> java, Map<String, Double> blas) {
        System.out.printf(Locale.ROOT, "%n%-14s %-22s %-6s %10s %10s %7s%n", "case", "m×n×k (batch)", "op", "Java",
                "OpenBLAS", "ratio");
        double logSum = 0;
        double logJava = 0;
        double logBlas = 0;
        int counted = 0;
        for (Case c : cases) {
            String dims = c.m + "×" + c.n + "×" + c.k + (c.batch > 1 ? " (" + c.batch + ")" : "");
            double j = java.get(c.name);
            Double o = blas.get(c.name);
            System.out.printf(Locale.ROOT, "%-14s %-22s %-6s %10.1f %10s %7s%n", c.name, dims, c.variant(), j,
                    o == null ? "-" : String.format(Locale.ROOT, "%.1f", o),
                    o == null ? "-" : String.format(Locale.ROOT, "%.2f", j / o));
            if (c.bert && o != null && o > 0) {
                logSum += Math.log(j / o);
                logJava += Math.log(j);
                logBlas += Math.log(o);
                counted++;
            }
        }
        System.out.println("(GFLOP/s)");
        if (counted > 0) {
            System.out.printf(Locale.ROOT, "geometric-mean ratio Java/OpenBLAS over %d BERT shapes: %.2f%n", counted,
                    Math.exp(logSum / counted));
            BenchFigure.rate("matmul", "BERT shapes (geomean)", "GFLOP/s", Math.exp(logJava / counted), "OpenBLAS (numpy)",
                    Math.exp(logBlas / counted)).print();
        } else {
            System.out.println("numpy missing: Java figures alone, no ratio");
        }
    }
}
