package io.bertstream.trainer.eval;

import java.util.List;
import java.util.Locale;

/**
 * Several models' metrics on the same test set, as text: one summary line per model (accuracy,
 * macro F1, expected calibration error, log loss), then precision / recall / F1 per class, then each
 * model's confusion matrix.
 */
public final class ComparisonTable {

    /** One model's name (as the user knows it) and metrics. */
    public record Row(String name, ClassificationMetrics metrics) {}

    private ComparisonTable() {}

    public static String render(List<Row> rows) {
        List<String> labels = rows.getFirst().metrics().labels();
        int nameWidth = Math.max(5, rows.stream().mapToInt(r -> r.name().length()).max().orElse(0));
        StringBuilder sb = new StringBuilder();
        sb.append(String.format(Locale.ROOT, "%-" + nameWidth + "s  %9s  %8s  %6s  %8s%n", "model", "accuracy", "macro F1", "ECE", "log loss"));
        for (Row r : rows) {
            ClassificationMetrics m = r.metrics();
            sb.append(String.format(Locale.ROOT, "%-" + nameWidth + "s  %7.2f %%  %8.4f  %6.4f  %8.4f%n",
                    r.name(), 100 * m.accuracy(), m.macroF1(), m.expectedCalibrationError(), m.logLoss()));
        }
        int cell = Math.max(20, labels.stream().mapToInt(String::length).max().orElse(0) + 2);
        sb.append(String.format(Locale.ROOT, "%nprecision / recall / F1 per class (support: %s)%n", supports(rows.getFirst().metrics())));
        sb.append(String.format(Locale.ROOT, "%-" + nameWidth + "s", "model"));
        for (String l : labels) sb.append(String.format(Locale.ROOT, "  %" + cell + "s", l));
        sb.append(System.lineSeparator());
        for (Row r : rows) {
            sb.append(String.format(Locale.ROOT, "%-" + nameWidth + "s", r.name()));
            for (int c = 0; c < labels.size(); c++) {
                ClassificationMetrics m = r.metrics();
                sb.append(String.format(Locale.ROOT, "  %" + cell + "s", String.format(Locale.ROOT, "%.3f / %.3f / %.3f", m.precision(c), m.recall(c), m.f1(c))));
            }
            sb.append(System.lineSeparator());
        }
        sb.append(String.format(Locale.ROOT, "%nconfusion matrices (rows: true label, columns: predicted)%n"));
        int width = Math.max(8, labels.stream().mapToInt(String::length).max().orElse(0));
        for (Row r : rows) {
            sb.append(r.name()).append(System.lineSeparator());
            sb.append(String.format(Locale.ROOT, "  %-" + width + "s", ""));
            for (String l : labels) sb.append(String.format(Locale.ROOT, " %" + width + "s", l));
            sb.append(System.lineSeparator());
            for (int t = 0; t < labels.size(); t++) {
                sb.append(String.format(Locale.ROOT, "  %-" + width + "s", labels.get(t)));
                for (int p = 0; p < labels.size(); p++) sb.append(String.format(Locale.ROOT, " %" + width + "d", r.metrics().confusion(t, p)));
                sb.append(System.lineSeparator());
            }
        }
        return sb.toString();
    }

    private static String supports(ClassificationMetrics m) {
        StringBuilder sb = new StringBuilder();
        for (int c = 0; c < m.labels().size(); c++) sb.append(c > 0 ? ", " : "").append(m.labels().get(c)).append(' ').append(m.support(c));
        return sb.toString();
    }
}
