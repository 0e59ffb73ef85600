package io.bertstream.trainer.data;

import io.bertstream.wordpiece.BertTokenizer;
import io.bertstream.wordpiece.Encoding;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.stream.IntStream;

/**
 * Fine-tuning batches as a pure function of their index, like {@link PretrainingStream}: batch
 * {@code i} belongs to epoch {@code i / batchesPerEpoch()}, planned by {@link EpochPlan}
 * (seeded permutation, optionally grouped by length), padded to the longest in the batch. So
 * resuming needs only the batch index.
 */
public final class ClassificationStream {
    private final List<ClassificationExample> examples;
    private final int padId;
    private final int batchSize;
    private final long seed;
    private final boolean groupByLength;
    private long cachedEpoch = -1;
    private int[][] epochBatches;

    public ClassificationStream(List<ClassificationExample> examples, int padId, int batchSize, long seed, boolean groupByLength) {
        if (batchSize < 1) throw new IllegalArgumentException("batch size must be positive, got " + batchSize);
        if (examples.size() < batchSize) {
            throw new IllegalArgumentException("only " + examples.size() + " training examples for a batch of " + batchSize);
        }
        this.examples = examples;
        this.padId = padId;
        this.batchSize = batchSize;
        this.seed = seed;
        this.groupByLength = groupByLength;
    }

    public int batchesPerEpoch() {
        return examples.size() / batchSize;
    }

    /** The {@code index}-th batch since the start of training (0-based). */
    public ClassificationBatch batch(long index) {
        long epoch = index / batchesPerEpoch();
        if (epoch != cachedEpoch) {
            epochBatches = EpochPlan.batches(examples.size(), e -> examples.get(e).length(), batchSize, seed, epoch, groupByLength);
            cachedEpoch = epoch;
        }
        int[] members = epochBatches[(int) (index % batchesPerEpoch())];
        List<ClassificationExample> batch = new ArrayList<>(members.length);
        for (int e : members) batch.add(examples.get(e));
        return ClassificationBatch.of(batch, padId);
    }

    /** Every example once, in batches of similar length (the order does not change what evaluation measures). */
    public static List<ClassificationBatch> evaluationBatches(List<ClassificationExample> examples, int padId, int batchSize) {
        List<ClassificationExample> sorted = new ArrayList<>(examples);
        sorted.sort(Comparator.comparingInt(ClassificationExample::length));
        List<ClassificationBatch> out = new ArrayList<>();
        for (int from = 0; from < sorted.size(); from += batchSize) {
            out.add(ClassificationBatch.of(sorted.subList(from, Math.min(sorted.size(), from + batchSize)), padId));
        }
        return out;
    }

    /** Tokenizes labelled texts with {@code tokenizer} (its truncation applies); labels as indices into {@code labels}. */
    public static List<ClassificationExample> encode(List<LabelledText> texts, List<String> labels, BertTokenizer tokenizer) {
        return IntStream.range(0, texts.size()).parallel().mapToObj(i -> {
            LabelledText t = texts.get(i);
            int label = labels.indexOf(t.label());
            if (label < 0) throw new IllegalArgumentException(t.id() + ": label " + t.label() + " is not one of " + labels);
            Encoding e = tokenizer.encode(t.text(), t.textPair());
            return new ClassificationExample(e.ids(), e.typeIds(), label);
        }).toList();
    }
}
