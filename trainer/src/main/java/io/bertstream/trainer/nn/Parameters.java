package io.bertstream.trainer.nn;

import io.bertstream.trainer.autograd.Tensor;
import java.util.Collections;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import java.util.SplittableRandom;

/**
 * The named, trainable tensors of a model, in the order the layers created them. Layers
 * register their weights here under their full (Hugging Face) names; optimizers, checkpoints
 * and exporters read {@link #named()}. Initial values come from one seeded generator, so a
 * model built twice with the same seed is identical.
 */
public final class Parameters {
    /** Initial weights are N(0, std²) cut at ±2 std (resampled), as BERT's truncated normal. */
    private static final double TRUNCATE_AT = 2.0;

    private final Map<String, Tensor> tensors = new LinkedHashMap<>();
    private final Set<String> noDecay = new HashSet<>();
    private final SplittableRandom random;

    public Parameters(long seed) {
        this.random = new SplittableRandom(seed);
    }

    /** A weight matrix or table drawn from the truncated normal; weight decay applies to it. */
    public Tensor truncatedNormal(String name, float std, int... shape) {
        Tensor t = Tensor.zeros(shape);
        float[] v = t.data();
        for (int i = 0; i < v.length; i++) {
            double z;
            do {
                z = gaussian(random);
            } while (Math.abs(z) > TRUNCATE_AT);
            v[i] = (float) (z * std);
        }
        return register(name, t, true);
    }

    /** Every element {@code value} (biases at 0, LayerNorm gains at 1); no weight decay. */
    public Tensor constant(String name, float value, int... shape) {
        return register(name, Tensor.full(value, shape), false);
    }

    private Tensor register(String name, Tensor t, boolean decay) {
        if (tensors.containsKey(name)) throw new IllegalArgumentException("parameter '" + name + "' registered twice");
        tensors.put(name, t.requiresGrad(true));
        if (!decay) noDecay.add(name);
        return t;
    }

    /** Name → tensor, in creation order; the tensors are the live parameters (heap, contiguous). */
    public Map<String, Tensor> named() {
        return Collections.unmodifiableMap(tensors);
    }

    /** Whether AdamW's weight decay applies (weights and embeddings, not biases or LayerNorm). */
    public boolean decays(String name) {
        if (!tensors.containsKey(name)) throw new IllegalArgumentException("no parameter '" + name + "'");
        return !noDecay.contains(name);
    }

    /** The number of trainable scalars. */
    public long count() {
        long n = 0;
        for (Tensor t : tensors.values()) n += t.size();
        return n;
    }

    public void zeroGrad() {
        tensors.values().forEach(Tensor::zeroGrad);
    }

    /**
     * Copies every tensor of {@code source} whose name is a parameter here (shapes must agree);
     * returns the names copied. Used to start fine-tuning from pre-trained weights.
     */
    public Set<String> copyFrom(Map<String, Tensor> source) {
        Set<String> copied = new HashSet<>();
        for (Map.Entry<String, Tensor> e : source.entrySet()) {
            Tensor mine = tensors.get(e.getKey());
            if (mine == null) continue;
            if (!java.util.Arrays.equals(mine.shape(), e.getValue().shape())) {
                throw new IllegalArgumentException("parameter '" + e.getKey() + "': shape "
                        + java.util.Arrays.toString(e.getValue().shape()) + " where the model has "
                        + java.util.Arrays.toString(mine.shape()));
            }
            System.arraycopy(e.getValue().toArray(), 0, mine.data(), 0, mine.size());
            copied.add(e.getKey());
        }
        return copied;
    }

    private static double gaussian(SplittableRandom random) {
        double u = 1.0 - random.nextDouble();
        double v = random.nextDouble();
        return Math.sqrt(-2.0 * Math.log(u)) * Math.cos(2.0 * Math.PI * v);
    }
}
