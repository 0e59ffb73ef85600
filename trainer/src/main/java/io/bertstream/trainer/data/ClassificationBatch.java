package io.bertstream.trainer.data;

import io.bertstream.trainer.bert.BertInput;
import java.util.Arrays;
import java.util.List;

/** Labelled examples padded to the longest one in the batch: model input and one label per row. */
public record ClassificationBatch(BertInput input, int[] labels) {

    public static ClassificationBatch of(List<ClassificationExample> examples, int padId) {
        if (examples.isEmpty()) throw new IllegalArgumentException("empty batch");
        int batch = examples.size(), seq = 0;
        for (ClassificationExample e : examples) seq = Math.max(seq, e.length());
        int[] ids = new int[batch * seq], types = new int[batch * seq], attention = new int[batch * seq], labels = new int[batch];
        Arrays.fill(ids, padId);
        for (int b = 0; b < batch; b++) {
            ClassificationExample e = examples.get(b);
            int row = b * seq;
            System.arraycopy(e.inputIds(), 0, ids, row, e.length());
            System.arraycopy(e.typeIds(), 0, types, row, e.length());
            Arrays.fill(attention, row, row + e.length(), 1);
            labels[b] = e.label();
        }
        return new ClassificationBatch(new BertInput(batch, seq, ids, types, attention), labels);
    }

    public int size() {
        return labels.length;
    }
}
