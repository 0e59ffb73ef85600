package io.bertstream.trainer.eval;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.bertstream.trainer.autograd.Parallel;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

/** The baseline's pieces: features by hand, the gradient against finite differences, L-BFGS, and a toy task. */
class BagOfWordsClassifierTest {

    @Test
    void tfIdfOfUnigramsAndBigramsByHand() {
        // with min df 2 the features are "good", "movie", "good movie" and "." (df 2 each, of 3 texts)
        List<String> train = List.of("Good movie.", "good MOVIE, good!", "bad film.");
        NgramFeatures.Fitted fitted = NgramFeatures.fit(train, 2);
        assertEquals(4, fitted.features().size());
        SparseRows x = fitted.features().transform(List.of("good good movie . unseen"));
        double idf2 = Math.log(4.0 / 3) + 1;
        // good: tf 2, movie: tf 1, "good movie": tf 1, ".": tf 1 ("good good" and "unseen" are not features)
        double[] raw = {(1 + Math.log(2)) * idf2, idf2, idf2, idf2};
        double norm = Math.sqrt(raw[0] * raw[0] + raw[1] * raw[1] + raw[2] * raw[2] + raw[3] * raw[3]);
        double[] values = new double[x.column().length];
        for (int e = 0; e < values.length; e++) values[e] = x.value()[e];
        double[] expected = new double[4];
        for (int i = 0; i < 4; i++) expected[i] = raw[i] / norm;
        java.util.Arrays.sort(values);
        java.util.Arrays.sort(expected);
        assertArrayEquals(expected, values, 1e-6);
        assertEquals(values.length, fitted.rows().start()[1], "the first training text has the same four features");
    }

    @Test
    void gradientAgreesWithCentralFiniteDifferences() {
        Random r = new Random(7);
        int rows = 12, features = 9, classes = 3;
        int[] start = new int[rows + 1];
        List<Integer> cols = new ArrayList<>();
        List<Float> vals = new ArrayList<>();
        for (int i = 0; i < rows; i++) {
            for (int f = 0; f < features; f++) {
                if (r.nextDouble() < 0.4) {
                    cols.add(f);
                    vals.add((float) r.nextGaussian());
                }
            }
            start[i + 1] = cols.size();
        }
        float[] value = new float[vals.size()];
        for (int i = 0; i < value.length; i++) value[i] = vals.get(i);
        SparseRows x = new SparseRows(features, start, cols.stream().mapToInt(Integer::intValue).toArray(), value);
        int[] labels = r.ints(rows, 0, classes).toArray();
        SoftmaxRegression objective = new SoftmaxRegression(x, labels, classes, 0.3);
        double[] w = r.doubles(SoftmaxRegression.parameterCount(features, classes), -1, 1).toArray();
        double[] gradient = new double[w.length], ignored = new double[w.length];
        objective.valueAndGradient(w, gradient);
        double h = 1e-6;
        for (int i = 0; i < w.length; i++) {
            double[] plus = w.clone(), minus = w.clone();
            plus[i] += h;
            minus[i] -= h;
            double numeric = (objective.valueAndGradient(plus, ignored) - objective.valueAndGradient(minus, ignored)) / (2 * h);
            assertEquals(numeric, gradient[i], 1e-7, "parameter " + i);
        }

        int threads = Parallel.threads();
        try {
            double[] one = new double[w.length], two = new double[w.length];
            Parallel.setThreads(1);
            double valueOne = objective.valueAndGradient(w, one);
            Parallel.setThreads(2);
            assertEquals(valueOne, objective.valueAndGradient(w, two), "the same sum on 1 and 2 threads");
            assertArrayEquals(one, two);
        } finally {
            Parallel.setThreads(threads);
        }
    }

    @Test
    void lbfgsFindsTheMinimumOfAnIllConditionedQuadratic() {
        double[] scale = {1, 10, 100, 1000}, target = {3, -2, 0.5, 7};
        Lbfgs.Result result = Lbfgs.minimize((x, g) -> {
            double f = 0;
            for (int i = 0; i < x.length; i++) {
                double d = x[i] - target[i];
                f += 0.5 * scale[i] * d * d;
                g[i] = scale[i] * d;
            }
            return f;
        }, new double[4], 100, 1e-9);
        assertTrue(result.converged());
        assertArrayEquals(target, result.x(), 1e-9);
    }

    private static final List<String> POSITIVE = List.of("great", "wonderful", "loved", "brilliant", "fun");
    private static final List<String> NEGATIVE = List.of("awful", "boring", "hated", "dull", "terrible");

    /** Texts of one sentiment word among neutral ones; label 1 for positive. */
    private static List<String> toyTexts(Random r, int n, int[] labels) {
        List<String> neutral = List.of("the", "film", "a", "plot", "actor", "was", "scene", "it");
        List<String> texts = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            labels[i] = r.nextInt(2);
            List<String> words = labels[i] == 1 ? POSITIVE : NEGATIVE;
            StringBuilder sb = new StringBuilder();
            for (int k = 0; k < 6; k++) sb.append(neutral.get(r.nextInt(neutral.size()))).append(' ');
            texts.add(sb.append(words.get(r.nextInt(words.size()))).append(" ").append(neutral.get(r.nextInt(neutral.size()))).toString());
        }
        return texts;
    }

    @Test
    void separatesAToySetAndIsDeterministic() {
        int[] trainLabels = new int[200], testLabels = new int[100], validationLabels = new int[50];
        List<String> train = toyTexts(new Random(1), 200, trainLabels);
        List<String> validation = toyTexts(new Random(2), 50, validationLabels);
        List<String> test = toyTexts(new Random(3), 100, testLabels);
        var settings = new BagOfWordsClassifier.Settings(2, List.of(1e-2, 1e-3), 200);
        BagOfWordsClassifier model = BagOfWordsClassifier.train(train, trainLabels, 2, validation, validationLabels, settings);
        double[][] p = model.probabilities(test);
        ClassificationMetrics m = ClassificationMetrics.of(List.of("negative", "positive"), testLabels, p);
        assertEquals(1.0, m.accuracy(), "toy test accuracy");

        double[][] again = BagOfWordsClassifier.train(train, trainLabels, 2, validation, validationLabels, settings).probabilities(test);
        for (int i = 0; i < p.length; i++) assertArrayEquals(p[i], again[i], "same data, same model: row " + i);

        JsonNode d = model.description();
        assertEquals(2, d.get("l2_candidates").size());
        double best = Math.max(d.at("/l2_candidates/0/validation_accuracy").asDouble(), d.at("/l2_candidates/1/validation_accuracy").asDouble());
        int chosen = d.get("l2").asDouble() == 1e-2 ? 0 : 1;
        assertEquals(best, d.at("/l2_candidates/" + chosen + "/validation_accuracy").asDouble(), "the chosen L2 has the best validation accuracy");
    }

    @Test
    void withoutAValidationSetTheFirstCandidateIsUsed() {
        int[] labels = new int[60];
        List<String> train = toyTexts(new Random(4), 60, labels);
        var settings = new BagOfWordsClassifier.Settings(1, List.of(1e-3, 1e-4), 100);
        JsonNode d = BagOfWordsClassifier.train(train, labels, 2, List.of(), new int[0], settings).description();
        assertEquals(1e-3, d.get("l2").asDouble());
        assertEquals(1, d.get("l2_candidates").size());
    }
}
