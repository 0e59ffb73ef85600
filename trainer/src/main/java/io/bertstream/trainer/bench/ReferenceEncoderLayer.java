package io.bertstream.trainer.bench;

import io.bertstream.trainer.autograd.Tensor;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * One post-LayerNorm BERT encoder layer written directly on autograd ops, with no nn layer in
 * between: the workload for the PyTorch cross-check ({@code trainer/scripts/check_layer_torch.py}
 * computes the same function) and for {@link TrainStepProfile}.
 *
 * <pre>
 * h   = LayerNorm1(x + Wo · MultiHeadAttention(x, mask))
 * out = LayerNorm2(h + W2 · GELU(W1 · h))
 * </pre>
 *
 * Weights use PyTorch's {@code [out, in]} layout; parameter names match the script's.
 */
public final class ReferenceEncoderLayer {
    public static final float LAYER_NORM_EPS = 1e-12f;
    /** Added to attention scores of padding positions, as BERT does. */
    public static final float MASKED_SCORE = -10000f;

    private final int hidden;
    private final int heads;
    private final Map<String, Tensor> params = new LinkedHashMap<>();

    public ReferenceEncoderLayer(int hidden, int heads, int ffn, long seed) {
        if (hidden % heads != 0) throw new IllegalArgumentException("hidden " + hidden + " not divisible by heads " + heads);
        this.hidden = hidden;
        this.heads = heads;
        long s = seed;
        for (String p : new String[] {"query", "key", "value", "attn_out"}) {
            params.put(p + ".weight", Tensor.randn(s++, (float) (1 / Math.sqrt(hidden)), hidden, hidden));
            params.put(p + ".bias", Tensor.randn(s++, 0.1f, hidden));
        }
        params.put("ln1.gamma", Tensor.randn(s++, 0.1f, hidden).add(1f).detach());
        params.put("ln1.beta", Tensor.randn(s++, 0.1f, hidden));
        params.put("ffn_in.weight", Tensor.randn(s++, (float) (1 / Math.sqrt(hidden)), ffn, hidden));
        params.put("ffn_in.bias", Tensor.randn(s++, 0.1f, ffn));
        params.put("ffn_out.weight", Tensor.randn(s++, (float) (1 / Math.sqrt(ffn)), hidden, ffn));
        params.put("ffn_out.bias", Tensor.randn(s++, 0.1f, hidden));
        params.put("ln2.gamma", Tensor.randn(s++, 0.1f, hidden).add(1f).detach());
        params.put("ln2.beta", Tensor.randn(s, 0.1f, hidden));
        params.values().forEach(t -> t.requiresGrad(true));
    }

    /** The parameters by name, in a fixed order. */
    public Map<String, Tensor> parameters() {
        return params;
    }

    /**
     * The layer on {@code x [batch, seq, hidden]}; {@code keep [batch·seq]} is 1 for real tokens
     * and 0 for padding; dropout with probability {@code dropout} (0 for none) after the
     * attention probabilities and both sublayers, seeded from {@code seed}.
     */
    public Tensor forward(Tensor x, float[] keep, float dropout, long seed) {
        int batch = x.dim(0), seq = x.dim(1), dh = hidden / heads;
        float[] bias = new float[batch * seq];
        for (int i = 0; i < bias.length; i++) bias[i] = keep[i] != 0f ? 0f : MASKED_SCORE;
        Tensor maskBias = Tensor.of(bias, batch, 1, 1, seq);

        Tensor q = project(x, "query").reshape(batch, seq, heads, dh).permute(0, 2, 1, 3);
        Tensor kT = project(x, "key").reshape(batch, seq, heads, dh).permute(0, 2, 3, 1);
        Tensor v = project(x, "value").reshape(batch, seq, heads, dh).permute(0, 2, 1, 3);
        Tensor probs = q.matmul(kT).mul((float) (1 / Math.sqrt(dh))).add(maskBias).softmax(-1).dropout(dropout, seed);
        Tensor context = probs.matmul(v).permute(0, 2, 1, 3).reshape(batch, seq, hidden);
        Tensor attended = project(context, "attn_out").dropout(dropout, seed + 1);
        Tensor h = x.add(attended).layerNorm(p("ln1.gamma"), p("ln1.beta"), LAYER_NORM_EPS);

        Tensor ff = project(project(h, "ffn_in").gelu(), "ffn_out").dropout(dropout, seed + 2);
        return h.add(ff).layerNorm(p("ln2.gamma"), p("ln2.beta"), LAYER_NORM_EPS);
    }

    private Tensor project(Tensor x, String name) {
        return x.linear(p(name + ".weight"), p(name + ".bias"));
    }

    private Tensor p(String name) {
        return params.get(name);
    }
}
