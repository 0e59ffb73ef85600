package io.bertstream.trainer.train;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The training curves as one self-contained HTML page with inline SVG: training losses
 * (total, MLM, NSP; an evaluation set's loss when it has one) and, per evaluation set, its
 * accuracies (MLM and NSP for pre-training, the classifier's for fine-tuning) against the step.
 */
public final class TrainingCurve {
    private static final int W = 640, H = 320, PAD = 48;
    private static final String[] COLORS = {"#1f77b4", "#d62728", "#2ca02c", "#9467bd", "#ff7f0e", "#8c564b"};

    private TrainingCurve() {}

    /** Reads {@code metrics} (JSON lines from {@link MetricsLog}) and writes the page to {@code html}. */
    public static void write(Path metrics, Path html, String title) throws IOException {
        List<JsonNode> records = MetricsLog.read(metrics);
        Map<String, List<double[]>> losses = new LinkedHashMap<>(), accuracies = new LinkedHashMap<>();
        for (JsonNode r : records) {
            double step = r.path("step").asDouble();
            if (r.path("kind").asText().equals("train")) {
                for (String k : new String[] {"loss", "mlm_loss", "nsp_loss"}) {
                    if (r.has(k)) losses.computeIfAbsent(k, x -> new ArrayList<>()).add(new double[] {step, r.get(k).asDouble()});
                }
            } else if (r.path("kind").asText().equals("eval")) {
                String split = r.path("split").asText();
                for (String k : new String[] {"mlm_accuracy", "nsp_accuracy", "accuracy"}) {
                    if (r.has(k)) accuracies.computeIfAbsent(split + " " + k, x -> new ArrayList<>()).add(new double[] {step, r.get(k).asDouble()});
                }
                if (r.has("loss")) losses.computeIfAbsent(split + " loss", x -> new ArrayList<>()).add(new double[] {step, r.get("loss").asDouble()});
            }
        }
        String page = "<!DOCTYPE html><html><head><meta charset=\"utf-8\"><title>" + escape(title) + "</title>"
                + "<style>body{font-family:sans-serif;margin:24px}svg{border:1px solid #ccc;margin:8px 0}</style></head><body>"
                + "<h2>" + escape(title) + "</h2>"
                + "<h3>Training loss</h3>" + chart(losses)
                + "<h3>Evaluation accuracy</h3>" + chart(accuracies)
                + "</body></html>\n";
        Files.writeString(html, page, StandardCharsets.UTF_8);
    }

    private static String chart(Map<String, List<double[]>> series) {
        if (series.isEmpty()) return "<p>no data yet</p>";
        double x0 = Double.MAX_VALUE, x1 = -Double.MAX_VALUE, y0 = Double.MAX_VALUE, y1 = -Double.MAX_VALUE;
        for (List<double[]> s : series.values()) {
            for (double[] p : s) {
                x0 = Math.min(x0, p[0]);
                x1 = Math.max(x1, p[0]);
                y0 = Math.min(y0, p[1]);
                y1 = Math.max(y1, p[1]);
            }
        }
        if (x1 == x0) x1 = x0 + 1;
        if (y1 == y0) y1 = y0 + 1;
        StringBuilder svg = new StringBuilder(String.format(Locale.ROOT,
                "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"%d\" height=\"%d\" font-size=\"11\">", W + 180, H));
        svg.append(String.format(Locale.ROOT, "<rect x=\"%d\" y=\"%d\" width=\"%d\" height=\"%d\" fill=\"none\" stroke=\"#888\"/>",
                PAD, PAD / 2, W - PAD - 8, H - PAD - PAD / 2));
        for (int i = 0; i <= 4; i++) {
            double yv = y0 + (y1 - y0) * i / 4, xv = x0 + (x1 - x0) * i / 4;
            svg.append(String.format(Locale.ROOT, "<text x=\"4\" y=\"%.1f\">%.3g</text>", py(yv, y0, y1) + 4, yv));
            svg.append(String.format(Locale.ROOT, "<text x=\"%.1f\" y=\"%d\" text-anchor=\"middle\">%.0f</text>", px(xv, x0, x1), H - PAD / 2, xv));
        }
        svg.append(String.format(Locale.ROOT, "<text x=\"%d\" y=\"%d\" text-anchor=\"middle\">step</text>", W / 2, H - 4));
        int c = 0;
        for (Map.Entry<String, List<double[]>> s : series.entrySet()) {
            String color = COLORS[c % COLORS.length];
            StringBuilder pts = new StringBuilder();
            for (double[] p : s.getValue()) pts.append(String.format(Locale.ROOT, "%.1f,%.1f ", px(p[0], x0, x1), py(p[1], y0, y1)));
            svg.append("<polyline fill=\"none\" stroke-width=\"1.5\" stroke=\"").append(color).append("\" points=\"").append(pts).append("\"/>");
            svg.append(String.format(Locale.ROOT, "<text x=\"%d\" y=\"%d\" fill=\"%s\">%s</text>", W, PAD / 2 + 14 * (c + 1), color, escape(s.getKey())));
            c++;
        }
        return svg.append("</svg>").toString();
    }

    private static double px(double x, double x0, double x1) {
        return PAD + (x - x0) / (x1 - x0) * (W - PAD - 8);
    }

    private static double py(double y, double y0, double y1) {
        return H - PAD - (y - y0) / (y1 - y0) * (H - PAD - PAD / 2);
    }

    private static String escape(String s) {
        return s.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;");
    }
}
