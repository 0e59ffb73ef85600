package io.bertstream.trainer.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.bertstream.trainer.autograd.Parallel;
import io.bertstream.trainer.autograd.Tensor;
import io.bertstream.trainer.bert.BertConfig;
import io.bertstream.trainer.bert.BertForPreTraining;
import io.bertstream.trainer.bert.BertForSequenceClassification;
import io.bertstream.trainer.data.ClassificationBatch;
import io.bertstream.trainer.data.ClassificationExample;
import io.bertstream.trainer.data.ClassificationStream;
import io.bertstream.trainer.data.FinetuneRecipe;
import io.bertstream.trainer.data.LabelledDataset;
import io.bertstream.trainer.data.TrainValidationSplit;
import io.bertstream.trainer.onnx.BundleWriter;
import io.bertstream.trainer.train.Checkpoint;
import io.bertstream.trainer.train.ClassificationEvaluation;
import io.bertstream.trainer.train.FinetuneLoop;
import io.bertstream.trainer.train.MetricsLog;
import io.bertstream.trainer.train.SafeTensors;
import io.bertstream.trainer.train.TrainingCurve;
import io.bertstream.trainer.train.TrainingState;
import io.bertstream.wordpiece.BertTokenizer;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code finetune}: a sequence classifier on labelled text, from a pre-trained model or from scratch, into a bundle. */
@Command(
        name = "finetune",
        mixinStandardHelpOptions = true,
        description = {
            "Fine-tune BERT with a classifier on the pooled [CLS] vector on labelled text (any number of labels).",
            "The train file is split (stratified, seeded) into train and validation; the test file is never read.",
            "Long texts keep their head and tail tokens. Writes to --out: checkpoint.safetensors (every --checkpoint-every steps),"
                    + " model.safetensors (the weights of the best validation accuracy so far), metrics.jsonl, training-curve.html,"
                    + " and at the end the model bundle (config.json with id2label and bertstream.finetune, tokenizer,"
                    + " onnx/classifier.onnx and the other graphs, metrics.json) there or into --bundle."
                    + " --resume continues a run from its checkpoint exactly."
        })
final class FinetuneCommand implements Callable<Integer> {
    private static final ObjectMapper JSON = new ObjectMapper();
    /** What the run writes into --out and keeps there when the bundle lands in the same folder. */
    private static final Set<String> RUN_FILES = Set.of(Checkpoint.FILE, Checkpoint.WEIGHTS, "metrics.jsonl", "training-curve.html");

    @Spec
    CommandSpec spec;

    @Mixin
    FinetuneOptions o = new FinetuneOptions();

    @Mixin
    RunControl run = new RunControl();

    @Option(names = "--out", defaultValue = "${sys:bertstream.home:-.}/models/finetune", paramLabel = "DIR",
            description = "Output folder: the run's files, and the bundle unless --bundle (default: ${DEFAULT-VALUE}).")
    Path out;

    @Option(names = "--bundle", paramLabel = "DIR", description = "Write the bundle here instead of into --out.")
    Path bundle;

    @Override
    public Integer call() throws IOException {
        PrintWriter w = spec.commandLine().getOut();
        run.applyThreads();
        Checkpoint.Loaded checkpoint = run.resumed(out, o);
        if (checkpoint != null) {
            w.printf(Locale.ROOT, "finetune: resuming %s at step %d (settings from the checkpoint)%n", out, checkpoint.state().step());
        }
        FinetuneRecipe recipe = validate();
        long started = System.nanoTime();

        Start start = start();
        if (o.maxLength > start.config.maxPositionEmbeddings()) {
            throw new CliError("--max-length " + o.maxLength + " exceeds the model's " + start.config.maxPositionEmbeddings() + " positions");
        }
        LabelledDataset data = LabelledDataset.read(Path.of(o.train), LabelledDataset.parseLabels(o.labels));
        List<String> labels = data.labels();
        o.labels = String.join(",", labels);
        TrainValidationSplit split = TrainValidationSplit.of(data.examples(), recipe.validationFraction(), recipe.splitSeed());
        BertTokenizer truncating = start.tokenizer.withTruncation(recipe.truncation());
        int padId = Math.max(0, start.tokenizer.tokenId("[PAD]"));
        List<ClassificationExample> train = ClassificationStream.encode(split.train(), labels, truncating);
        List<ClassificationExample> validationExamples = ClassificationStream.encode(split.validation(), labels, truncating);
        ClassificationStream stream = new ClassificationStream(train, padId, o.batchSize, o.seed, o.groupByLength);
        List<ClassificationBatch> validation = ClassificationStream.evaluationBatches(validationExamples, padId, o.batchSize);
        long steps = o.maxSteps > 0 ? o.maxSteps : (long) o.epochs * stream.batchesPerEpoch();
        w.printf(Locale.ROOT, "finetune: %s: %,d examples, labels %s -> %,d train, %,d validation; max length %d (head %d + tail), %.0f s to read%n",
                o.train, data.examples().size(), labels, train.size(), validationExamples.size(), recipe.maxLength(), recipe.headTokens(),
                seconds(started));

        BertForSequenceClassification model = new BertForSequenceClassification(start.config, labels.size(), o.seed);
        FinetuneLoop.Progress progress;
        long warmup = o.warmup < 0 ? steps / 10 : o.warmup;
        if (warmup > steps) throw new CliError("--warmup " + warmup + " exceeds the " + steps + " steps");
        FinetuneLoop loop = new FinetuneLoop(model, stream, validation,
                new FinetuneLoop.Settings(steps, o.lr, warmup, o.weightDecay, o.clip, o.seed, o.logEvery, o.evalEvery, o.checkpointEvery,
                        !run.noProgress), out, JSON.valueToTree(o));
        if (checkpoint != null) {
            progress = loop.resumeFrom(checkpoint);
        } else {
            if (start.pretrained != null) copyPretrained(start.pretrained, model);
            progress = new FinetuneLoop.Progress(new TrainingState(0, 0, o.seed), FinetuneLoop.Best.NONE);
        }
        w.printf(Locale.ROOT, "finetune: %s, %,d parameters, %d threads, batch %d, %d steps (%.2f epochs), lr %.1e, warm-up %d%n",
                start.describe(), model.parameters().count(), Parallel.threads(), o.batchSize, steps,
                steps / (double) stream.batchesPerEpoch(), o.lr, warmup);
        w.flush();

        Files.createDirectories(out);
        long trainStart = System.nanoTime();
        try (MetricsLog log = MetricsLog.open(out.resolve("metrics.jsonl"), progress.state().step())) {
            progress = loop.run(progress, log);
        }
        double trainSeconds = seconds(trainStart);
        TrainingCurve.write(out.resolve("metrics.jsonl"), out.resolve("training-curve.html"), "bertstream finetune " + out.getFileName());

        Checkpoint.requireAll(model.parameters(), SafeTensors.read(out.resolve(Checkpoint.WEIGHTS)).tensors());
        ClassificationEvaluation best = ClassificationEvaluation.of(model, validation);
        ObjectNode metrics = metrics(recipe, labels, steps, stream.batchesPerEpoch(), progress, best, train.size(), trainSeconds, start);
        Path bundleDir = bundle != null ? bundle : out;
        new BundleWriter(start.config, bundleWeights(model, start), start.tokenizer)
                .labels(labels)
                .finetune(recipe.toJson())
                .trainingMetadata(trainingMetadata(start))
                .metrics(metrics)
                .producerVersion(new VersionProvider().getVersion()[0])
                .keeping(RUN_FILES)
                .write(bundleDir);
        w.printf(Locale.ROOT, "finetune: best validation accuracy %.4f (loss %.4f, %d examples) at step %d of %d; %.0f s training -> bundle %s%n",
                best.accuracy(), best.loss(), best.examples(), progress.best().step(), progress.state().step(), trainSeconds, bundleDir);
        w.flush();
        return 0;
    }

    private FinetuneRecipe validate() {
        if ((o.init == null) == !o.fromScratch) throw new CliError("give either --init DIR (a pre-trained model) or --from-scratch");
        if (o.fromScratch && o.vocab == null) throw new CliError("--from-scratch needs --vocab (a tokenizer folder, tokenizer.json or vocab.txt)");
        if (o.batchSize < 1 || o.epochs < 1 || o.maxSteps < 0) throw new CliError("--batch-size and --epochs must be positive, --max-steps not negative");
        if (!(o.lr > 0)) throw new CliError("--lr must be positive, got " + o.lr);
        if (o.dropout < 0 || o.dropout >= 1) throw new CliError("--dropout must be in [0, 1), got " + o.dropout);
        if (!Files.isRegularFile(Path.of(o.train))) throw new CliError("--train " + o.train + ": no such file");
        return o.recipe();
    }

    /** What the classifier starts from: its config and tokenizer, and pre-trained weights unless from scratch. */
    private record Start(BertConfig config, BertTokenizer tokenizer, BertForPreTraining pretrained, String source) {
        String describe() {
            return pretrained == null ? "from scratch (" + source + ")" : "from " + source;
        }
    }

    private Start start() throws IOException {
        if (o.fromScratch) {
            if (!Files.exists(Path.of(o.vocab))) throw new CliError("--vocab " + o.vocab + ": no such file or folder");
            BertTokenizer tokenizer = BertTokenizer.load(Path.of(o.vocab));
            BertConfig p = BertConfig.preset(BertConfig.Preset.named(o.preset), tokenizer.vocabulary().idLimit(), 512);
            return new Start(withDropout(p), tokenizer, null, o.preset);
        }
        Path dir = Path.of(o.init);
        if (!Files.isDirectory(dir)) throw new CliError("--init " + o.init + ": no such folder (a pre-training output, e.g. models/pretrain)");
        BertForPreTraining pretrained;
        try {
            pretrained = Checkpoint.loadModel(dir);
        } catch (IOException e) {
            throw new CliError("--init " + o.init + ": " + e.getMessage());
        }
        return new Start(withDropout(pretrained.config()), BertTokenizer.load(dir), pretrained, o.init);
    }

    private BertConfig withDropout(BertConfig p) {
        return new BertConfig(p.vocabSize(), p.hiddenSize(), p.numHiddenLayers(), p.numAttentionHeads(), p.intermediateSize(),
                p.maxPositionEmbeddings(), p.typeVocabSize(), o.dropout, o.dropout, p.layerNormEps(), p.initializerRange());
    }

    /** Every bert.* weight from the pre-trained model (the classifier keeps its fresh initialisation). */
    private static void copyPretrained(BertForPreTraining pretrained, BertForSequenceClassification model) {
        Set<String> copied = model.parameters().copyFrom(pretrained.parameters().named());
        for (String name : model.parameters().named().keySet()) {
            if (name.startsWith("bert.") && !copied.contains(name)) throw new CliError("--init: the pre-trained weights lack " + name);
        }
    }

    /** The classifier's weights, plus the pre-trained cls.* heads so that the bundle keeps its fill-mask and next-sentence graphs. */
    private static Map<String, Tensor> bundleWeights(BertForSequenceClassification model, Start start) {
        Map<String, Tensor> weights = new LinkedHashMap<>(model.parameters().named());
        if (start.pretrained != null) {
            start.pretrained.parameters().named().forEach((name, t) -> {
                if (name.startsWith("cls.")) weights.put(name, t);
            });
        }
        return weights;
    }

    private ObjectNode trainingMetadata(Start start) {
        ObjectNode meta = JSON.createObjectNode();
        meta.put("task", "sequence-classification");
        meta.put("init", start.pretrained == null ? "from scratch (" + o.preset + ")" : start.source);
        meta.put("trained_at", Instant.now().toString());
        meta.set("settings", JSON.valueToTree(o));
        return meta;
    }

    private ObjectNode metrics(FinetuneRecipe recipe, List<String> labels, long steps, int batchesPerEpoch, FinetuneLoop.Progress progress,
            ClassificationEvaluation best, int trainExamples, double trainSeconds, Start start) {
        ObjectNode m = JSON.createObjectNode();
        m.put("task", "sequence-classification");
        ObjectNode v = m.putObject("validation");
        v.put("accuracy", best.accuracy()).put("loss", best.loss()).put("examples", best.examples()).put("step", progress.best().step());
        m.putArray("labels").addAll(labels.stream().map(JSON.getNodeFactory()::textNode).toList());
        m.put("init", start.pretrained == null ? "from scratch" : start.source);
        m.put("steps", progress.state().step()).put("epochs", steps / (double) batchesPerEpoch).put("train_examples", trainExamples);
        m.put("seed", o.seed).put("threads", Parallel.threads()).put("train_seconds_this_session", trainSeconds);
        m.set("finetune", recipe.toJson());
        m.set("settings", JSON.valueToTree(o));
        return m;
    }

    private static double seconds(long since) {
        return (System.nanoTime() - since) / 1e9;
    }
}
