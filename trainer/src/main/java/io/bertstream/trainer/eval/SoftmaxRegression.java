package io.bertstream.trainer.eval;

/**
 * Multinomial logistic regression on sparse rows: {@code p = softmax(W x + b)}, trained by
 * minimizing the mean cross-entropy plus {@code (l2 / 2) ||W||^2} (biases not penalized) with
 * {@link Lbfgs}. Parameters are one flat array: {@code W[c][f]} at {@code f * classes + c} (a
 * feature's weights side by side, so one pass over a row serves every class), then the biases.
 */
final class SoftmaxRegression implements Lbfgs.Objective {

    private final SparseRows x;
    private final int[] labels;
    private final int classes;
    private final double l2;

    SoftmaxRegression(SparseRows x, int[] labels, int classes, double l2) {
        if (x.rows() != labels.length) throw new IllegalArgumentException(x.rows() + " rows but " + labels.length + " labels");
        this.x = x;
        this.labels = labels;
        this.classes = classes;
        this.l2 = l2;
    }

    static int parameterCount(int features, int classes) {
        return classes * (features + 1);
    }

    @Override
    public double valueAndGradient(double[] w, double[] gradient) {
        int features = x.columns(), biases = classes * features, n = labels.length;
        java.util.Arrays.fill(gradient, 0);
        double[] p = new double[classes];
        double loss = 0;
        for (int r = 0; r < n; r++) {
            probabilities(w, x, r, classes, p);
            loss -= Math.log(Math.max(p[labels[r]], Double.MIN_NORMAL));
            p[labels[r]] -= 1;
            for (int c = 0; c < classes; c++) {
                p[c] /= n;
                gradient[biases + c] += p[c];
            }
            x.addOuter(r, p, classes, gradient);
        }
        double squares = 0;
        for (int i = 0; i < biases; i++) {
            squares += w[i] * w[i];
            gradient[i] += l2 * w[i];
        }
        return loss / n + 0.5 * l2 * squares;
    }

    /** Row r's class probabilities under the parameters {@code w}, into {@code p}. */
    static void probabilities(double[] w, SparseRows x, int r, int classes, double[] p) {
        int biases = classes * x.columns();
        x.times(r, w, classes, p);
        double max = Double.NEGATIVE_INFINITY;
        for (int c = 0; c < classes; c++) {
            p[c] += w[biases + c];
            max = Math.max(max, p[c]);
        }
        double sum = 0;
        for (int c = 0; c < classes; c++) sum += p[c] = Math.exp(p[c] - max);
        for (int c = 0; c < classes; c++) p[c] /= sum;
    }
}
