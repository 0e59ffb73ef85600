package io.bertstream.trainer.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import ai.onnxruntime.OrtException;
import io.bertstream.trainer.autograd.Parallel;
import io.bertstream.trainer.bert.BertForPreTraining;
import io.bertstream.trainer.data.CorpusDocuments;
import io.bertstream.trainer.data.ExampleBuilder;
import io.bertstream.trainer.data.Masker;
import io.bertstream.trainer.data.PretrainingExample;
import io.bertstream.trainer.data.PretrainingSets;
import io.bertstream.trainer.data.PretrainingStream;
import io.bertstream.trainer.data.SpecialTokens;
import io.bertstream.trainer.train.Checkpoint;
import io.bertstream.trainer.train.ClassifierFolder;
import io.bertstream.trainer.train.Evaluation;
import io.bertstream.wordpiece.BertTokenizer;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code eval}: with {@code --bundle}, a fine-tuned classifier on a labelled test file next to its
 * baselines ({@link ClassifierEval}); with {@code --model}, masked-LM and next-sentence metrics of
 * a pre-trained model on a text corpus.
 */
@Command(
        name = "eval",
        mixinStandardHelpOptions = true,
        description = {
            "--bundle DIR: evaluate a fine-tuned classifier bundle (onnx/classifier.onnx in ONNX Runtime) on a labelled test file:"
                    + " accuracy, precision/recall/F1 per class and macro, confusion matrix, expected calibration error (15 bins),"
                    + " log loss; next to the --baseline-bundle models and a bag-of-words logistic regression trained on the bundle's"
                    + " own train split. Writes the \"test\" section of the bundle's metrics.json; the last line is the test accuracy.",
            "--model DIR: evaluate a pre-trained model on text (same format as the pre-training corpus): MLM loss, accuracy and"
                    + " perplexity, NSP accuracy. Examples and masks are built as in pre-training, seeded."
        })
final class EvalCommand implements Callable<Integer> {
    private static final List<String> PRETRAINED_ONLY = List.of("--model", "--corpus", "--examples", "--seq-length", "--mask-prob",
            "--max-predictions", "--seed", "--json");
    private static final List<String> CLASSIFIER_ONLY = List.of("--test", "--train", "--baseline-bundle", "--no-bag-of-words", "--out");

    @Spec
    CommandSpec spec;

    @Option(names = "--bundle", paramLabel = "DIR", description = "A fine-tuned classifier bundle: evaluate it on --test.")
    Path bundle;

    @Option(names = "--test", paramLabel = "FILE",
            description = "With --bundle: labelled test examples, JSON lines or TSV as for finetune (default: the file named test beside the"
                    + " bundle's recorded train file, data/imdb/test.jsonl for IMDB).")
    Path test;

    @Option(names = "--train", paramLabel = "FILE",
            description = "With --bundle: the bag-of-words baseline's train file, split as the bundle records (default: the bundle's own).")
    Path train;

    @Option(names = "--baseline-bundle", paramLabel = "DIR", description = "With --bundle: another classifier bundle to evaluate on the same examples (repeatable).")
    List<Path> baselineBundles = new ArrayList<>();

    @Option(names = "--no-bag-of-words", description = "With --bundle: skip the bag-of-words baseline.")
    boolean noBagOfWords;

    @Option(names = "--out", paramLabel = "FILE", description = "With --bundle: the metrics file whose \"test\" section to write (default: DIR/metrics.json).")
    Path out;

    @Option(names = "--model", defaultValue = "${sys:bertstream.home:-.}/models/pretrain", paramLabel = "DIR",
            description = "Model folder (default: ${DEFAULT-VALUE}).")
    Path model;

    @Option(names = "--corpus", paramLabel = "PATH", defaultValue = "${sys:bertstream.home:-.}/data/heldout/europarl-en.txt",
            description = "A .txt file or folder (repeatable; default: ${DEFAULT-VALUE}).")
    List<Path> corpus = new ArrayList<>();

    @Option(names = "--examples", defaultValue = "2000", paramLabel = "N", description = "At most N examples (default: ${DEFAULT-VALUE}).")
    int examples;

    @Option(names = "--seq-length", defaultValue = "128", paramLabel = "N", description = "Maximum tokens per example (default: ${DEFAULT-VALUE}).")
    int seqLength;

    @Option(names = "--batch", defaultValue = "32", paramLabel = "N", description = "Examples per forward pass (default: ${DEFAULT-VALUE}).")
    int batch;

    @Option(names = "--mask-prob", defaultValue = "0.15", paramLabel = "P", description = "Share of tokens to predict (default: ${DEFAULT-VALUE}).")
    double maskProb;

    @Option(names = "--max-predictions", defaultValue = "20", paramLabel = "N", description = "At most N predictions per example (default: ${DEFAULT-VALUE}).")
    int maxPredictions;

    @Option(names = "--seed", defaultValue = "42", paramLabel = "N", description = "Seed for examples and masks (default: ${DEFAULT-VALUE}).")
    long seed;

    @Option(names = "--threads", paramLabel = "N", description = "Compute threads (default: all processors).")
    Integer threads;

    @Option(names = "--json", description = "Print one JSON object instead of text.")
    boolean json;

    @Override
    public Integer call() throws IOException, OrtException {
        if (examples < 1 || batch < 1) throw new CliError("--examples and --batch must be positive");
        if (threads != null) Parallel.setThreads(threads);
        if (bundle != null) {
            refuse(PRETRAINED_ONLY, "--bundle (a classifier bundle); they belong to --model (a pre-trained model)");
            var request = new ClassifierEval.Request(bundle, test, train, baselineBundles, !noBagOfWords, out, batch, Parallel.threads());
            return new ClassifierEval(request, spec.commandLine().getOut()).run();
        }
        refuse(CLASSIFIER_ONLY, "--model; they need --bundle DIR (a fine-tuned classifier bundle)");
        if (Files.isDirectory(model) && ClassifierFolder.isClassifier(model)) {
            throw new CliError("--model " + model + " is a fine-tuned classifier: evaluate it with --bundle " + model);
        }
        if (!Files.isDirectory(model)) throw new CliError("--model " + model + ": no such folder");
        List<Path> files;
        BertForPreTraining bert;
        BertTokenizer tokenizer;
        try {
            files = CorpusDocuments.textFiles(corpus);
            bert = Checkpoint.loadModel(model);
            tokenizer = BertTokenizer.load(model);
        } catch (IOException e) {
            throw new CliError(e.getMessage());
        }
        if (seqLength > bert.config().maxPositionEmbeddings()) throw new CliError("--seq-length exceeds the model's max_position_embeddings");
        SpecialTokens special = SpecialTokens.of(tokenizer.vocabulary());
        Masker masker = new Masker(special, maskProb, maxPredictions, false);
        List<PretrainingExample> all = PretrainingSets.examples(files, tokenizer, new ExampleBuilder(seqLength, 0.1, special), seed);
        if (all.isEmpty()) throw new CliError("no examples in " + corpus);
        Evaluation e = Evaluation.of(bert, PretrainingStream.evaluationBatches(all, masker, special.pad(), batch, examples, seed));
        PrintWriter w = spec.commandLine().getOut();
        if (json) {
            ObjectMapper m = new ObjectMapper();
            ObjectNode n = m.createObjectNode();
            n.put("mlm_loss", e.mlmLoss()).put("mlm_accuracy", e.mlmAccuracy()).put("perplexity", e.perplexity())
                    .put("nsp_accuracy", e.nspAccuracy()).put("masked_tokens", e.maskedTokens()).put("examples", e.examples());
            w.println(n);
        } else {
            w.printf(Locale.ROOT, "eval: %d examples, %d masked tokens: MLM loss %.4f, accuracy %.2f %%, perplexity %.1f; NSP accuracy %.2f %%%n",
                    e.examples(), e.maskedTokens(), e.mlmLoss(), 100 * e.mlmAccuracy(), e.perplexity(), 100 * e.nspAccuracy());
        }
        w.flush();
        return 0;
    }

    private void refuse(List<String> options, String why) {
        List<String> given = options.stream().filter(spec.commandLine().getParseResult()::hasMatchedOption).toList();
        if (!given.isEmpty()) throw new CliError(String.join(", ", given) + ": not with " + why);
    }
}
