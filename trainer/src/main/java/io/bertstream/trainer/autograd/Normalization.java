package io.bertstream.trainer.autograd;

/** LayerNorm over the last axis, fused: one pass for statistics and output, one for each gradient. */
final class Normalization {
    private Normalization() {}

    static Tensor layerNorm(Tensor in, Tensor gammaIn, Tensor betaIn, float eps) {
        long t0 = Profiler.start();
        int n = in.dim(-1);
        if (gammaIn.rank() != 1 || gammaIn.dim(0) != n || betaIn.rank() != 1 || betaIn.dim(0) != n) {
            throw new IllegalArgumentException("layerNorm: gamma " + Shapes.format(gammaIn.shape) + " and beta "
                    + Shapes.format(betaIn.shape) + " must both be [" + n + "] for input " + Shapes.format(in.shape));
        }
        Tensor x = in.contiguous(), gamma = gammaIn.contiguous(), beta = betaIn.contiguous();
        int rows = n == 0 ? 0 : x.size / n;
        Tensor out = Tensor.empty(x.shape, false);
        float[] mean = Arena.allocate(rows, false), rstd = Arena.allocate(rows, false);
        float[] xd = x.data, gd = gamma.data, bd = beta.data, y = out.data;
        int xo = x.offset, go = gamma.offset, bo = beta.offset;
        Parallel.forRange(rows, Activations.rowGrain(n), (from, to) -> {
            for (int r = from; r < to; r++) {
                int xi = xo + r * n, yi = r * n;
                float mu = VectorMath.sum(xd, xi, n) / n;
                float rs = (float) (1.0 / Math.sqrt(VectorMath.sumSquaredDeviation(xd, xi, mu, n) / n + eps));
                mean[r] = mu;
                rstd[r] = rs;
                VectorMath.layerNormRow(xd, xi, mu, rs, gd, go, bd, bo, y, yi, n);
            }
        });
        return out.record("layerNorm", t0, g -> {
            if (gamma.requiresGrad() || beta.requiresGrad()) {
                float[] dg = gamma.requiresGrad() ? gamma.gradBuffer() : null;
                float[] db = beta.requiresGrad() ? beta.gradBuffer() : null;
                // split over columns so each parameter gradient is summed by one thread, rows in order
                Parallel.forRange(n, 64, (from, to) -> VectorMath.addLayerNormParamGrads(g, xd, xo, mean, rstd, rows, n, from, to, dg, db));
            }
            if (x.requiresGrad()) {
                // after the parameters' pass, which reads g: dx may be written over g
                float[] dx = x.gradBufferTaking(out);
                boolean accumulate = dx != g;
                Parallel.forRange(rows, Activations.rowGrain(n), (from, to) -> {
                    for (int r = from; r < to; r++) {
                        int xi = xo + r * n, o = r * n;
                        float mu = mean[r], rs = rstd[r];
                        // with xhat = (x - mu)·rs and d = g·gamma: dx = rs·(d - mean(d) - xhat·mean(d·xhat))
                        float sumD = VectorMath.dot(g, o, gd, go, n);
                        float sumDX = VectorMath.dotCentered(g, o, gd, go, xd, xi, mu, n);
                        float meanD = sumD / n, meanDXhat = sumDX * rs / n;
                        VectorMath.layerNormInputGrad(g, o, gd, go, xd, xi, mu, rs, meanD, meanDXhat, dx, o, n, accumulate);
                    }
                });
            }
        }, x, gamma, beta);
    }
}
