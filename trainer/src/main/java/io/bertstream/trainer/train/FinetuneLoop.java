package io.bertstream.trainer.train;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.bertstream.progress.ProgressBar;
import io.bertstream.trainer.autograd.Arena;
import io.bertstream.trainer.autograd.Tensor;
import io.bertstream.trainer.bert.BertForSequenceClassification;
import io.bertstream.trainer.data.ClassificationBatch;
import io.bertstream.trainer.data.ClassificationStream;
import io.bertstream.trainer.nn.DropoutSeeds;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Fine-tuning a classifier: per step one batch, cross-entropy, clipping by global norm, AdamW
 * under a linear warm-up/decay schedule (the pre-training pieces). Evaluates on the validation
 * batches every {@code evalEvery} steps and at the end; whenever validation accuracy beats the
 * best so far, the weights go to {@value Checkpoint#WEIGHTS} in the output folder (atomically),
 * so that file always holds the best model. Checkpoints ({@link Checkpoint}, with the best
 * accuracy and step in its metadata) every {@code checkpointEvery} steps and at the end. Data
 * order and dropout depend only on (seed, step), so a resumed run ends as an uninterrupted one.
 */
public final class FinetuneLoop {

    public record Settings(long steps, float peakLr, long warmup, float weightDecay, float clipNorm, long seed, int logEvery,
            int evalEvery, int checkpointEvery, boolean progress) {
        public Settings {
            if (steps < 1 || logEvery < 1) throw new IllegalArgumentException("steps and log interval must be positive");
            if (evalEvery < 0 || checkpointEvery < 0) throw new IllegalArgumentException("eval and checkpoint intervals must not be negative");
        }
    }

    /** The best validation accuracy so far and the step it was reached at (-1 and 0 before any evaluation). */
    public record Best(double accuracy, long step) {
        public static final Best NONE = new Best(-1, 0);

        Map<String, String> metadata() {
            return Map.of("best_accuracy", Double.toString(accuracy), "best_step", Long.toString(step));
        }

        static Best from(Map<String, String> metadata) {
            String accuracy = metadata.get("best_accuracy"), step = metadata.get("best_step");
            return accuracy == null || step == null ? NONE : new Best(Double.parseDouble(accuracy), Long.parseLong(step));
        }
    }

    /** Where a run stands: its position and its best evaluation. */
    public record Progress(TrainingState state, Best best) {}

    private final BertForSequenceClassification model;
    private final ClassificationStream stream;
    private final List<ClassificationBatch> validation;
    private final Settings s;
    private final Path outDir;
    private final JsonNode run;
    private final AdamW optimizer;
    private final LinearSchedule schedule;

    public FinetuneLoop(BertForSequenceClassification model, ClassificationStream stream, List<ClassificationBatch> validation,
            Settings settings, Path outDir, JsonNode run) {
        this.model = model;
        this.stream = stream;
        this.validation = validation;
        this.s = settings;
        this.outDir = outDir;
        this.run = run;
        this.optimizer = new AdamW(model.parameters(), 0.9f, 0.999f, 1e-6f, settings.weightDecay());
        this.schedule = new LinearSchedule(settings.peakLr(), settings.warmup(), settings.steps());
    }

    /** Restores weights and optimizer from a checkpoint of this run; returns where to continue. */
    public Progress resumeFrom(Checkpoint.Loaded checkpoint) throws IOException {
        checkpoint.restoreWeights(model.parameters());
        checkpoint.restoreOptimizer(model.parameters(), optimizer);
        return new Progress(checkpoint.state(), Best.from(checkpoint.contents().metadata()));
    }

    /** Trains from {@code from} to the last step; returns where it ended. */
    public Progress run(Progress from, MetricsLog log) throws IOException {
        return run(from, s.steps(), log);
    }

    /** Trains until step {@code until} (at most the last), then evaluates and checkpoints there. */
    public Progress run(Progress from, long until, MetricsLog log) throws IOException {
        long step = from.state().step();
        if (until > s.steps() || until < step) throw new IllegalArgumentException("cannot train from step " + step + " to " + until);
        Best best = from.best();
        Arena arena = new Arena();
        double lossSum = 0;
        long correct = 0, seen = 0, windowStart = System.nanoTime();
        int window = 0;
        try (ProgressBar bar = s.progress() ? ProgressBar.start("finetune", until - step, "steps") : null) {
            while (step < until) {
                model.parameters().zeroGrad();
                ClassificationBatch batch = stream.batch(step);
                try (Arena.Scope scope = arena.open()) {
                    Tensor logits = model.logits(batch.input(), new DropoutSeeds(s.seed(), step, 0));
                    Tensor loss = model.loss(logits, batch.labels());
                    loss.backward();
                    lossSum += loss.item();
                    correct += Evaluation.correct(logits.toArray(), batch.labels());
                }
                seen += batch.size();
                double gradNorm = GradientClipping.clip(model.parameters().named().values(), s.clipNorm());
                float lr = schedule.at(step);
                optimizer.step(lr);
                step++;
                window++;
                if (step % s.logEvery() == 0 || step == until) {
                    double seconds = (System.nanoTime() - windowStart) / 1e9;
                    ObjectNode r = log.record("train", step);
                    r.put("loss", lossSum / window).put("accuracy", correct / (double) seen).put("lr", lr).put("grad_norm", gradNorm)
                            .put("examples_per_s", seen / seconds);
                    log.write(r);
                    if (bar != null) bar.suffix(String.format(Locale.ROOT, "loss %.3f acc %.3f %.1f ex/s%s", lossSum / window,
                            correct / (double) seen, seen / seconds, best.step() > 0 ? String.format(Locale.ROOT, " best val %.4f", best.accuracy()) : ""));
                    lossSum = 0;
                    correct = seen = 0;
                    window = 0;
                    windowStart = System.nanoTime();
                }
                if (bar != null) bar.step(1);
                boolean last = step == until;
                if (last || (s.evalEvery() > 0 && step % s.evalEvery() == 0)) best = evaluate(step, best, log);
                if (last || (s.checkpointEvery() > 0 && step % s.checkpointEvery() == 0)) {
                    Checkpoint.save(outDir, model.config(), model.parameters(), optimizer, new TrainingState(step, step, s.seed()), run,
                            best.metadata());
                }
            }
        }
        return new Progress(new TrainingState(step, step, s.seed()), best);
    }

    private Best evaluate(long step, Best best, MetricsLog log) throws IOException {
        ClassificationEvaluation e = ClassificationEvaluation.of(model, validation);
        ObjectNode r = log.record("eval", step);
        r.put("split", "validation").put("loss", e.loss()).put("accuracy", e.accuracy()).put("examples", e.examples());
        log.write(r);
        if (e.accuracy() <= best.accuracy()) return best;
        SafeTensors.write(outDir.resolve(Checkpoint.WEIGHTS), model.parameters().named(),
                Map.of("format", "pt", "step", Long.toString(step), "validation_accuracy", Double.toString(e.accuracy())));
        return new Best(e.accuracy(), step);
    }
}
