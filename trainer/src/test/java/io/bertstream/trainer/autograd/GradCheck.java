package io.bertstream.trainer.autograd;

import static org.junit.jupiter.api.Assertions.fail;

import java.util.SplittableRandom;
import java.util.function.Function;

/**
 * Central finite differences against backward. The loss is {@code Σ w·f(inputs)} with fixed
 * random weights {@code w}; numerically it is evaluated in double from the float outputs, so
 * the only float32 error is that of the op itself.
 */
final class GradCheck {
    private static final double EPS = 1e-2;
    private static final double ABS_TOL = 2e-3;
    private static final double REL_TOL = 1e-2;
    /** At most this many elements per input are perturbed (chosen at random, always the same). */
    private static final int MAX_PROBES = 60;

    private GradCheck() {}

    static void check(String name, Function<Tensor[], Tensor> f, Tensor... inputs) {
        for (Tensor in : inputs) in.requiresGrad(true).zeroGrad();
        Tensor out = f.apply(inputs);
        float[] w = Tensor.randn(99, 1f, out.shape).toArray();
        Tensor loss = out.mul(Tensor.of(w, out.shape)).sum();
        loss.backward();
        SplittableRandom random = new SplittableRandom(7);
        for (int k = 0; k < inputs.length; k++) {
            Tensor in = inputs[k];
            float[] analytic = in.gradArray();
            int probes = Math.min(MAX_PROBES, in.size);
            for (int p = 0; p < probes; p++) {
                int i = probes == in.size ? p : random.nextInt(in.size);
                float saved = in.data[i];
                in.data[i] = (float) (saved + EPS);
                double plus = weighted(f, inputs, w);
                in.data[i] = (float) (saved - EPS);
                double minus = weighted(f, inputs, w);
                in.data[i] = saved;
                double numeric = (plus - minus) / (2 * EPS);
                double a = analytic == null ? 0 : analytic[i];
                if (Math.abs(a - numeric) > ABS_TOL + REL_TOL * Math.max(Math.abs(a), Math.abs(numeric))) {
                    fail(name + ": d/d input" + k + "[" + i + "] analytic " + a + " vs numeric " + numeric
                            + " (input shape " + Shapes.format(in.shape) + ")");
                }
            }
        }
    }

    private static double weighted(Function<Tensor[], Tensor> f, Tensor[] inputs, float[] w) {
        try (GradMode.Scope ignored = GradMode.disabled()) {
            float[] y = f.apply(inputs).toArray();
            double s = 0;
            for (int i = 0; i < y.length; i++) s += (double) y[i] * w[i];
            return s;
        }
    }
}
