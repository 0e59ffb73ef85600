package io.bertstream.trainer.eval;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.bertstream.trainer.PythonReference;
import java.nio.file.Path;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Small cases worked by hand, and random ones against an independent numpy computation. */
class ClassificationMetricsTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final List<String> ABC = List.of("a", "b", "c");

    @TempDir
    Path dir;

    /** Six examples: confusion rows a [1 1 0], b [0 1 1], c [0 0 2]. */
    private static ClassificationMetrics handWorked() {
        int[] truth = {0, 0, 1, 1, 2, 2};
        double[][] p = {
            {0.7, 0.2, 0.1}, // a -> a, confidence .7
            {0.4, 0.5, 0.1}, // a -> b, .5
            {0.1, 0.8, 0.1}, // b -> b, .8
            {0.2, 0.3, 0.5}, // b -> c, .5
            {0.3, 0.3, 0.4}, // c -> c, .4
            {0.1, 0.2, 0.7}, // c -> c, .7
        };
        return ClassificationMetrics.of(ABC, truth, p);
    }

    @Test
    void accuracyPrecisionRecallF1AndConfusionByHand() {
        ClassificationMetrics m = handWorked();
        long[][] confusion = {{1, 1, 0}, {0, 1, 1}, {0, 0, 2}};
        for (int t = 0; t < 3; t++) for (int p = 0; p < 3; p++) assertEquals(confusion[t][p], m.confusion(t, p), "confusion " + t + "," + p);
        assertEquals(4.0 / 6, m.accuracy(), 1e-15);
        double[] precision = {1, 0.5, 2.0 / 3}, recall = {0.5, 0.5, 1}, f1 = {2.0 / 3, 0.5, 0.8};
        for (int c = 0; c < 3; c++) {
            assertEquals(precision[c], m.precision(c), 1e-15, "precision " + c);
            assertEquals(recall[c], m.recall(c), 1e-15, "recall " + c);
            assertEquals(f1[c], m.f1(c), 1e-15, "f1 " + c);
            assertEquals(2, m.support(c));
        }
        assertEquals(13.0 / 18, m.macroPrecision(), 1e-15);
        assertEquals(2.0 / 3, m.macroRecall(), 1e-15);
        assertEquals(59.0 / 90, m.macroF1(), 1e-15);
    }

    @Test
    void calibrationErrorAndLogLossByHand() {
        ClassificationMetrics m = handWorked();
        // bins (i/15, (i+1)/15]: .4 -> bin 5 (1 right), .5 -> bin 7 (2 wrong), .7 -> bin 10 (2 right), .8 -> bin 11 (1 right)
        double ece = (1 * 0.6 + 2 * 0.5 + 2 * 0.3 + 1 * 0.2) / 6;
        assertEquals(ece, m.expectedCalibrationError(), 1e-12);
        double logLoss = -(2 * Math.log(0.7) + 2 * Math.log(0.4) + Math.log(0.8) + Math.log(0.3)) / 6;
        assertEquals(logLoss, m.logLoss(), 1e-12);
    }

    @Test
    void binEdgesBelongToTheLowerBin() {
        assertEquals(0, ClassificationMetrics.calibrationBin(0.0));
        assertEquals(0, ClassificationMetrics.calibrationBin(1.0 / 15));
        assertEquals(1, ClassificationMetrics.calibrationBin(Math.nextUp(1.0 / 15)));
        assertEquals(11, ClassificationMetrics.calibrationBin(0.8));
        assertEquals(14, ClassificationMetrics.calibrationBin(1.0));
    }

    @Test
    void tiesGoToTheLowestIdAndEmptyClassesScoreZero() {
        ClassificationMetrics m = ClassificationMetrics.of(ABC, new int[] {0, 1}, new double[][] {{0.5, 0.5, 0}, {0.4, 0.4, 0.2}});
        assertEquals(1, m.confusion(0, 0));
        assertEquals(1, m.confusion(1, 0));
        assertEquals(0, m.precision(1), "never predicted");
        assertEquals(0, m.recall(2), "never true");
        assertEquals(0, m.f1(2));
        assertEquals(0, m.support(2));
    }

    @Test
    void aZeroProbabilityForTheTruthIsClipped() {
        ClassificationMetrics m = ClassificationMetrics.of(List.of("x", "y"), new int[] {0}, new double[][] {{0, 1}});
        assertEquals(-Math.log(ClassificationMetrics.MIN_PROBABILITY), m.logLoss(), 1e-9);
    }

    @Test
    void badInputIsRefusedWithTheReason() {
        var e = assertThrows(IllegalArgumentException.class, () -> ClassificationMetrics.of(ABC, new int[] {3}, new double[][] {{1, 0, 0}}));
        assertEquals("example 0 has label id 3, outside 0..2", e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> ClassificationMetrics.of(ABC, new int[] {0}, new double[][] {{1, 0}}));
        assertThrows(IllegalArgumentException.class, () -> ClassificationMetrics.of(ABC, new int[] {0, 1}, new double[][] {{1, 0, 0}}));
        assertThrows(IllegalArgumentException.class, () -> ClassificationMetrics.of(ABC, new int[0], new double[0][]));
    }

    @Test
    void jsonHoldsEveryFigure() {
        JsonNode j = handWorked().toJson(JSON);
        assertEquals(6, j.get("examples").asInt());
        assertEquals(4.0 / 6, j.get("accuracy").asDouble(), 1e-15);
        assertEquals(59.0 / 90, j.at("/macro/f1").asDouble(), 1e-15);
        assertEquals(0.8, j.at("/per_class/c/f1").asDouble(), 1e-15);
        assertEquals(2, j.at("/per_class/b/support").asInt());
        assertEquals("[[1,1,0],[0,1,1],[0,0,2]]", j.at("/confusion_matrix/counts").toString());
        assertEquals("[\"a\",\"b\",\"c\"]", j.at("/confusion_matrix/labels").toString());
        assertEquals(15, j.get("calibration_bins").asInt());
        assertEquals(0.4, j.get("expected_calibration_error").asDouble(), 1e-12);
    }

    @Test
    void randomCasesAgreeWithNumpy() throws Exception {
        Path script = PythonReference.script("check_metrics_numpy.py");
        assumeTrue(script != null, "trainer/scripts/check_metrics_numpy.py not found");
        assumeTrue(PythonReference.canImport("numpy"), "skipped: " + PythonReference.PYTHON + " cannot import numpy (Debian python3-numpy)");
        for (int k : new int[] {2, 5}) {
            Random r = new Random(k);
            int n = 1000;
            int[] truth = new int[n];
            double[][] p = new double[n][k];
            for (int i = 0; i < n; i++) {
                truth[i] = r.nextInt(k);
                double sum = 0;
                for (int c = 0; c < k; c++) sum += p[i][c] = Math.exp(2 * r.nextGaussian() + (c == truth[i] ? 1.5 : 0));
                for (int c = 0; c < k; c++) p[i][c] /= sum;
            }
            List<String> labels = k == 2 ? List.of("negative", "positive") : List.of("l0", "l1", "l2", "l3", "l4");
            ObjectNode in = JSON.createObjectNode();
            labels.forEach(in.putArray("labels")::add);
            for (int t : truth) in.withArray("truth").add(t);
            for (double[] row : p) {
                var a = in.withArray("probabilities").addArray();
                for (double v : row) a.add(v);
            }
            Path input = dir.resolve("in-" + k + ".json"), output = dir.resolve("out-" + k + ".json");
            JSON.writeValue(input.toFile(), in);
            PythonReference.run(script, input, output);
            JsonNode expected = JSON.readTree(output.toFile());
            JsonNode actual = ClassificationMetrics.of(labels, truth, p).toJson(JSON);
            assertEquals(expected.get("confusion_matrix").toString(), actual.at("/confusion_matrix/counts").toString(), "k=" + k);
            for (String field : List.of("/examples", "/accuracy", "/macro/precision", "/macro/recall", "/macro/f1",
                    "/expected_calibration_error", "/log_loss")) {
                assertEquals(expected.at(field).asDouble(), actual.at(field).asDouble(), 1e-12, field + ", k=" + k);
            }
            for (String label : labels) {
                for (String f : List.of("precision", "recall", "f1", "support")) {
                    String field = "/per_class/" + label + "/" + f;
                    assertEquals(expected.at(field).asDouble(), actual.at(field).asDouble(), 1e-12, field + ", k=" + k);
                }
            }
        }
    }
}
