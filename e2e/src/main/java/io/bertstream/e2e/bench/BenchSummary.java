package io.bertstream.e2e.bench;

import io.bertstream.wordpiece.bench.BenchFigure;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.stream.Stream;

/**
 * Gathers the {@code figure} lines that the benchmarks of one {@code ./bertstream bench all} run
 * printed (one output file per stage in a folder) into {@code summary.md}, a table of every figure
 * next to its baseline, and {@code chart.svg}, one bar per figure showing how many times better or
 * worse than its baseline it is, on a log scale.
 */
public final class BenchSummary {

    private BenchSummary() {}

    public static void main(String[] args) throws IOException {
        if (args.length != 1) {
            System.err.println("usage: BenchSummary RUN_DIR   (the folder of one 'bench all' run)");
            System.exit(2);
        }
        Path dir = Path.of(args[0]);
        List<BenchFigure> figures = read(dir);
        String table = table(figures);
        Files.writeString(dir.resolve("summary.md"), "# bertstream benchmarks\n\n" + table + "\n![advantage over baselines](chart.svg)\n");
        Files.writeString(dir.resolve("chart.svg"), BenchChart.svg(figures));
        System.out.println();
        System.out.print(table);
    }

    /** Every figure line in the run folder's {@code *.txt} files, in file-name order. */
    static List<BenchFigure> read(Path dir) throws IOException {
        List<BenchFigure> figures = new ArrayList<>();
        try (Stream<Path> files = Files.list(dir)) {
            for (Path file : files.filter(f -> f.toString().endsWith(".txt")).sorted().toList()) {
                for (String line : Files.readAllLines(file)) {
                    BenchFigure.parse(line).ifPresent(figures::add);
                }
            }
        }
        return figures;
    }

    /** A Markdown table: stage, metric, ours, baseline, and ours against the baseline. */
    static String table(List<BenchFigure> figures) {
        StringBuilder out = new StringBuilder("| stage | metric | ours | baseline | | ours vs baseline |\n|---|---|---:|---|---:|---:|\n");
        for (BenchFigure f : figures) {
            out.append(String.format(Locale.ROOT, "| %s | %s | %s %s | %s | %s | %s |%n", f.stage(), f.metric(), number(f.ours()),
                    f.unit(), f.baselineName(), Double.isNaN(f.baseline()) ? "not measured" : number(f.baseline()) + " " + f.unit(),
                    advantage(f).orElse("-")));
        }
        return out.toString();
    }

    private static Optional<String> advantage(BenchFigure f) {
        double a = f.advantage();
        if (Double.isNaN(a)) return Optional.empty();
        return Optional.of(String.format(Locale.ROOT, "%.2f× %s", a >= 1 ? a : 1 / a, a >= 1 ? "better" : "worse"));
    }

    private static String number(double v) {
        return String.format(Locale.ROOT, v >= 100 ? "%,.0f" : "%.3g", v);
    }
}
