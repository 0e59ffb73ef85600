package io.bertstream.trainer.onnx;

import io.bertstream.trainer.bert.BertConfig;
import java.util.List;

/**
 * Writes BERT as ONNX nodes in the patterns ONNX Runtime's graph optimizer fuses, the same
 * patterns {@code torch.onnx.export} produces for Hugging Face's BERT: Linear as
 * MatMul(x, Transpose(W)) then Add(bias) (the Transpose of an initializer is constant-folded at
 * load), LayerNormalization (opset 17), residual Add before LayerNormalization (SkipLayerNorm),
 * exact GELU as x·0.5·(1 + erf(x/√2)) (Gelu, BiasGelu), attention as
 * Reshape/Transpose/MatMul/Div/Add(mask)/Softmax/MatMul with the mask bias
 * (1 − mask)·(−10000) (FusedMatMul for Q·Kᵀ/√d), or optionally the {@code com.microsoft.Attention}
 * op ({@link Options}). Position ids keep input_ids' symbolic shape so that shape inference can
 * prove the residual Adds' inputs equal, which SkipLayerNormalization fusion requires.
 * Initializers carry the Hugging Face parameter names; nodes are named {@code <parameter prefix>/<op>}.
 */
public final class BertGraphBuilder {
    private static final String BATCH = "batch_size", SEQUENCE = "sequence_length";
    private static final float MASKED_SCORE = -10000f;

    private final BertWeights weights;
    private final BertConfig config;
    private final OnnxGraph g;

    private BertGraphBuilder(BertWeights weights, String name) {
        this.weights = weights;
        this.config = weights.config();
        this.g = new OnnxGraph(name);
    }

    /**
     * What the graphs need beyond the weights: where the serving fill-mask graph looks for masks
     * and how many candidates it returns; and whether the serving graphs (all but
     * {@link BertGraph#FILL_MASK}, which stays plain ONNX for other runtimes and tools) run
     * self-attention as ONNX Runtime's {@code com.microsoft.Attention} op. ONNX Runtime 1.23.2
     * did not fuse the standard pattern into Attention at opset 17 (seen in its optimized model;
     * the AttentionFusion source we read matches only older versions of Softmax, Add, MatMul and
     * Unsqueeze); on CPU the unfused pattern, whose Q·Kᵀ/√d it turns into FusedMatMul, measured
     * as fast as the contrib op, which is why the contrib op is optional.
     */
    public record Options(int maskTokenId, int topK, boolean contribAttention) {
        public Options {
            if (maskTokenId < 0 || topK < 1) {
                throw new IllegalArgumentException("mask token id must be >= 0 and top-k >= 1, got " + maskTokenId + ", " + topK);
            }
        }
    }

    /** Builds {@code graph} from checked weights. */
    public static OnnxGraph build(BertGraph graph, BertWeights weights, Options options) {
        if (!graph.availableFor(weights)) {
            throw new IllegalArgumentException(graph + " needs the " + graph.head + " head, which the weights do not have");
        }
        BertGraphBuilder b = new BertGraphBuilder(weights, graph.key());
        String hidden = b.encoder(options.contribAttention() && graph != BertGraph.FILL_MASK);
        switch (graph) {
            case FILL_MASK -> b.fillMask(hidden);
            case FILL_MASK_TOP_K -> b.fillMaskTopK(hidden, options);
            case NEXT_SENTENCE -> b.scores(b.pooler(hidden), "cls.seq_relationship", 2);
            case EMBEDDINGS -> b.embeddings(hidden);
            case CLASSIFIER -> b.scores(b.pooler(hidden), "classifier", weights.numLabels());
        }
        b.g.metadata("graph", graph.name());
        return b.g;
    }

    // ---- graphs' heads -------------------------------------------------------------------

    private void fillMask(String hidden) {
        maskedLmLogits(hidden, "logits");
        g.output("logits", ElementType.FLOAT, BATCH, SEQUENCE, config.vocabSize());
    }

    private void fillMaskTopK(String hidden, Options options) {
        String isMask = op("fill_mask/Equal", "Equal", "input_ids", constLong("fill_mask.mask_token_id", options.maskTokenId()));
        String nonZero = op("fill_mask/NonZero", "NonZero", isMask);
        node("fill_mask/Transpose", "mask_positions", "Transpose", List.of(nonZero), Attribute.ints("perm", 1, 0));
        // ONNX Runtime 1.23's TopK divides by zero (SIGFPE) on zero rows, so a batch without [MASK]
        // would kill the process: the head also scores position (0, 0), and that row is sliced off.
        String padded = op("fill_mask/Concat", "Concat", List.of("mask_positions", constLongs2d("fill_mask.dummy_position", 0, 0)),
                Attribute.i("axis", 0));
        String masked = op("fill_mask/GatherND", "GatherND", hidden, padded);
        String probabilities = op("fill_mask/Softmax", "Softmax", List.of(maskedLmLogits(masked, "fill_mask/logits")),
                Attribute.i("axis", -1));
        int k = Math.min(options.topK(), config.vocabSize());
        g.node("fill_mask/TopK", "", "TopK", List.of(probabilities, constLongs("fill_mask.k", k)),
                List.of("fill_mask/TopK_values", "fill_mask/TopK_indices"), Attribute.i("axis", -1), Attribute.i("largest", 1),
                Attribute.i("sorted", 1));
        String count = op("fill_mask/Shape", "Shape", List.of("mask_positions"), Attribute.i("start", 0), Attribute.i("end", 1));
        node("fill_mask/Slice_probabilities", "top_k_probabilities", "Slice",
                List.of("fill_mask/TopK_values", constLongs("starts.0", 0), count, constLongs("axes.0", 0)));
        node("fill_mask/Slice_ids", "top_k_ids", "Slice",
                List.of("fill_mask/TopK_indices", constLongs("starts.0", 0), count, constLongs("axes.0", 0)));
        g.output("mask_positions", ElementType.INT64, "mask_count", 2);
        g.output("top_k_ids", ElementType.INT64, "mask_count", k);
        g.output("top_k_probabilities", ElementType.FLOAT, "mask_count", k);
        g.metadata("mask_token_id", Integer.toString(options.maskTokenId()));
        g.metadata("top_k", Integer.toString(k));
    }

    /** A linear head over the pooled output with {@code logits} and softmax {@code probabilities}. */
    private void scores(String pooled, String prefix, int classes) {
        String mm = op(prefix + "/MatMul", "MatMul", pooled, transposed(prefix + ".weight"));
        node(prefix + "/Add", "logits", "Add", List.of(mm, param(prefix + ".bias")));
        node(prefix + "/Softmax", "probabilities", "Softmax", List.of("logits"), Attribute.i("axis", -1));
        g.output("logits", ElementType.FLOAT, BATCH, classes);
        g.output("probabilities", ElementType.FLOAT, BATCH, classes);
    }

    private void embeddings(String hidden) {
        String mask = op("mean_pooling/Cast", "Cast", List.of("attention_mask"), Attribute.i("to", ElementType.FLOAT.code));
        String mask3 = op("mean_pooling/Unsqueeze", "Unsqueeze", mask, constLongs("axes.2", 2));
        String summed = op("mean_pooling/ReduceSum", "ReduceSum", List.of(op("mean_pooling/Mul", "Mul", hidden, mask3), constLongs("axes.1", 1)),
                Attribute.i("keepdims", 0));
        String count = op("mean_pooling/ReduceSum_count", "ReduceSum", List.of(mask, constLongs("axes.1", 1)), Attribute.i("keepdims", 1));
        String clamped = op("mean_pooling/Max", "Max", count, constFloat("mean_pooling.min_count", 1e-9f));
        node("mean_pooling/Div", "sentence_embedding", "Div", List.of(summed, clamped));
        node("bert.pooler/Identity", "pooler_output", "Identity", List.of(pooler(hidden)));
        g.output("sentence_embedding", ElementType.FLOAT, BATCH, config.hiddenSize());
        g.output("pooler_output", ElementType.FLOAT, BATCH, config.hiddenSize());
    }

    /** tanh(dense(hidden[:, 0])): BERT's pooled [CLS] representation, [batch, hidden]. */
    private String pooler(String hidden) {
        String first = op("bert.pooler/Gather", "Gather", List.of(hidden, constLong("index.0", 0)), Attribute.i("axis", 1));
        return op("bert.pooler/Tanh", "Tanh", linear(first, "bert.pooler.dense"));
    }

    /** transform (dense, GELU, LayerNorm) then the decoder tied to the word embeddings, plus cls.predictions.bias. */
    private String maskedLmLogits(String hidden, String output) {
        String t = layerNorm(gelu(linear(hidden, "cls.predictions.transform.dense"), "cls.predictions.transform"),
                "cls.predictions.transform.LayerNorm");
        String decoder = weights.contains(BertWeights.DECODER) ? BertWeights.DECODER : "bert.embeddings.word_embeddings.weight";
        String mm = op("cls.predictions.decoder/MatMul", "MatMul", t, transposed(decoder));
        return node("cls.predictions.decoder/Add", output, "Add", List.of(mm, param("cls.predictions.bias")));
    }

    // ---- encoder -------------------------------------------------------------------------

    /** Embeddings and encoder layers; returns the last hidden state [batch, seq, hidden]. */
    private String encoder(boolean contribAttention) {
        for (String input : List.of("input_ids", "attention_mask", "token_type_ids")) {
            g.input(input, ElementType.INT64, BATCH, SEQUENCE);
        }
        String words = op("bert.embeddings.word_embeddings/Gather", "Gather", param("bert.embeddings.word_embeddings.weight"), "input_ids");
        // Position ids 0..S-1 per row as an exclusive running count of ones shaped like input_ids, so that
        // shape inference keeps [batch_size, sequence_length] all the way down: ONNX Runtime's
        // SkipLayerNormalization fusion needs both residual inputs to carry the same symbolic dims.
        String ones = op("bert.embeddings/Cast_ones", "Cast", List.of(op("bert.embeddings/Equal", "Equal", "input_ids", "input_ids")),
                Attribute.i("to", ElementType.INT64.code));
        String positionIds = op("bert.embeddings/CumSum", "CumSum", List.of(ones, constLong("index.1", 1)), Attribute.i("exclusive", 1));
        String positions = op("bert.embeddings.position_embeddings/Gather", "Gather", param("bert.embeddings.position_embeddings.weight"), positionIds);
        String types = op("bert.embeddings.token_type_embeddings/Gather", "Gather", param("bert.embeddings.token_type_embeddings.weight"), "token_type_ids");
        String sum = op("bert.embeddings/Add_types", "Add", op("bert.embeddings/Add_positions", "Add", words, positions), types);
        String h = layerNorm(sum, "bert.embeddings.LayerNorm");

        String mask = contribAttention
                ? op("bert.attention_mask/Cast", "Cast", List.of("attention_mask"), Attribute.i("to", ElementType.INT32.code))
                : attentionMaskBias();
        for (int i = 0; i < config.numHiddenLayers(); i++) {
            String p = "bert.encoder.layer." + i + ".";
            String context = contribAttention ? contribSelfAttention(h, mask, p) : selfAttention(h, mask, p);
            h = encoderLayer(h, context, p);
        }
        return h;
    }

    /** (1 − mask)·(−10000) as [batch, 1, 1, seq], added to every layer's attention scores. */
    private String attentionMaskBias() {
        String u1 = op("bert.extended_attention_mask/Unsqueeze_1", "Unsqueeze", "attention_mask", constLongs("axes.1", 1));
        String u2 = op("bert.extended_attention_mask/Unsqueeze_2", "Unsqueeze", u1, constLongs("axes.2", 2));
        String cast = op("bert.extended_attention_mask/Cast", "Cast", List.of(u2), Attribute.i("to", ElementType.FLOAT.code));
        String inverted = op("bert.extended_attention_mask/Sub", "Sub", constFloat("one", 1f), cast);
        return op("bert.extended_attention_mask/Mul", "Mul", inverted, constFloat("masked_score", MASKED_SCORE));
    }

    /** Multi-head self-attention from standard ops; returns the heads' context merged back to [batch, seq, hidden]. */
    private String selfAttention(String x, String maskBias, String p) {
        int heads = config.numAttentionHeads(), headSize = config.headSize();
        String headShape = constLongs("shape.heads", 0, 0, heads, headSize);
        String q = op(p + "attention.self/Transpose_q", "Transpose", List.of(op(p + "attention.self/Reshape_q", "Reshape",
                linear(x, p + "attention.self.query"), headShape)), Attribute.ints("perm", 0, 2, 1, 3));
        String kT = op(p + "attention.self/Transpose_k", "Transpose", List.of(op(p + "attention.self/Reshape_k", "Reshape",
                linear(x, p + "attention.self.key"), headShape)), Attribute.ints("perm", 0, 2, 3, 1));
        String v = op(p + "attention.self/Transpose_v", "Transpose", List.of(op(p + "attention.self/Reshape_v", "Reshape",
                linear(x, p + "attention.self.value"), headShape)), Attribute.ints("perm", 0, 2, 1, 3));
        String scores = op(p + "attention.self/Div", "Div", op(p + "attention.self/MatMul_qk", "MatMul", q, kT),
                constFloat("sqrt_head_size", (float) Math.sqrt(headSize)));
        String probs = op(p + "attention.self/Softmax", "Softmax", List.of(op(p + "attention.self/Add_mask", "Add", scores, maskBias)),
                Attribute.i("axis", 3));
        String context = op(p + "attention.self/Transpose_context", "Transpose", List.of(op(p + "attention.self/MatMul_v", "MatMul", probs, v)),
                Attribute.ints("perm", 0, 2, 1, 3));
        return op(p + "attention.self/Reshape_context", "Reshape", context, constLongs("shape.hidden", 0, 0, config.hiddenSize()));
    }

    /**
     * The same as one {@code com.microsoft.Attention} node: Q, K and V weights packed as
     * [hidden, 3·hidden] and biases as [3·hidden] by Concat nodes over the Hugging Face
     * initializers (constant-folded at load), the int32 attention mask as its mask_index
     * (1 attend, 0 padding, masked scores −10000).
     */
    private String contribSelfAttention(String x, String maskInt32, String p) {
        String self = p + "attention.self";
        String weight = op(self + "/Concat_qkv_weight", "Concat", List.of(transposed(self + ".query.weight"), transposed(self + ".key.weight"),
                transposed(self + ".value.weight")), Attribute.i("axis", 1));
        String bias = op(self + "/Concat_qkv_bias", "Concat", List.of(param(self + ".query.bias"), param(self + ".key.bias"),
                param(self + ".value.bias")), Attribute.i("axis", 0));
        String out = self + "/Attention";
        g.node(out, OnnxGraph.MICROSOFT_DOMAIN, "Attention", List.of(x, weight, bias, maskInt32), List.of(out),
                Attribute.i("num_heads", config.numAttentionHeads()));
        return out;
    }

    /** Attention output projection, residual and LayerNorm, then the GELU feed-forward with its residual and LayerNorm. */
    private String encoderLayer(String x, String context, String p) {
        String attended = layerNorm(op(p + "attention.output/Add_residual", "Add", linear(context, p + "attention.output.dense"), x),
                p + "attention.output.LayerNorm");
        String inner = gelu(linear(attended, p + "intermediate.dense"), p + "intermediate");
        return layerNorm(op(p + "output/Add_residual", "Add", linear(inner, p + "output.dense"), attended), p + "output.LayerNorm");
    }

    // ---- building blocks -----------------------------------------------------------------

    /** x·Wᵀ + b for the PyTorch Linear {@code prefix} (weight [out, in]). */
    private String linear(String x, String prefix) {
        return op(prefix + "/Add", "Add", op(prefix + "/MatMul", "MatMul", x, transposed(prefix + ".weight")), param(prefix + ".bias"));
    }

    private String transposed(String weight) {
        String name = weight + "/Transpose";
        return g.defines(name) ? name : op(name, "Transpose", List.of(param(weight)), Attribute.ints("perm", 1, 0));
    }

    private String layerNorm(String x, String prefix) {
        return op(prefix + "/LayerNormalization", "LayerNormalization", List.of(x, param(prefix + ".weight"), param(prefix + ".bias")),
                Attribute.i("axis", -1), Attribute.f("epsilon", config.layerNormEps()));
    }

    /** Exact GELU, x·0.5·(1 + erf(x/√2)), in the node order torch.onnx.export writes. */
    private String gelu(String x, String prefix) {
        String erf = op(prefix + "/Erf", "Erf", op(prefix + "/Div", "Div", x, constFloat("sqrt_2", (float) Math.sqrt(2))));
        String mul = op(prefix + "/Mul", "Mul", x, op(prefix + "/Add_1", "Add", erf, constFloat("one", 1f)));
        return op(prefix + "/Mul_half", "Mul", mul, constFloat("half", 0.5f));
    }

    private String param(String name) {
        return g.defines(name) ? name : g.initializer(name, weights.get(name), weights.shape(name));
    }

    private String constFloat(String name, float value) {
        String full = "const." + name;
        return g.defines(full) ? full : g.initializer(full, new float[] {value});
    }

    /** An int64 scalar. */
    private String constLong(String name, long value) {
        String full = "const." + name;
        return g.defines(full) ? full : g.initializer(full, new long[] {value});
    }

    /** A 1-D int64 tensor (shapes, axes, starts). */
    private String constLongs(String name, long... values) {
        String full = "const." + name;
        return g.defines(full) ? full : g.initializer(full, values, values.length);
    }

    /** A [1, n] int64 tensor. */
    private String constLongs2d(String name, long... values) {
        String full = "const." + name;
        return g.defines(full) ? full : g.initializer(full, values, 1, values.length);
    }

    private String op(String name, String opType, String... inputs) {
        return op(name, opType, List.of(inputs));
    }

    private String op(String name, String opType, List<String> inputs, Attribute... attributes) {
        return g.node(name, opType, inputs, name, attributes);
    }

    private String node(String name, String output, String opType, List<String> inputs, Attribute... attributes) {
        return g.node(name, opType, inputs, output, attributes);
    }
}
