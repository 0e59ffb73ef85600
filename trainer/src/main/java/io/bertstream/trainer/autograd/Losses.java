package io.bertstream.trainer.autograd;

/** Cross-entropy fused with log-softmax. */
public final class Losses {
    private Losses() {}

    /**
     * Mean cross-entropy of {@code logits [..., C]} against class indices {@code targets} (one
     * per row), skipping rows whose target is {@code ignoreIndex}. Computed from the
     * log-sum-exp, so it is stable for large logits; when every row is ignored the loss is 0
     * and so are the gradients.
     */
    public static Tensor crossEntropy(Tensor logits, int[] targets, int ignoreIndex) {
        long t0 = Profiler.start();
        Tensor x = logits.contiguous();
        int c = x.dim(-1), rows = c == 0 ? 0 : x.size / c;
        if (targets.length != rows) {
            throw new IllegalArgumentException("crossEntropy: " + targets.length + " targets for logits "
                    + Shapes.format(x.shape) + " (" + rows + " rows)");
        }
        int valid = 0;
        for (int r = 0; r < rows; r++) {
            int t = targets[r];
            if (t == ignoreIndex) continue;
            if (t < 0 || t >= c) {
                throw new IllegalArgumentException("crossEntropy: target " + t + " at row " + r + " outside [0, " + c
                        + ") and not the ignore index " + ignoreIndex);
            }
            valid++;
        }
        float[] xd = x.data;
        int xo = x.offset;
        float[] lse = Arena.allocate(rows, false);
        Parallel.forRange(rows, Activations.rowGrain(c), (from, to) -> {
            for (int r = from; r < to; r++) {
                if (targets[r] == ignoreIndex) continue;
                int xi = xo + r * c;
                float max = VectorMath.max(xd, xi, c);
                lse[r] = max + (float) StrictMath.log(VectorMath.sumExpShifted(xd, xi, max, c));
            }
        });
        double total = 0;
        for (int r = 0; r < rows; r++) if (targets[r] != ignoreIndex) total += lse[r] - xd[xo + r * c + targets[r]];
        float scale = valid == 0 ? 0f : 1f / valid;
        Tensor out = Tensor.empty(new int[0], false);
        out.data[0] = (float) (total * scale);
        return out.record("crossEntropy", t0, g -> {
            float[] dx = x.gradBuffer();
            float s = g[0] * scale;
            Parallel.forRange(rows, Activations.rowGrain(c), (from, to) -> {
                for (int r = from; r < to; r++) {
                    if (targets[r] == ignoreIndex) continue;
                    // d/dlogits = softmax - onehot(target)
                    VectorMath.addScaledExp(xd, xo + r * c, lse[r], s, dx, r * c, c);
                    dx[r * c + targets[r]] -= s;
                }
            });
        }, x);
    }
}
