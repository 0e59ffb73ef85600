package io.bertstream.trainer.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.bertstream.trainer.autograd.Parallel;
import io.bertstream.trainer.bert.BertConfig;
import io.bertstream.trainer.bert.BertForPreTraining;
import io.bertstream.trainer.data.CorpusDocuments;
import io.bertstream.trainer.data.PretrainingBatch;
import io.bertstream.trainer.data.PretrainingData;
import io.bertstream.trainer.data.PretrainingStream;
import io.bertstream.trainer.train.Checkpoint;
import io.bertstream.trainer.train.Evaluation;
import io.bertstream.trainer.train.MetricsLog;
import io.bertstream.trainer.train.PretrainingLoop;
import io.bertstream.trainer.train.TrainingCurve;
import io.bertstream.trainer.train.TrainingState;
import io.bertstream.wordpiece.BertTokenizer;
import io.bertstream.wordpiece.train.WordPieceTrainer;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code pretrain}: MLM + NSP pre-training from a text corpus into a model folder. */
@Command(
        name = "pretrain",
        mixinStandardHelpOptions = true,
        description = {
            "Pre-train BERT (masked LM + next-sentence prediction) on a text corpus.",
            "Writes to --out: checkpoint.safetensors (weights, optimizer, position; every --checkpoint-every steps),"
                    + " model.safetensors + config.json + the tokenizer files at the end, metrics.jsonl,"
                    + " metrics.json and training-curve.html (--plot redraws it during a run). --resume continues a run from its checkpoint exactly."
        })
final class PretrainCommand implements Callable<Integer> {
    private static final ObjectMapper JSON = new ObjectMapper();

    @Spec
    CommandSpec spec;

    @Mixin
    PretrainOptions o = new PretrainOptions();

    @Mixin
    RunControl run = new RunControl();

    @Option(names = "--out", defaultValue = "${sys:bertstream.home:-.}/models/pretrain", paramLabel = "DIR",
            description = "Output folder (default: ${DEFAULT-VALUE}).")
    Path out;

    @Option(names = "--bundle", paramLabel = "DIR", description = "At the end, also export the model bundle (ONNX graphs and all) here, as the export command does.")
    Path bundle;

    @Option(names = "--plot", description = "Only (re)write training-curve.html in --out from its metrics.jsonl, e.g. while a run is going.")
    boolean plot;

    @Override
    public Integer call() throws IOException {
        PrintWriter w = spec.commandLine().getOut();
        if (plot) {
            Path metrics = out.resolve("metrics.jsonl");
            if (!Files.isRegularFile(metrics)) throw new CliError("--plot: no metrics.jsonl in " + out);
            TrainingCurve.write(metrics, out.resolve("training-curve.html"), "bertstream pretrain " + out.getFileName());
            w.println("pretrain: wrote " + out.resolve("training-curve.html"));
            w.flush();
            return 0;
        }
        run.applyThreads();
        Checkpoint.Loaded checkpoint = run.resumed(out, o);
        if (checkpoint != null) {
            w.printf(Locale.ROOT, "pretrain: resuming %s at step %d of %d (settings from the checkpoint)%n", out, checkpoint.state().step(), o.steps);
        }
        validate();
        Files.createDirectories(out);
        long started = System.nanoTime();

        BertTokenizer tokenizer = tokenizer(w, run.resume);
        List<Path> files = corpusFiles(o.corpus);
        List<Path> heldout = o.heldout.equals("none") ? List.of() : corpusFiles(List.of(Path.of(o.heldout)));
        PretrainingData data = PretrainingData.prepare(files, heldout, tokenizer, o.dataSettings());
        PretrainingStream stream = data.stream();
        Map<String, List<PretrainingBatch>> evalSets = data.evalSets();
        w.printf(Locale.ROOT, "pretrain: %d files, %,d tokens; %d train documents -> %,d examples, %d validation documents -> %,d examples (%.0f s)%n",
                files.size(), data.corpusTokens(), data.trainDocuments(), data.trainExamples(), data.validationDocuments(),
                data.validationExamples(), seconds(started));

        BertConfig config = config(tokenizer);
        BertForPreTraining model = checkpoint != null ? checkpoint.model() : new BertForPreTraining(config, o.seed);
        if (!model.config().equals(config)) throw new CliError("the checkpoint's model config does not match its saved settings");
        w.printf(Locale.ROOT, "pretrain: %s, %,d parameters, %d threads, batch %d x %d accumulation, %d steps (%d per epoch)%n",
                o.preset, model.parameters().count(), Parallel.threads(), o.batch, o.accumulation, o.steps,
                stream.batchesPerEpoch() / o.accumulation);
        w.flush();

        long warmup = o.warmup < 0 ? o.steps / 10 : o.warmup;
        PretrainingLoop loop = new PretrainingLoop(model, stream, evalSets,
                new PretrainingLoop.Settings(o.steps, o.accumulation, o.lr, warmup, o.weightDecay, o.clip, o.seed, o.logEvery,
                        o.evalEvery, o.checkpointEvery, !run.noProgress), out, JSON.valueToTree(o));
        TrainingState state = checkpoint != null ? loop.resumeFrom(checkpoint) : new TrainingState(0, 0, o.seed);
        long trainStart = System.nanoTime();
        try (MetricsLog log = MetricsLog.open(out.resolve("metrics.jsonl"), state.step())) {
            state = loop.run(state, log);
        }
        double trainSeconds = seconds(trainStart);

        ObjectNode extras = JSON.createObjectNode();
        extras.put("bertstream_preset", o.preset);
        Checkpoint.saveWeights(out, model, extras);
        tokenizer.save(out);
        ObjectNode summary = JSON.createObjectNode();
        summary.put("preset", o.preset).put("steps", state.step()).put("seed", o.seed).put("threads", Parallel.threads());
        summary.put("train_seconds_this_session", trainSeconds).put("train_examples", data.trainExamples());
        summary.set("settings", JSON.valueToTree(o));
        ObjectNode evals = summary.putObject("evaluation");
        for (Map.Entry<String, List<PretrainingBatch>> set : evalSets.entrySet()) {
            Evaluation e = Evaluation.of(model, set.getValue());
            evals.putObject(set.getKey()).put("mlm_loss", e.mlmLoss()).put("mlm_accuracy", e.mlmAccuracy())
                    .put("perplexity", e.perplexity()).put("nsp_accuracy", e.nspAccuracy()).put("masked_tokens", e.maskedTokens());
            w.printf(Locale.ROOT, "pretrain: %-10s MLM loss %.4f, accuracy %.2f %%, perplexity %.1f; NSP accuracy %.2f %%%n",
                    set.getKey(), e.mlmLoss(), 100 * e.mlmAccuracy(), e.perplexity(), 100 * e.nspAccuracy());
        }
        Files.writeString(out.resolve("metrics.json"), JSON.writerWithDefaultPrettyPrinter().writeValueAsString(summary));
        TrainingCurve.write(out.resolve("metrics.jsonl"), out.resolve("training-curve.html"), "bertstream pretrain " + o.preset);
        w.printf(Locale.ROOT, "pretrain: %d steps in %.0f s -> %s (model.safetensors, config.json, vocab, metrics, training-curve.html)%n",
                state.step(), trainSeconds, out);
        if (bundle != null) {
            ExportCommand.write(out, null, null, ExportCommand.TOP_K, false, bundle);
            w.printf(Locale.ROOT, "pretrain: bundle -> %s%n", bundle);
        }
        w.flush();
        return 0;
    }

    private void validate() {
        BertConfig.Preset.named(o.preset);
        if (o.steps < 1 || o.batch < 1 || o.accumulation < 1) throw new CliError("--steps, --batch and --accumulation must be positive");
        if (o.seqLength < 8 || o.seqLength > 512) throw new CliError("--seq-length must be in [8, 512], got " + o.seqLength);
        if (!(o.lr > 0)) throw new CliError("--lr must be positive, got " + o.lr);
        if (o.warmup > o.steps) throw new CliError("--warmup " + o.warmup + " exceeds --steps " + o.steps);
        if (o.evalExamples < 1) throw new CliError("--eval-examples must be positive");
    }

    private BertTokenizer tokenizer(PrintWriter w, boolean resuming) throws IOException {
        if (resuming && Files.isRegularFile(out.resolve("vocab.txt"))) return BertTokenizer.load(out);
        if (o.vocab != null) {
            if (!Files.exists(o.vocab)) throw new CliError("--vocab " + o.vocab + ": no such file or folder");
            return BertTokenizer.load(o.vocab);
        }
        w.printf(Locale.ROOT, "pretrain: no --vocab, training a %d-token WordPiece vocabulary on the corpus%n", o.vocabSize);
        w.flush();
        WordPieceTrainer trainer = new WordPieceTrainer(WordPieceTrainer.Settings.bert(o.vocabSize).withShowProgress(!run.noProgress));
        trainer.addFiles(corpusFiles(o.corpus));
        BertTokenizer tokenizer = trainer.trainTokenizer();
        tokenizer.save(out);
        return tokenizer;
    }

    private BertConfig config(BertTokenizer tokenizer) {
        BertConfig p = BertConfig.preset(BertConfig.Preset.named(o.preset), tokenizer.vocabulary().idLimit(), 512);
        return new BertConfig(p.vocabSize(), p.hiddenSize(), p.numHiddenLayers(), p.numAttentionHeads(), p.intermediateSize(),
                p.maxPositionEmbeddings(), p.typeVocabSize(), o.dropout, o.dropout, p.layerNormEps(), p.initializerRange());
    }

    private static List<Path> corpusFiles(List<Path> roots) throws IOException {
        List<Path> files;
        try {
            files = CorpusDocuments.textFiles(roots);
        } catch (IOException e) {
            throw new CliError(e.getMessage() + " (run ./bertstream data fetch for the default corpora)");
        }
        if (files.isEmpty()) throw new CliError("no .txt files in " + roots);
        return files;
    }

    private static double seconds(long since) {
        return (System.nanoTime() - since) / 1e9;
    }
}
