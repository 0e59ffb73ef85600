package io.bertstream.trainer.eval;

import java.util.ArrayDeque;
import java.util.Arrays;
import java.util.Deque;
import java.util.Iterator;

/**
 * Limited-memory BFGS (Nocedal and Wright, algorithm 7.4) with a backtracking line search on the
 * Armijo condition, for smooth convex objectives. Deterministic: no randomness, one thread.
 * Stops when the largest gradient component is at most {@code gradientTolerance}, when the last
 * {@value #WINDOW} iterations together lowered the objective by less than
 * {@value #RELATIVE_DECREASE} of its value (further digits no longer change predictions), or after
 * {@code maxIterations}.
 */
final class Lbfgs {
    static final double RELATIVE_DECREASE = 1e-4;
    static final int WINDOW = 10;
    private static final int MEMORY = 10;
    private static final double ARMIJO = 1e-4;
    private static final int MAX_BACKTRACKS = 40;

    /** f(x), with its gradient written into {@code gradient}. */
    interface Objective {
        double valueAndGradient(double[] x, double[] gradient);
    }

    record Result(double[] x, double value, int iterations, boolean converged) {}

    private Lbfgs() {}

    static Result minimize(Objective f, double[] start, int maxIterations, double gradientTolerance) {
        int n = start.length;
        double[] x = start.clone(), g = new double[n];
        double value = f.valueAndGradient(x, g);
        Deque<double[][]> history = new ArrayDeque<>(); // {s, y, {1 / y.s}}, newest first
        double[] xNew = new double[n], gNew = new double[n];
        double[] values = new double[maxIterations + 1];
        values[0] = value;
        for (int iteration = 0; iteration < maxIterations; iteration++) {
            if (maxAbs(g) <= gradientTolerance) return new Result(x, value, iteration, true);
            double[] direction = direction(g, history);
            double slope = dot(direction, g);
            if (slope >= 0) { // not a descent direction: restart from steepest descent
                history.clear();
                direction = negate(g);
                slope = dot(direction, g);
            }
            double step = history.isEmpty() ? Math.min(1, 1 / Math.sqrt(-slope)) : 1;
            double newValue = Double.NaN;
            for (int backtrack = 0; backtrack < MAX_BACKTRACKS; backtrack++, step /= 2) {
                for (int i = 0; i < n; i++) xNew[i] = x[i] + step * direction[i];
                newValue = f.valueAndGradient(xNew, gNew);
                if (newValue <= value + ARMIJO * step * slope) break;
            }
            if (!(newValue <= value)) return new Result(x, value, iteration, false);
            double[] s = new double[n], y = new double[n];
            for (int i = 0; i < n; i++) {
                s[i] = xNew[i] - x[i];
                y[i] = gNew[i] - g[i];
            }
            double ys = dot(y, s);
            if (ys > 0) {
                history.addFirst(new double[][] {s, y, {1 / ys}});
                if (history.size() > MEMORY) history.removeLast();
            }
            System.arraycopy(xNew, 0, x, 0, n);
            System.arraycopy(gNew, 0, g, 0, n);
            value = values[iteration + 1] = newValue;
            boolean flat = iteration + 1 >= WINDOW && values[iteration + 1 - WINDOW] - value <= RELATIVE_DECREASE * Math.abs(value);
            if (flat) return new Result(x, value, iteration + 1, true);
        }
        return new Result(x, value, maxIterations, maxAbs(g) <= gradientTolerance);
    }

    /** The two-loop recursion: minus the inverse-Hessian estimate times the gradient. */
    private static double[] direction(double[] g, Deque<double[][]> history) {
        double[] q = g.clone();
        double[] alpha = new double[history.size()];
        int k = 0;
        for (double[][] pair : history) {
            alpha[k] = pair[2][0] * dot(pair[0], q);
            axpy(-alpha[k++], pair[1], q);
        }
        if (!history.isEmpty()) {
            double[][] newest = history.peekFirst();
            double gamma = dot(newest[0], newest[1]) / dot(newest[1], newest[1]);
            for (int i = 0; i < q.length; i++) q[i] *= gamma;
        }
        Iterator<double[][]> oldestFirst = history.descendingIterator();
        for (k = history.size() - 1; oldestFirst.hasNext(); k--) {
            double[][] pair = oldestFirst.next();
            double beta = pair[2][0] * dot(pair[1], q);
            axpy(alpha[k] - beta, pair[0], q);
        }
        return negate(q);
    }

    private static double dot(double[] a, double[] b) {
        double s = 0;
        for (int i = 0; i < a.length; i++) s += a[i] * b[i];
        return s;
    }

    private static void axpy(double a, double[] x, double[] y) {
        for (int i = 0; i < x.length; i++) y[i] += a * x[i];
    }

    private static double[] negate(double[] v) {
        double[] r = new double[v.length];
        for (int i = 0; i < v.length; i++) r[i] = -v[i];
        return r;
    }

    private static double maxAbs(double[] v) {
        return Arrays.stream(v).map(Math::abs).max().orElse(0);
    }
}
