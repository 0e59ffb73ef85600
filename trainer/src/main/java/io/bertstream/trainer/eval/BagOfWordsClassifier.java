package io.bertstream.trainer.eval;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.bertstream.progress.ProgressBar;
import java.util.List;
import java.util.Locale;

/**
 * The bag-of-words baseline: {@link NgramFeatures} (unigrams and bigrams, TF-IDF, L2-normalized)
 * into a {@link SoftmaxRegression} with L2 regularization, trained with L-BFGS. Deterministic: the
 * same texts and settings give the same model.
 *
 * <p>The regularization strength is chosen on a validation set when one is given: the candidates
 * are fitted from the strongest to the weakest, each warm-started from the previous solution, and
 * the one with the best validation accuracy is kept (the stronger on a tie). Without a validation
 * set the first candidate is used.
 */
public final class BagOfWordsClassifier {
    private static final double GRADIENT_TOLERANCE = 1e-6;

    /** {@code l2Candidates} from the strongest; {@code maxIterations} L-BFGS iterations per candidate. */
    public record Settings(int minDocumentFrequency, List<Double> l2Candidates, int maxIterations) {
        public static final Settings DEFAULT = new Settings(2, List.of(1e-5, 3e-6, 1e-6), 150);

        public Settings {
            if (minDocumentFrequency < 1) throw new IllegalArgumentException("minimum document frequency must be at least 1");
            if (l2Candidates.isEmpty() || l2Candidates.stream().anyMatch(l -> !(l > 0))) {
                throw new IllegalArgumentException("L2 candidates must be positive, at least one: " + l2Candidates);
            }
            l2Candidates = List.copyOf(l2Candidates);
        }
    }

    private final NgramFeatures features;
    private final int classes;
    private final double[] weights;
    private final ObjectNode description;

    private BagOfWordsClassifier(NgramFeatures features, int classes, double[] weights, ObjectNode description) {
        this.features = features;
        this.classes = classes;
        this.weights = weights;
        this.description = description;
    }

    /**
     * Trains on {@code texts} with label ids {@code labels} (0..classes-1); the validation texts
     * and labels (may be empty) choose the regularization.
     */
    public static BagOfWordsClassifier train(List<String> texts, int[] labels, int classes,
            List<String> validationTexts, int[] validationLabels, Settings settings) {
        long started = System.nanoTime();
        NgramFeatures.Fitted fitted = NgramFeatures.fit(texts, settings.minDocumentFrequency());
        NgramFeatures features = fitted.features();
        SparseRows x = fitted.rows();
        SparseRows validation = validationTexts.isEmpty() ? null : features.transform(validationTexts);
        List<Double> candidates = validation == null ? settings.l2Candidates().subList(0, 1) : settings.l2Candidates();
        ObjectMapper json = new ObjectMapper();
        ObjectNode d = json.createObjectNode();
        d.put("features", "unigrams and bigrams of BERT's uncased pre-tokenized words, TF-IDF (sublinear tf, smoothed idf), L2-normalized");
        d.put("min_document_frequency", settings.minDocumentFrequency()).put("feature_count", features.size());
        d.put("model", "multinomial logistic regression, L2-regularized, L-BFGS");
        d.put("train_examples", texts.size()).put("validation_examples", validationTexts.size());
        var tried = d.putArray("l2_candidates");
        double[] w = new double[SoftmaxRegression.parameterCount(features.size(), classes)];
        double[] best = null;
        double bestAccuracy = -1;
        try (ProgressBar bar = ProgressBar.start("bag-of-words L-BFGS", 0, "evaluations")) {
            for (double l2 : candidates) {
                ObjectNode note = tried.addObject().put("l2", l2);
                w = fit(new SoftmaxRegression(x, labels, classes, l2), w, settings.maxIterations(), bar, note);
                double accuracy = validation == null ? 1
                        : ClassificationMetrics.of(labelNames(classes), validationLabels, probabilities(w, validation, classes)).accuracy();
                if (validation != null) note.put("validation_accuracy", accuracy);
                if (accuracy > bestAccuracy) {
                    bestAccuracy = accuracy;
                    best = w;
                    d.put("l2", l2);
                }
            }
        }
        d.put("train_seconds", (System.nanoTime() - started) / 1e9);
        return new BagOfWordsClassifier(features, classes, best, d);
    }

    /** Fits from {@code start} (warm start), the bar counting objective evaluations; returns the weights, notes the fit in {@code note}. */
    private static double[] fit(SoftmaxRegression objective, double[] start, int maxIterations, ProgressBar bar, ObjectNode note) {
        double l2 = note.get("l2").asDouble();
        Lbfgs.Result fit = Lbfgs.minimize((params, gradient) -> {
            double value = objective.valueAndGradient(params, gradient);
            bar.suffix(String.format(Locale.ROOT, "L2 %.0e, objective %.5f", l2, value));
            bar.step(1);
            return value;
        }, start, maxIterations, GRADIENT_TOLERANCE);
        note.put("iterations", fit.iterations()).put("converged", fit.converged()).put("train_objective", fit.value());
        return fit.x();
    }

    /** One probability vector (label-id order) per text. */
    public double[][] probabilities(List<String> texts) {
        return probabilities(weights, features.transform(texts), classes);
    }

    private static double[][] probabilities(double[] w, SparseRows x, int classes) {
        double[][] p = new double[x.rows()][classes];
        for (int r = 0; r < x.rows(); r++) SoftmaxRegression.probabilities(w, x, r, classes, p[r]);
        return p;
    }

    private static List<String> labelNames(int classes) {
        return java.util.stream.IntStream.range(0, classes).mapToObj(Integer::toString).toList();
    }

    /** How it was built: features, regularization tried and chosen, time; for metrics.json. */
    public ObjectNode description() {
        return description.deepCopy();
    }
}
