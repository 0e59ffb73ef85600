package io.bertstream.trainer.data;

/**
 * A pre-training example after masking: input ids (with [MASK], random or kept tokens at the
 * chosen positions), segment ids, the chosen positions in increasing order with their original
 * tokens, and the NSP label.
 */
public record MaskedExample(int[] inputIds, int[] typeIds, int[] maskedPositions, int[] maskedLabels, boolean randomNext) {
    public int length() {
        return inputIds.length;
    }
}
