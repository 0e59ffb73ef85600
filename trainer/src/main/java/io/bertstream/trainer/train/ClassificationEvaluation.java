package io.bertstream.trainer.train;

import io.bertstream.trainer.autograd.Arena;
import io.bertstream.trainer.autograd.GradMode;
import io.bertstream.trainer.bert.BertForSequenceClassification;
import io.bertstream.trainer.data.ClassificationBatch;
import java.util.List;

/**
 * A classifier on fixed batches, without dropout: mean cross-entropy and accuracy (arg-max equals
 * the label). The full report (per-class scores, calibration) is {@code eval}'s job; this is what
 * fine-tuning needs to pick its best checkpoint.
 */
public record ClassificationEvaluation(double loss, double accuracy, long examples) {

    public static ClassificationEvaluation of(BertForSequenceClassification model, List<ClassificationBatch> batches) {
        double lossSum = 0;
        long correct = 0, examples = 0;
        Arena arena = new Arena();
        try (GradMode.Scope off = GradMode.disabled()) {
            for (ClassificationBatch batch : batches) {
                try (Arena.Scope scope = arena.open()) {
                    var logits = model.logits(batch.input(), null);
                    lossSum += (double) model.loss(logits, batch.labels()).item() * batch.size();
                    correct += Evaluation.correct(logits.toArray(), batch.labels());
                    examples += batch.size();
                }
            }
        }
        if (examples == 0) throw new IllegalArgumentException("no examples to evaluate");
        return new ClassificationEvaluation(lossSum / examples, correct / (double) examples, examples);
    }
}
