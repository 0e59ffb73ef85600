package io.bertstream.trainer.data;

/**
 * One unmasked pre-training pair: {@code [CLS] A [SEP] B [SEP]} as token ids, the length of A,
 * and whether B is a random segment (NSP label 1) rather than A's continuation (label 0).
 */
public record PretrainingExample(int[] tokens, int lengthA, boolean randomNext) {

    /** Segment ids: 0 for [CLS], A and the first [SEP]; 1 for B and the last [SEP]. */
    public int[] typeIds() {
        int[] types = new int[tokens.length];
        for (int i = lengthA + 2; i < tokens.length; i++) types[i] = 1;
        return types;
    }
}
