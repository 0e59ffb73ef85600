package io.bertstream.trainer.train;

import io.bertstream.trainer.autograd.Arena;
import io.bertstream.trainer.autograd.GradMode;
import io.bertstream.trainer.bert.BertForPreTraining;
import io.bertstream.trainer.bert.PretrainingOutput;
import io.bertstream.trainer.data.PretrainingBatch;
import java.util.List;

/**
 * Pre-training metrics on fixed batches, without dropout: MLM loss (mean over masked tokens),
 * MLM accuracy (arg-max equals the original token), perplexity {@code exp(mlmLoss)} and NSP
 * accuracy.
 */
public record Evaluation(double mlmLoss, double mlmAccuracy, double nspAccuracy, long maskedTokens, long examples) {

    public double perplexity() {
        return Math.exp(mlmLoss);
    }

    public static Evaluation of(BertForPreTraining model, List<PretrainingBatch> batches) {
        double lossSum = 0;
        long masked = 0, mlmCorrect = 0, nspCorrect = 0, examples = 0;
        Arena arena = new Arena();
        try (GradMode.Scope off = GradMode.disabled()) {
            for (PretrainingBatch batch : batches) {
                try (Arena.Scope scope = arena.open()) {
                    PretrainingOutput out = model.forward(batch.input(), batch.targets(), null);
                    int n = batch.targets().maskedLabels().length;
                    lossSum += (double) out.mlmLoss().item() * n;
                    masked += n;
                    mlmCorrect += correct(out.mlmLogits().toArray(), batch.targets().maskedLabels());
                    nspCorrect += correct(out.nspLogits().toArray(), batch.targets().nextSentenceLabels());
                    examples += batch.input().batch();
                }
            }
        }
        if (masked == 0) throw new IllegalArgumentException("no masked tokens to evaluate");
        return new Evaluation(lossSum / masked, mlmCorrect / (double) masked, nspCorrect / (double) examples, masked, examples);
    }

    /** Rows of {@code logits} whose arg-max is the label. */
    static long correct(float[] logits, int[] labels) {
        int classes = logits.length / labels.length;
        long n = 0;
        for (int r = 0; r < labels.length; r++) {
            int best = 0;
            for (int c = 1; c < classes; c++) if (logits[r * classes + c] > logits[r * classes + best]) best = c;
            if (best == labels[r]) n++;
        }
        return n;
    }
}
