package io.bertstream.trainer.bench;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStreamWriter;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * numpy/OpenBLAS timings from a {@code trainer/scripts/matmul_numpy.py} process that stays up
 * for the whole benchmark, so that its rounds can alternate with the Java ones (on a shared
 * machine, the two then see the same load); it runs without the environment's OpenBLAS pins
 * ({@link OpenBlasPins}).
 */
final class NumpyBaseline implements AutoCloseable {
    private final Process process;
    private final Writer in;
    private final BufferedReader out;
    private final List<String> unexpected = new ArrayList<>();
    private boolean failed;

    private NumpyBaseline(Process process) {
        this.process = process;
        this.in = new OutputStreamWriter(process.getOutputStream(), StandardCharsets.UTF_8);
        this.out = new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8));
    }

    /** The running baseline, or null (with the reason printed) when python or the script is missing. */
    static NumpyBaseline start(String python, int threads, double roundSeconds, boolean cpuTime) throws IOException {
        Path script = findScript();
        if (script == null || !Files.isExecutable(Path.of(python))) {
            System.out.println("numpy baseline skipped: "
                    + (script == null ? "trainer/scripts/matmul_numpy.py not found" : python + " not found"));
            return null;
        }
        ProcessBuilder pb = new ProcessBuilder(python, script.toString()).redirectErrorStream(true);
        OpenBlasPins.removeFrom(pb);
        pb.environment().put("OPENBLAS_NUM_THREADS", Integer.toString(threads));
        pb.environment().put("OMP_NUM_THREADS", Integer.toString(threads));
        pb.environment().put("BENCH_ROUND_SECONDS", Double.toString(roundSeconds));
        pb.environment().put("BENCH_ROUNDS", "1"); // MatmulBench asks once per round, between its own
        pb.environment().put("BENCH_CLOCK", cpuTime ? "process" : "wall");
        return new NumpyBaseline(pb.start());
    }

    /** GFLOP/s of numpy in one round of a case, or null if the baseline has failed. */
    Double measure(MatmulBench.Case c) throws IOException {
        if (failed) return null;
        in.write(String.format(Locale.ROOT, "%s %d %d %d %d %d %d%n", c.name(), c.m(), c.n(), c.k(),
                c.transA() ? 1 : 0, c.transB() ? 1 : 0, c.batch()));
        in.flush();
        for (String line; (line = out.readLine()) != null; ) {
            if (line.startsWith("# ")) {
                System.out.println("numpy baseline: " + line.substring(2));
                continue;
            }
            String[] parts = line.trim().split("\\s+");
            if (parts.length == 2 && parts[0].equals(c.name())) return Double.parseDouble(parts[1]);
            unexpected.add(line);
        }
        failed = true;
        System.out.println("numpy baseline failed; Java figures alone from here on");
        unexpected.forEach(l -> System.out.println("  " + l));
        return null;
    }

    @Override
    public void close() throws IOException, InterruptedException {
        in.close();
        process.waitFor();
    }

    private static Path findScript() {
        for (String dir : new String[] {"trainer/scripts", "scripts", "../trainer/scripts"}) {
            Path p = Path.of(dir, "matmul_numpy.py");
            if (Files.isRegularFile(p)) return p;
        }
        return null;
    }
}
