package io.bertstream.trainer.train;

import io.bertstream.trainer.autograd.Parallel;
import io.bertstream.trainer.autograd.Tensor;
import io.bertstream.trainer.nn.Parameters;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Adam with decoupled weight decay (Loshchilov and Hutter), as PyTorch's {@code AdamW}:
 * <pre>
 * m = β1·m + (1−β1)·g          v = β2·v + (1−β2)·g²
 * w = w − lr·wd·w − lr · (m / (1−β1ᵗ)) / (√(v / (1−β2ᵗ)) + ε)
 * </pre>
 * Weight decay skips the parameters that {@link Parameters#decays} excludes (biases, LayerNorm).
 */
public final class AdamW {
    private static final int GRAIN = 1 << 15;

    private final Parameters params;
    private final float beta1, beta2, eps, weightDecay;
    private final Map<String, float[]> m = new LinkedHashMap<>();
    private final Map<String, float[]> v = new LinkedHashMap<>();
    private long steps;

    public AdamW(Parameters params, float beta1, float beta2, float eps, float weightDecay) {
        this.params = params;
        this.beta1 = beta1;
        this.beta2 = beta2;
        this.eps = eps;
        this.weightDecay = weightDecay;
        params.named().forEach((name, t) -> {
            m.put(name, new float[t.size()]);
            v.put(name, new float[t.size()]);
        });
    }

    /** One update with learning rate {@code lr} from the current gradients (missing gradients count as zero). */
    public void step(float lr) {
        steps++;
        float c1 = (float) (1 - Math.pow(beta1, steps));
        float c2 = (float) (1 - Math.pow(beta2, steps));
        for (Map.Entry<String, Tensor> e : params.named().entrySet()) {
            float[] w = e.getValue().data(), g = e.getValue().gradArray();
            if (g == null) continue;
            float[] mt = m.get(e.getKey()), vt = v.get(e.getKey());
            float decay = params.decays(e.getKey()) ? 1f - lr * weightDecay : 1f;
            Parallel.forRange(w.length, GRAIN, (from, to) -> {
                for (int i = from; i < to; i++) {
                    float gi = g[i];
                    mt[i] = beta1 * mt[i] + (1 - beta1) * gi;
                    vt[i] = beta2 * vt[i] + (1 - beta2) * gi * gi;
                    w[i] = w[i] * decay - lr * (mt[i] / c1) / ((float) Math.sqrt(vt[i] / c2) + eps);
                }
            });
        }
    }

    /** Updates done so far (the t in the bias corrections). */
    public long steps() {
        return steps;
    }

    /** First moments by parameter name (live arrays, for checkpoints). */
    public Map<String, float[]> firstMoments() {
        return m;
    }

    /** Second moments by parameter name (live arrays, for checkpoints). */
    public Map<String, float[]> secondMoments() {
        return v;
    }

    /** Restores the step count after the moment arrays were filled from a checkpoint. */
    public void restoreSteps(long steps) {
        if (steps < 0) throw new IllegalArgumentException("negative optimizer step count " + steps);
        this.steps = steps;
    }
}
