package io.bertstream.wordpiece.bench;

import java.util.Locale;
import java.util.Optional;

/**
 * One headline figure of a benchmark next to the baseline measured in the same run, printed as a
 * tab-separated {@code figure} line so that {@code ./bertstream bench all} can gather every
 * stage's figures into one summary and chart. The benchmarks of all modules print through this
 * record (it lives here because every module with a benchmark depends on {@code wordpiece}).
 *
 * @param higherIsBetter true for rates, false for latencies and times; decides {@link #advantage()}
 * @param baseline NaN when the baseline could not be measured (its tool missing, say)
 */
public record BenchFigure(String stage, String metric, String unit, double ours, String baselineName, double baseline,
        boolean higherIsBetter) {

    private static final String PREFIX = "figure";

    public BenchFigure {
        for (String field : new String[] {stage, metric, unit, baselineName}) {
            if (field.contains("\t") || field.contains("\n")) {
                throw new IllegalArgumentException("bench figure fields must not hold tabs or line breaks: " + field);
            }
        }
    }

    /** A rate: more is better. */
    public static BenchFigure rate(String stage, String metric, String unit, double ours, String baselineName, double baseline) {
        return new BenchFigure(stage, metric, unit, ours, baselineName, baseline, true);
    }

    /** A latency or a time: less is better. */
    public static BenchFigure time(String stage, String metric, String unit, double ours, String baselineName, double baseline) {
        return new BenchFigure(stage, metric, unit, ours, baselineName, baseline, false);
    }

    /** How many times better than the baseline ours is (above 1: ours wins); NaN without a baseline. */
    public double advantage() {
        return higherIsBetter ? ours / baseline : baseline / ours;
    }

    /** Prints the figure line on standard output. */
    public void print() {
        System.out.println(line());
    }

    public String line() {
        return String.join("\t", PREFIX, stage, metric, unit, number(ours), baselineName, number(baseline),
                higherIsBetter ? "higher-is-better" : "lower-is-better");
    }

    /** The figure a line holds, if it is a figure line. */
    public static Optional<BenchFigure> parse(String line) {
        String[] f = line.split("\t", -1);
        if (f.length != 8 || !f[0].equals(PREFIX)) {
            return Optional.empty();
        }
        return Optional.of(new BenchFigure(f[1], f[2], f[3], Double.parseDouble(f[4]), f[5], Double.parseDouble(f[6]),
                f[7].equals("higher-is-better")));
    }

    private static String number(double v) {
        return Double.isNaN(v) ? "NaN" : String.format(Locale.ROOT, "%.6g", v);
    }
}
