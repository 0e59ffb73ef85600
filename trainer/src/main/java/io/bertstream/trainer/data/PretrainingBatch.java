package io.bertstream.trainer.data;

import io.bertstream.trainer.bert.BertInput;
import io.bertstream.trainer.bert.PretrainingTargets;
import java.util.List;

/** Masked examples padded to the longest one in the batch, as model input plus targets. */
public record PretrainingBatch(BertInput input, PretrainingTargets targets) {

    public static PretrainingBatch of(List<MaskedExample> examples, int padId) {
        if (examples.isEmpty()) throw new IllegalArgumentException("empty batch");
        int batch = examples.size(), seq = 0, masked = 0;
        for (MaskedExample e : examples) {
            seq = Math.max(seq, e.length());
            masked += e.maskedPositions().length;
        }
        int[] ids = new int[batch * seq], types = new int[batch * seq], attention = new int[batch * seq];
        int[] positions = new int[masked], labels = new int[masked], nsp = new int[batch];
        int m = 0;
        for (int b = 0; b < batch; b++) {
            MaskedExample e = examples.get(b);
            int row = b * seq;
            java.util.Arrays.fill(ids, row, row + seq, padId);
            System.arraycopy(e.inputIds(), 0, ids, row, e.length());
            System.arraycopy(e.typeIds(), 0, types, row, e.length());
            java.util.Arrays.fill(attention, row, row + e.length(), 1);
            for (int k = 0; k < e.maskedPositions().length; k++, m++) {
                positions[m] = row + e.maskedPositions()[k];
                labels[m] = e.maskedLabels()[k];
            }
            nsp[b] = e.randomNext() ? PretrainingTargets.NOT_NEXT : PretrainingTargets.IS_NEXT;
        }
        return new PretrainingBatch(new BertInput(batch, seq, ids, types, attention), new PretrainingTargets(positions, labels, nsp));
    }

    /** Real (non-padding) tokens. */
    public int tokens() {
        return input.tokenCount();
    }
}
