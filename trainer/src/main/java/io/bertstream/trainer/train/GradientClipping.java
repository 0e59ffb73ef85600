package io.bertstream.trainer.train;

import io.bertstream.trainer.autograd.Tensor;
import java.util.Collection;

/** Clipping by the global L2 norm of all gradients, as PyTorch's {@code clip_grad_norm_}. */
public final class GradientClipping {
    private GradientClipping() {}

    /** Scales every gradient by {@code maxNorm / norm} when the global norm exceeds it; returns the norm before clipping. */
    public static double clip(Collection<Tensor> params, double maxNorm) {
        double sum = 0;
        for (Tensor p : params) {
            float[] g = p.gradArray();
            if (g == null) continue;
            for (float x : g) sum += (double) x * x;
        }
        double norm = Math.sqrt(sum);
        if (maxNorm > 0 && norm > maxNorm) {
            float scale = (float) (maxNorm / (norm + 1e-6));
            for (Tensor p : params) {
                float[] g = p.gradArray();
                if (g == null) continue;
                for (int i = 0; i < g.length; i++) g[i] *= scale;
            }
        }
        return norm;
    }
}
