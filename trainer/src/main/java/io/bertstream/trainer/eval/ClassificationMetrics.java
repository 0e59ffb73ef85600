package io.bertstream.trainer.eval;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.List;

/**
 * What a classifier's probabilities say on a labelled set: accuracy, precision, recall and F1 per
 * class and their unweighted (macro) means, the confusion matrix, the expected calibration error
 * and the log loss.
 *
 * <p>The prediction is the most probable class (the lowest id on a tie). A class never predicted
 * has precision 0, a class absent from the truth recall 0, and F1 is 0 when both are 0 (as
 * scikit-learn's {@code zero_division=0}). The expected calibration error uses
 * {@value #CALIBRATION_BINS} equal-width bins of the top probability (the confidence), bin
 * {@code i} holding confidences in {@code (i/15, (i+1)/15]} (the first also 0): the sum over bins
 * of {@code |accuracy - mean confidence|} weighted by the bin's share of examples. The log loss is
 * the mean of {@code -ln p(true class)}, with p clipped to at least {@value #MIN_PROBABILITY}.
 */
public final class ClassificationMetrics {
    public static final int CALIBRATION_BINS = 15;
    public static final double MIN_PROBABILITY = 1e-15;

    private final List<String> labels;
    private final long[][] confusion;
    private final int examples;
    private final double expectedCalibrationError;
    private final double logLoss;

    private ClassificationMetrics(List<String> labels, long[][] confusion, int examples, double ece, double logLoss) {
        this.labels = labels;
        this.confusion = confusion;
        this.examples = examples;
        this.expectedCalibrationError = ece;
        this.logLoss = logLoss;
    }

    /**
     * Metrics of {@code probabilities[i]} (one probability per label, in label-id order) against
     * the true label id {@code truth[i]}.
     */
    public static ClassificationMetrics of(List<String> labels, int[] truth, double[][] probabilities) {
        int k = labels.size();
        if (truth.length != probabilities.length) {
            throw new IllegalArgumentException(truth.length + " true labels but " + probabilities.length + " probability vectors");
        }
        if (truth.length == 0) throw new IllegalArgumentException("no examples to measure");
        long[][] confusion = new long[k][k];
        double[] binConfidence = new double[CALIBRATION_BINS];
        int[] binCorrect = new int[CALIBRATION_BINS], binCount = new int[CALIBRATION_BINS];
        double logLossSum = 0;
        for (int i = 0; i < truth.length; i++) {
            double[] p = probabilities[i];
            if (p.length != k) throw new IllegalArgumentException("example " + i + " has " + p.length + " probabilities for " + k + " labels");
            if (truth[i] < 0 || truth[i] >= k) throw new IllegalArgumentException("example " + i + " has label id " + truth[i] + ", outside 0.." + (k - 1));
            int predicted = argmax(p);
            confusion[truth[i]][predicted]++;
            double confidence = p[predicted];
            int bin = calibrationBin(confidence);
            binCount[bin]++;
            binConfidence[bin] += confidence;
            if (predicted == truth[i]) binCorrect[bin]++;
            logLossSum -= Math.log(Math.max(p[truth[i]], MIN_PROBABILITY));
        }
        double ece = 0;
        for (int b = 0; b < CALIBRATION_BINS; b++) {
            if (binCount[b] > 0) ece += Math.abs(binCorrect[b] - binConfidence[b]) / truth.length;
        }
        return new ClassificationMetrics(List.copyOf(labels), confusion, truth.length, ece, logLossSum / truth.length);
    }

    /** The first bin whose upper edge {@code (i+1)/15} is at least the confidence. */
    static int calibrationBin(double confidence) {
        int bin = 0;
        while (bin < CALIBRATION_BINS - 1 && confidence > (double) (bin + 1) / CALIBRATION_BINS) bin++;
        return bin;
    }

    private static int argmax(double[] p) {
        int best = 0;
        for (int c = 1; c < p.length; c++) if (p[c] > p[best]) best = c;
        return best;
    }

    public List<String> labels() {
        return labels;
    }

    public int examples() {
        return examples;
    }

    /** Rows: true label id, columns: predicted label id. */
    public long confusion(int trueLabel, int predictedLabel) {
        return confusion[trueLabel][predictedLabel];
    }

    public double accuracy() {
        long correct = 0;
        for (int c = 0; c < confusion.length; c++) correct += confusion[c][c];
        return (double) correct / examples;
    }

    public double precision(int label) {
        long predicted = 0;
        for (long[] row : confusion) predicted += row[label];
        return predicted == 0 ? 0 : (double) confusion[label][label] / predicted;
    }

    public double recall(int label) {
        long support = support(label);
        return support == 0 ? 0 : (double) confusion[label][label] / support;
    }

    public double f1(int label) {
        double p = precision(label), r = recall(label);
        return p + r == 0 ? 0 : 2 * p * r / (p + r);
    }

    /** How many examples have this true label. */
    public long support(int label) {
        long n = 0;
        for (long v : confusion[label]) n += v;
        return n;
    }

    public double macroPrecision() {
        double sum = 0;
        for (int c = 0; c < labels.size(); c++) sum += precision(c);
        return sum / labels.size();
    }

    public double macroRecall() {
        double sum = 0;
        for (int c = 0; c < labels.size(); c++) sum += recall(c);
        return sum / labels.size();
    }

    /** The mean of the per-class F1 scores (not the F1 of the macro precision and recall). */
    public double macroF1() {
        double sum = 0;
        for (int c = 0; c < labels.size(); c++) sum += f1(c);
        return sum / labels.size();
    }

    public double expectedCalibrationError() {
        return expectedCalibrationError;
    }

    public double logLoss() {
        return logLoss;
    }

    /** The metrics as JSON, for metrics.json. */
    public ObjectNode toJson(ObjectMapper json) {
        ObjectNode n = json.createObjectNode();
        n.put("examples", examples);
        n.put("accuracy", accuracy());
        n.putObject("macro").put("precision", macroPrecision()).put("recall", macroRecall()).put("f1", macroF1());
        ObjectNode perClass = n.putObject("per_class");
        for (int c = 0; c < labels.size(); c++) {
            perClass.putObject(labels.get(c)).put("precision", precision(c)).put("recall", recall(c)).put("f1", f1(c)).put("support", support(c));
        }
        ObjectNode matrix = n.putObject("confusion_matrix");
        matrix.put("rows", "true label").put("columns", "predicted label");
        ArrayNode names = matrix.putArray("labels");
        labels.forEach(names::add);
        ArrayNode counts = matrix.putArray("counts");
        for (long[] row : confusion) {
            ArrayNode r = counts.addArray();
            for (long v : row) r.add(v);
        }
        n.put("expected_calibration_error", expectedCalibrationError);
        n.put("calibration_bins", CALIBRATION_BINS);
        n.put("log_loss", logLoss);
        return n;
    }
}
