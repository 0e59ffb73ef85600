package io.bertstream.trainer.onnx;

import java.util.Locale;

/**
 * The graphs of a model bundle, each a file under {@code onnx/} with the inputs
 * {@code input_ids}, {@code attention_mask}, {@code token_type_ids} (int64,
 * [batch_size, sequence_length]) and the outputs listed here.
 */
public enum BertGraph {
    /** Hugging Face fill-mask: {@code logits} [batch_size, sequence_length, vocab_size]. */
    FILL_MASK("model.onnx", BertWeights.Head.MASKED_LM),
    /**
     * Serving fill-mask: the masked-LM head runs only where {@code input_ids} is [MASK].
     * {@code mask_positions} [mask_count, 2] (batch row, position; row-major order),
     * {@code top_k_ids} [mask_count, k] (int64) and {@code top_k_probabilities} [mask_count, k]
     * (softmax over the vocabulary, descending).
     */
    FILL_MASK_TOP_K("fill_mask_top_k.onnx", BertWeights.Head.MASKED_LM),
    /** Next-sentence prediction: {@code logits}, {@code probabilities} [batch_size, 2]; index 0 = "B follows A". */
    NEXT_SENTENCE("next_sentence.onnx", BertWeights.Head.NEXT_SENTENCE),
    /**
     * Sentence embeddings: {@code sentence_embedding} [batch_size, hidden] (mean of the last
     * hidden states over attention_mask) and {@code pooler_output} [batch_size, hidden]
     * (tanh pooler over [CLS]).
     */
    EMBEDDINGS("embeddings.onnx", null),
    /** Fine-tuned classifier: {@code logits}, {@code probabilities} [batch_size, num_labels]. */
    CLASSIFIER("classifier.onnx", BertWeights.Head.CLASSIFIER);

    /** The file's path inside the bundle. */
    public final String path;
    /** The head the graph needs, null when the encoder and pooler suffice. */
    public final BertWeights.Head head;

    BertGraph(String fileName, BertWeights.Head head) {
        this.path = "onnx/" + fileName;
        this.head = head;
    }

    /** The graph's key in config.json's {@code bertstream.graphs}: "fill_mask", "fill_mask_top_k", ... */
    public String key() {
        return name().toLowerCase(Locale.ROOT);
    }

    public boolean availableFor(BertWeights weights) {
        return head == null || weights.has(head);
    }
}
