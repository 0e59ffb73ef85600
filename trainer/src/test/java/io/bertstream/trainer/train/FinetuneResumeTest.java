package io.bertstream.trainer.train;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import io.bertstream.trainer.autograd.Tensor;
import io.bertstream.trainer.bert.BertConfig;
import io.bertstream.trainer.bert.BertForSequenceClassification;
import io.bertstream.trainer.data.ClassificationExample;
import io.bertstream.trainer.data.ClassificationStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Fine-tuning N steps straight and N/2, then from the checkpoint on disk into a fresh model and
 * optimizer, N/2 more: the same weights (to 1e-6, for the reason ResumeTest gives), the same
 * best validation step and accuracy, the same best-weights file. Dropout, two epochs and length
 * grouping are on, and evaluation happens before and after the cut.
 */
class FinetuneResumeTest {
    private static final int VOCAB = 40;
    private static final BertConfig CONFIG = new BertConfig(VOCAB, 16, 2, 2, 32, 32, 2, 0.1f, 0.1f, 1e-12f, 0.02f);

    @TempDir
    Path dir;

    @Test
    void resumedRunEndsAsTheUninterruptedOne() throws Exception {
        Path straight = Files.createDirectories(dir.resolve("straight")), split = Files.createDirectories(dir.resolve("split"));
        int steps = 12;
        BertForSequenceClassification a = new BertForSequenceClassification(CONFIG, 3, 4);
        FinetuneLoop.Progress end;
        try (MetricsLog log = MetricsLog.open(straight.resolve("m.jsonl"), 0)) {
            end = loop(a, straight, steps).run(start(), log);
        }

        try (MetricsLog log = MetricsLog.open(split.resolve("m.jsonl"), 0)) {
            loop(new BertForSequenceClassification(CONFIG, 3, 4), split, steps).run(start(), steps / 2, log);
        }
        Checkpoint.Loaded checkpoint = Checkpoint.load(split.resolve(Checkpoint.FILE));
        assertEquals(steps / 2, checkpoint.state().step());
        BertForSequenceClassification b = new BertForSequenceClassification(CONFIG, 3, 99);
        FinetuneLoop resumed = loop(b, split, steps);
        FinetuneLoop.Progress from = resumed.resumeFrom(checkpoint);
        FinetuneLoop.Progress resumedEnd;
        try (MetricsLog log = MetricsLog.open(split.resolve("m.jsonl"), from.state().step())) {
            resumedEnd = resumed.run(from, log);
        }

        assertEquals(end.state(), resumedEnd.state());
        assertEquals(end.best(), resumedEnd.best());
        assertTrue(end.best().step() > 0);
        assertClose(a.parameters().named(), b.parameters().named());
        assertClose(SafeTensors.read(straight.resolve(Checkpoint.WEIGHTS)).tensors(), SafeTensors.read(split.resolve(Checkpoint.WEIGHTS)).tensors());
        // The cut run also evaluated at its last step (6), which the straight run did not: compare training records.
        List<Double> straightLosses = trainLosses(straight.resolve("m.jsonl")), splitLosses = trainLosses(split.resolve("m.jsonl"));
        assertEquals(steps, straightLosses.size());
        for (int i = 0; i < steps; i++) assertEquals(straightLosses.get(i), splitLosses.get(i), 1e-5, "loss at step " + (i + 1));
    }

    private static List<Double> trainLosses(Path metrics) throws java.io.IOException {
        return MetricsLog.read(metrics).stream().filter(r -> r.get("kind").asText().equals("train")).map(r -> r.get("loss").asDouble()).toList();
    }

    private static FinetuneLoop.Progress start() {
        return new FinetuneLoop.Progress(new TrainingState(0, 0, 5), FinetuneLoop.Best.NONE);
    }

    private static FinetuneLoop loop(BertForSequenceClassification model, Path out, int steps) {
        List<ClassificationExample> examples = examples(40, 1);
        ClassificationStream stream = new ClassificationStream(examples, 0, 8, 5, true);
        return new FinetuneLoop(model, stream, ClassificationStream.evaluationBatches(examples(12, 2), 0, 8),
                new FinetuneLoop.Settings(steps, 3e-3f, 2, 0.01f, 1f, 5, 1, 4, 3, false), out, JsonNodeFactory.instance.objectNode());
    }

    /** Random token sequences; the label is the class of the first content token (ids 5.. mod 3). */
    private static List<ClassificationExample> examples(int n, long seed) {
        SplittableRandom random = new SplittableRandom(seed);
        List<ClassificationExample> out = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            int length = 4 + random.nextInt(8);
            int[] ids = new int[length];
            ids[0] = 2;
            for (int t = 1; t < length - 1; t++) ids[t] = 5 + random.nextInt(VOCAB - 5);
            ids[length - 1] = 3;
            out.add(new ClassificationExample(ids, new int[length], (ids[1] - 5) % 3));
        }
        return out;
    }

    private static void assertClose(Map<String, Tensor> expected, Map<String, Tensor> actual) {
        assertEquals(expected.keySet(), actual.keySet());
        for (String name : expected.keySet()) {
            float[] x = expected.get(name).toArray(), y = actual.get(name).toArray();
            for (int i = 0; i < x.length; i++) {
                assertTrue(Math.abs(x[i] - y[i]) <= 1e-6, name + "[" + i + "]: " + x[i] + " vs " + y[i]);
            }
        }
    }
}
