package io.bertstream.trainer.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
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

/** {@code eval}: masked-LM and next-sentence metrics of a pre-trained model on a text corpus. */
@Command(
        name = "eval",
        mixinStandardHelpOptions = true,
        description = "Evaluate a pre-trained model on text (same format as the pre-training corpus): MLM loss, accuracy and"
                + " perplexity, NSP accuracy. Examples and masks are built as in pre-training, seeded.")
final class EvalCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

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
    public Integer call() throws IOException {
        if (examples < 1 || batch < 1) throw new CliError("--examples and --batch must be positive");
        if (threads != null) Parallel.setThreads(threads);
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
}
