package io.bertstream.trainer.eval;

import io.bertstream.trainer.autograd.Parallel;
import java.util.Arrays;

/**
 * Multinomial logistic regression on sparse rows: {@code p = softmax(W x + b)}, trained by
 * minimizing the mean cross-entropy plus {@code (l2 / 2) ||W||^2} (biases not penalized) with
 * {@link Lbfgs}. Parameters are one flat array: {@code W[c][f]} at {@code f * classes + c} (a
 * feature's weights side by side, so one pass over a row serves every class), then the biases.
 *
 * <p>The rows are cut into {@value #BLOCKS} fixed blocks, summed in parallel, each into its own
 * buffer, then added in block order: the same result for any number of threads.
 */
final class SoftmaxRegression implements Lbfgs.Objective {
    private static final int BLOCKS = 4;

    private final SparseRows x;
    private final int[] labels;
    private final int classes;
    private final double l2;
    private final double[][] blockGradient;
    private final double[] blockLoss = new double[BLOCKS];

    SoftmaxRegression(SparseRows x, int[] labels, int classes, double l2) {
        if (x.rows() != labels.length) throw new IllegalArgumentException(x.rows() + " rows but " + labels.length + " labels");
        this.x = x;
        this.labels = labels;
        this.classes = classes;
        this.l2 = l2;
        this.blockGradient = new double[BLOCKS][parameterCount(x.columns(), classes)];
    }

    static int parameterCount(int features, int classes) {
        return classes * (features + 1);
    }

    @Override
    public double valueAndGradient(double[] w, double[] gradient) {
        Parallel.forRange(BLOCKS, 1, (from, to) -> {
            for (int b = from; b < to; b++) block(b, w);
        });
        int biases = classes * x.columns();
        double loss = 0, squares = 0;
        for (int i = 0; i < biases; i++) {
            squares += w[i] * w[i];
            gradient[i] = l2 * w[i];
        }
        Arrays.fill(gradient, biases, gradient.length, 0);
        for (int b = 0; b < BLOCKS; b++) {
            loss += blockLoss[b];
            double[] g = blockGradient[b];
            for (int i = 0; i < gradient.length; i++) gradient[i] += g[i];
        }
        return loss + 0.5 * l2 * squares;
    }

    /** Block b's share of the mean cross-entropy and of its gradient. */
    private void block(int b, double[] w) {
        int n = labels.length, biases = classes * x.columns();
        double[] g = blockGradient[b], p = new double[classes];
        Arrays.fill(g, 0);
        double loss = 0;
        for (int r = (int) ((long) n * b / BLOCKS), end = (int) ((long) n * (b + 1) / BLOCKS); r < end; r++) {
            probabilities(w, x, r, classes, p);
            loss -= Math.log(Math.max(p[labels[r]], Double.MIN_NORMAL));
            p[labels[r]] -= 1;
            for (int c = 0; c < classes; c++) {
                p[c] /= n;
                g[biases + c] += p[c];
            }
            x.addOuter(r, p, classes, g);
        }
        blockLoss[b] = loss / n;
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
