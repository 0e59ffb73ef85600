package io.bertstream.trainer.bert;

/**
 * What pre-training predicts for a batch: the original token at each masked position (flat
 * index {@code b·seq + s} into the batch, with its label in {@code maskedLabels}) and, per
 * example, whether segment B is a random sentence (Hugging Face's {@code next_sentence_label}:
 * 0 = B follows A, 1 = B is random).
 */
public record PretrainingTargets(int[] maskedPositions, int[] maskedLabels, int[] nextSentenceLabels) {
    public static final int IS_NEXT = 0;
    public static final int NOT_NEXT = 1;

    public PretrainingTargets {
        if (maskedPositions.length != maskedLabels.length) {
            throw new IllegalArgumentException(maskedPositions.length + " masked positions but " + maskedLabels.length + " labels");
        }
    }
}
