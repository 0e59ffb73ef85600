package io.bertstream.trainer.bert;

/**
 * A padded batch of token sequences, row-major {@code [batch, seq]}: token ids, segment (token
 * type) ids and the attention mask (1 for real tokens, 0 for padding), as Hugging Face's
 * {@code input_ids}, {@code token_type_ids} and {@code attention_mask}.
 */
public record BertInput(int batch, int seq, int[] inputIds, int[] tokenTypeIds, int[] attentionMask) {
    public BertInput {
        if (batch < 1 || seq < 1) throw new IllegalArgumentException("batch and seq must be positive, got " + batch + "x" + seq);
        int n = batch * seq;
        if (inputIds.length != n || tokenTypeIds.length != n || attentionMask.length != n) {
            throw new IllegalArgumentException("input arrays must hold batch·seq = " + n + " values, got "
                    + inputIds.length + ", " + tokenTypeIds.length + ", " + attentionMask.length);
        }
    }

    /** Non-padding tokens in the batch. */
    public int tokenCount() {
        int n = 0;
        for (int m : attentionMask) n += m;
        return n;
    }
}
