package io.bertstream.e2e.bench;

import io.bertstream.wordpiece.bench.BenchFigure;
import java.util.List;
import java.util.Locale;

/**
 * An SVG bar chart of benchmark figures against their baselines: one horizontal bar per figure
 * from the 1× line, right (green) where ours is better, left (red) where it is worse, on a log-2
 * scale so that 2× better and 2× worse are bars of the same length. Figures without a baseline
 * are left out (the summary table lists them).
 */
final class BenchChart {

    private static final int LABEL_WIDTH = 330;
    private static final int PLOT_WIDTH = 520;
    private static final int ROW = 26;
    private static final int TOP = 40;

    private BenchChart() {}

    static String svg(List<BenchFigure> all) {
        List<BenchFigure> figures = all.stream().filter(f -> Double.isFinite(f.advantage()) && f.advantage() > 0).toList();
        // The scale spans at least 1/4× to 4×, more when a figure is beyond.
        double maxLog = 2;
        for (BenchFigure f : figures) maxLog = Math.max(maxLog, Math.ceil(Math.abs(log2(f.advantage()))));
        int height = TOP + figures.size() * ROW + 40;
        int width = LABEL_WIDTH + PLOT_WIDTH + 90;
        double zero = LABEL_WIDTH + PLOT_WIDTH / 2.0;
        double perLog = PLOT_WIDTH / 2.0 / maxLog;
        StringBuilder svg = new StringBuilder(String.format(Locale.ROOT,
                "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"%d\" height=\"%d\" font-family=\"sans-serif\" font-size=\"12\">%n"
                        + "<rect width=\"100%%\" height=\"100%%\" fill=\"white\"/>%n"
                        + "<text x=\"10\" y=\"20\" font-size=\"15\">bertstream: ours against the baseline measured in the same run (log scale)</text>%n",
                width, height));
        for (int k = (int) -maxLog; k <= maxLog; k++) {
            double x = zero + k * perLog;
            svg.append(String.format(Locale.ROOT, "<line x1=\"%.1f\" y1=\"%d\" x2=\"%.1f\" y2=\"%d\" stroke=\"%s\"/>%n", x, TOP - 6, x,
                    height - 34, k == 0 ? "black" : "#ddd"));
            svg.append(String.format(Locale.ROOT, "<text x=\"%.1f\" y=\"%d\" text-anchor=\"middle\">%s×</text>%n", x, height - 18,
                    k >= 0 ? String.valueOf(1L << k) : "1/" + (1L << -k)));
        }
        for (int i = 0; i < figures.size(); i++) {
            BenchFigure f = figures.get(i);
            double log = log2(f.advantage());
            double len = Math.abs(log) * perLog;
            double x = log >= 0 ? zero : zero - len;
            int y = TOP + i * ROW;
            svg.append(String.format(Locale.ROOT, "<text x=\"%d\" y=\"%d\" text-anchor=\"end\">%s</text>%n", LABEL_WIDTH - 8, y + 15,
                    escape(f.stage() + " — " + f.metric() + " vs " + f.baselineName())));
            svg.append(String.format(Locale.ROOT, "<rect class=\"bar\" x=\"%.1f\" y=\"%d\" width=\"%.1f\" height=\"%d\" fill=\"%s\"/>%n", x,
                    y + 3, Math.max(len, 1), ROW - 8, log >= 0 ? "#3a9a4a" : "#c8453c"));
            svg.append(String.format(Locale.ROOT, "<text x=\"%.1f\" y=\"%d\">%.2f×</text>%n", (log >= 0 ? x + len : zero) + 4, y + 15,
                    f.advantage()));
        }
        return svg.append("</svg>\n").toString();
    }

    private static double log2(double v) {
        return Math.log(v) / Math.log(2);
    }

    private static String escape(String s) {
        return s.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;");
    }
}
