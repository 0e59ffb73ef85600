package io.bertstream.trainer.train;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.bertstream.progress.ProgressBar;
import io.bertstream.trainer.autograd.Arena;
import io.bertstream.trainer.bert.BertForPreTraining;
import io.bertstream.trainer.bert.PretrainingOutput;
import io.bertstream.trainer.data.PretrainingBatch;
import io.bertstream.trainer.data.PretrainingStream;
import io.bertstream.trainer.nn.DropoutSeeds;
import java.io.IOException;
import java.nio.file.Path;
import java.util.Locale;
import java.util.Map;

/**
 * MLM + NSP pre-training: per step, {@code accumulation} micro-batches (each loss scaled by
 * 1/accumulation, so gradients are those of the mean), clipping by global norm, AdamW under a
 * linear warm-up/decay schedule. Logs to a {@link MetricsLog}, evaluates every
 * {@code evalEvery} steps and at the end, checkpoints every {@code checkpointEvery} steps and at
 * the end. Given the same seed, settings and thread count, a run resumed from a checkpoint
 * ends with the same weights as an uninterrupted one.
 */
public final class PretrainingLoop {

    public record Settings(long steps, int accumulation, float peakLr, long warmup, float weightDecay, float clipNorm,
            long seed, int logEvery, int evalEvery, int checkpointEvery, boolean progress) {
        public Settings {
            if (steps < 1 || accumulation < 1 || logEvery < 1) throw new IllegalArgumentException("steps, accumulation and log interval must be positive");
            if (evalEvery < 0 || checkpointEvery < 0) throw new IllegalArgumentException("eval and checkpoint intervals must not be negative");
        }
    }

    private final BertForPreTraining model;
    private final PretrainingStream stream;
    private final Map<String, java.util.List<PretrainingBatch>> evalSets;
    private final Settings s;
    private final Path outDir;
    private final JsonNode run;
    private final AdamW optimizer;
    private final LinearSchedule schedule;

    public PretrainingLoop(BertForPreTraining model, PretrainingStream stream, Map<String, java.util.List<PretrainingBatch>> evalSets,
            Settings settings, Path outDir, JsonNode run) {
        this.model = model;
        this.stream = stream;
        this.evalSets = evalSets;
        this.s = settings;
        this.outDir = outDir;
        this.run = run;
        this.optimizer = new AdamW(model.parameters(), 0.9f, 0.999f, 1e-6f, settings.weightDecay());
        this.schedule = new LinearSchedule(settings.peakLr(), settings.warmup(), settings.steps());
    }

    /** Restores the optimizer from a checkpoint whose weights the model already holds; returns where to continue. */
    public TrainingState resumeFrom(Checkpoint.Loaded checkpoint) throws IOException {
        checkpoint.restoreOptimizer(model.parameters(), optimizer);
        return checkpoint.state();
    }

    AdamW optimizer() {
        return optimizer;
    }

    /** Trains from {@code state} to the last step; returns the final state. */
    public TrainingState run(TrainingState state, MetricsLog log) throws IOException {
        return run(state, s.steps(), log);
    }

    /**
     * Trains from {@code state} until step {@code until} (at most the last step), then
     * evaluates and checkpoints there; returns the state reached.
     */
    public TrainingState run(TrainingState state, long until, MetricsLog log) throws IOException {
        if (until > s.steps() || until < state.step()) throw new IllegalArgumentException("cannot train from step " + state.step() + " to " + until);
        long step = state.step(), micro = state.microBatches();
        Arena arena = new Arena();
        double lossSum = 0, mlmSum = 0, nspSum = 0;
        long tokens = 0, windowStart = System.nanoTime();
        int window = 0;
        try (ProgressBar bar = s.progress() ? ProgressBar.start("pretrain", until - step, "steps") : null) {
            while (step < until) {
                model.parameters().zeroGrad();
                for (int m = 0; m < s.accumulation(); m++, micro++) {
                    PretrainingBatch batch = stream.batch(micro);
                    try (Arena.Scope scope = arena.open()) {
                        PretrainingOutput out = model.forward(batch.input(), batch.targets(), new DropoutSeeds(s.seed(), step, m));
                        (s.accumulation() == 1 ? out.loss() : out.loss().mul(1f / s.accumulation())).backward();
                        lossSum += out.loss().item() / s.accumulation();
                        mlmSum += out.mlmLoss().item() / s.accumulation();
                        nspSum += out.nspLoss().item() / s.accumulation();
                    }
                    tokens += batch.tokens();
                }
                double gradNorm = GradientClipping.clip(model.parameters().named().values(), s.clipNorm());
                float lr = schedule.at(step);
                optimizer.step(lr);
                step++;
                window++;
                if (step % s.logEvery() == 0 || step == until) {
                    double seconds = (System.nanoTime() - windowStart) / 1e9;
                    ObjectNode r = log.record("train", step);
                    r.put("loss", lossSum / window).put("mlm_loss", mlmSum / window).put("nsp_loss", nspSum / window);
                    r.put("lr", lr).put("grad_norm", gradNorm).put("tokens_per_s", tokens / seconds);
                    log.write(r);
                    if (bar != null) bar.suffix(String.format(Locale.ROOT, "loss %.3f (mlm %.3f nsp %.3f) %,.0f tok/s",
                            lossSum / window, mlmSum / window, nspSum / window, tokens / seconds));
                    lossSum = mlmSum = nspSum = 0;
                    tokens = 0;
                    window = 0;
                    windowStart = System.nanoTime();
                }
                if (bar != null) bar.step(1);
                boolean last = step == until;
                if (last || (s.evalEvery() > 0 && step % s.evalEvery() == 0)) evaluate(step, log);
                if (last || (s.checkpointEvery() > 0 && step % s.checkpointEvery() == 0)) {
                    Checkpoint.save(outDir, model, optimizer, new TrainingState(step, micro, s.seed()), run);
                }
            }
        }
        return new TrainingState(step, micro, s.seed());
    }

    private void evaluate(long step, MetricsLog log) throws IOException {
        for (Map.Entry<String, java.util.List<PretrainingBatch>> set : evalSets.entrySet()) {
            Evaluation e = Evaluation.of(model, set.getValue());
            ObjectNode r = log.record("eval", step);
            r.put("split", set.getKey()).put("mlm_loss", e.mlmLoss()).put("mlm_accuracy", e.mlmAccuracy())
                    .put("perplexity", e.perplexity()).put("nsp_accuracy", e.nspAccuracy()).put("masked_tokens", e.maskedTokens());
            log.write(r);
        }
    }
}
