package io.bertstream.trainer.train;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import io.bertstream.trainer.autograd.Tensor;
import io.bertstream.trainer.bert.BertConfig;
import io.bertstream.trainer.bert.BertForPreTraining;
import io.bertstream.trainer.data.ExampleBuilder;
import io.bertstream.trainer.data.Masker;
import io.bertstream.trainer.data.PretrainingBatch;
import io.bertstream.trainer.data.PretrainingExample;
import io.bertstream.trainer.data.PretrainingStream;
import io.bertstream.trainer.data.SpecialTokens;
import io.bertstream.trainer.data.TokenizedDocuments;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Training N steps straight and training N/2, reloading the checkpoint from disk into a fresh
 * model and optimizer (what a restart after kill -9 does), then N/2 more, end with the same
 * weights. Dropout, gradient accumulation and two epochs are on, so every piece of state counts.
 *
 * <p>The weights are compared to 1e-6 (one update here moves a weight by up to 3e-3), not
 * bit for bit: the autograd kernels' {@code reduceLanes(ADD)} and {@code lanewise(EXP)} give
 * last-bit differences between interpreted and JIT-compiled code, so the same step computed
 * in a cold and in a warm JVM can differ in the last bit. The checkpoint itself restores
 * weights and optimizer state bit for bit (second test).
 */
class ResumeTest {
    private static final int VOCAB = 60;
    private static final BertConfig CONFIG = new BertConfig(VOCAB, 16, 2, 2, 32, 32, 2, 0.1f, 0.1f, 1e-12f, 0.02f);

    @TempDir
    Path dir;

    @Test
    void resumedRunEndsWithTheSameWeights() throws Exception {
        Path straight = Files.createDirectories(dir.resolve("straight")), split = Files.createDirectories(dir.resolve("split"));
        int steps = 6;
        BertForPreTraining a = new BertForPreTraining(CONFIG, 3);
        try (MetricsLog log = MetricsLog.open(straight.resolve("m.jsonl"), 0)) {
            loop(a, straight, steps).run(new TrainingState(0, 0, 5), log);
        }

        try (MetricsLog log = MetricsLog.open(split.resolve("m.jsonl"), 0)) {
            loop(new BertForPreTraining(CONFIG, 3), split, steps).run(new TrainingState(0, 0, 5), steps / 2, log);
        }
        Checkpoint.Loaded checkpoint = Checkpoint.load(split.resolve(Checkpoint.FILE));
        assertEquals(steps / 2, checkpoint.state().step());
        BertForPreTraining b = checkpoint.model();
        PretrainingLoop resumed = loop(b, split, steps);
        try (MetricsLog log = MetricsLog.open(split.resolve("m.jsonl"), checkpoint.state().step())) {
            resumed.run(resumed.resumeFrom(checkpoint), log);
        }

        boolean moved = false;
        for (Map.Entry<String, Tensor> p : a.parameters().named().entrySet()) {
            float[] want = p.getValue().data(), got = b.parameters().named().get(p.getKey()).data();
            assertArrayEquals(want, got, 1e-6f, p.getKey());
            moved |= !java.util.Arrays.equals(want, new BertForPreTraining(CONFIG, 3).parameters().named().get(p.getKey()).data());
        }
        assertTrue(moved, "training changed the weights");
        assertEquals(MetricsLog.read(straight.resolve("m.jsonl")).size(), MetricsLog.read(split.resolve("m.jsonl")).size(),
                "the resumed log replaces what the interrupted run wrote after its checkpoint");
    }

    @Test
    void checkpointRestoresWeightsAndOptimizerBitForBit() throws Exception {
        BertForPreTraining model = new BertForPreTraining(CONFIG, 4);
        PretrainingLoop loop = loop(model, dir, 6);
        try (MetricsLog log = MetricsLog.open(dir.resolve("m.jsonl"), 0)) {
            loop.run(new TrainingState(0, 0, 5), 2, log);
        }
        Checkpoint.Loaded loaded = Checkpoint.load(dir.resolve(Checkpoint.FILE));
        assertEquals(new TrainingState(2, 4, 5), loaded.state());
        assertEquals(2, loaded.optimizerSteps());
        BertForPreTraining restored = loaded.model();
        for (Map.Entry<String, Tensor> p : model.parameters().named().entrySet()) {
            assertArrayEquals(p.getValue().data(), restored.parameters().named().get(p.getKey()).data(), p.getKey());
        }
        AdamW fresh = new AdamW(restored.parameters(), 0.9f, 0.999f, 1e-6f, 0.01f);
        loaded.restoreOptimizer(restored.parameters(), fresh);
        assertEquals(2, fresh.steps());
        for (String name : model.parameters().named().keySet()) {
            assertArrayEquals(loop.optimizer().firstMoments().get(name), fresh.firstMoments().get(name), name);
            assertArrayEquals(loop.optimizer().secondMoments().get(name), fresh.secondMoments().get(name), name);
        }
    }

    private static PretrainingLoop loop(BertForPreTraining model, Path out, int steps) {
        SpecialTokens special = special();
        List<PretrainingExample> examples = new ExampleBuilder(24, 0.1, special).build(documents(), 1);
        Masker masker = new Masker(special, 0.15, 5, false);
        PretrainingStream stream = new PretrainingStream(examples, masker, 0, 4, 7, true, true);
        assertTrue(stream.batchesPerEpoch() < steps * 2, "the run crosses an epoch boundary");
        List<PretrainingBatch> eval = PretrainingStream.evaluationBatches(examples, masker, 0, 4, 8, 9);
        return new PretrainingLoop(model, stream, Map.of("validation", eval),
                new PretrainingLoop.Settings(steps, 2, 3e-3f, 2, 0.01f, 1f, 5, 1, 3, 3, false), out, JsonNodeFactory.instance.objectNode());
    }

    private static SpecialTokens special() {
        boolean[] special = new boolean[VOCAB];
        for (int i = 0; i < 5; i++) special[i] = true;
        return new SpecialTokens(0, 2, 3, 4, VOCAB, new boolean[VOCAB], special);
    }

    private static TokenizedDocuments documents() {
        List<int[][]> docs = new ArrayList<>();
        for (int d = 0; d < 6; d++) {
            int[][] doc = new int[6][5];
            for (int s = 0; s < 6; s++) for (int k = 0; k < 5; k++) doc[s][k] = 5 + (d * 13 + s * 5 + k) % 55;
            docs.add(doc);
        }
        return new TokenizedDocuments(docs);
    }
}
