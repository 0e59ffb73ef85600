package io.bertstream.trainer.cli;

import io.bertstream.trainer.autograd.GradMode;
import io.bertstream.trainer.autograd.Parallel;
import io.bertstream.trainer.autograd.Tensor;
import io.bertstream.trainer.bert.BertForPreTraining;
import io.bertstream.trainer.bert.BertInput;
import io.bertstream.trainer.train.Checkpoint;
import io.bertstream.trainer.train.ClassifierFolder;
import io.bertstream.wordpiece.BertTokenizer;
import io.bertstream.wordpiece.Encoding;
import io.bertstream.wordpiece.Truncation;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * {@code predict}: with a fine-tuned classifier, a label and its probability per line; with a
 * pre-trained model, fill-in-the-blank for [MASK] tokens and next-sentence prediction.
 */
@Command(
        name = "predict",
        mixinStandardHelpOptions = true,
        description = {
            "Read lines from FILE or stdin, one text per line.",
            "A classifier (finetune's --out folder: its bundle with model.safetensors) prints label<TAB>probability<TAB>text per line"
                    + " (a line 'text<TAB>text_pair' is a pair).",
            "A pre-trained model prints, for each [MASK] in a line, the top-k tokens with their probabilities;"
                    + " a line 'sentence A<TAB>sentence B' also gets the probability that B follows A (next-sentence prediction)."
        })
final class PredictCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Option(names = "--model", defaultValue = "${sys:bertstream.home:-.}/models/pretrain", paramLabel = "DIR",
            description = "A fine-tuning or pre-training output folder or bundle: model.safetensors + config.json (or checkpoint.safetensors) and the tokenizer (default: ${DEFAULT-VALUE}).")
    Path model;

    @Parameters(arity = "0..1", paramLabel = "FILE", description = "Texts, one per line (default: stdin).")
    Path input;

    @Option(names = "--top-k", defaultValue = "5", paramLabel = "K", description = "Candidates per [MASK] (default: ${DEFAULT-VALUE}).")
    int topK;

    @Option(names = "--threads", paramLabel = "N", description = "Compute threads (default: all processors).")
    Integer threads;

    @Override
    public Integer call() throws IOException {
        if (topK < 1) throw new CliError("--top-k must be at least 1, got " + topK);
        if (threads != null) Parallel.setThreads(threads);
        if (!Files.isDirectory(model)) throw new CliError("--model " + model + ": no such folder (train one with ./bertstream pretrain)");
        if (input != null && !Files.isRegularFile(input)) throw new CliError(input + ": no such file");
        if (ClassifierFolder.isClassifier(model)) return classify();
        BertForPreTraining bert;
        BertTokenizer tokenizer;
        try {
            bert = Checkpoint.loadModel(model);
            tokenizer = BertTokenizer.load(model).withTruncation(Truncation.longestFirst(bert.config().maxPositionEmbeddings()));
        } catch (IOException e) {
            throw new CliError(e.getMessage());
        }
        int maskId = tokenizer.tokenId("[MASK]");
        PrintWriter w = spec.commandLine().getOut();
        try (BufferedReader in = lines()) {
            for (String line; (line = in.readLine()) != null; ) {
                if (line.isBlank()) continue;
                int tab = line.indexOf('\t');
                Encoding e = encodeLine(tokenizer, line);
                BertInput input = new BertInput(1, e.length(), e.ids(), e.typeIds(), e.attentionMask());
                List<Integer> masks = new ArrayList<>();
                for (int i = 0; i < e.length(); i++) if (e.ids()[i] == maskId) masks.add(i);
                w.println(line.replace("\t", "  ||  "));
                try (GradMode.Scope off = GradMode.disabled()) {
                    if (!masks.isEmpty()) {
                        Tensor probs = bert.maskedLmLogits(input, masks.stream().mapToInt(Integer::intValue).toArray()).softmax(-1);
                        printTopK(w, tokenizer, probs.toArray(), masks.size());
                    }
                    if (tab >= 0) {
                        float[] p = bert.nextSentenceLogits(input).softmax(-1).toArray();
                        w.printf(Locale.ROOT, "  next sentence: %.3f (B follows A), %.3f (B is random)%n", p[0], p[1]);
                    }
                }
                if (masks.isEmpty() && tab < 0) w.println("  (no [MASK] and no tab-separated pair: nothing to predict)");
                w.flush();
            }
        }
        return 0;
    }

    /** A line of input: one text, or a pair separated by a tab. */
    private static Encoding encodeLine(BertTokenizer tokenizer, String line) {
        int tab = line.indexOf('\t');
        return tab < 0 ? tokenizer.encode(line) : tokenizer.encode(line.substring(0, tab), line.substring(tab + 1));
    }

    private BufferedReader lines() throws IOException {
        return input != null ? Files.newBufferedReader(input, StandardCharsets.UTF_8)
                : new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8));
    }

    /** One label and its probability per line, truncated as the classifier was trained. */
    private int classify() throws IOException {
        ClassifierFolder classifier;
        BertTokenizer tokenizer;
        try {
            classifier = ClassifierFolder.load(model);
            int positions = classifier.model().config().maxPositionEmbeddings();
            tokenizer = BertTokenizer.load(model)
                    .withTruncation(classifier.recipe() != null ? classifier.recipe().truncation() : Truncation.longestFirst(positions));
        } catch (IOException e) {
            throw new CliError(e.getMessage());
        }
        PrintWriter w = spec.commandLine().getOut();
        try (BufferedReader in = lines()) {
            for (String line; (line = in.readLine()) != null; ) {
                if (line.isBlank()) continue;
                Encoding e = encodeLine(tokenizer, line);
                float[] p;
                try (GradMode.Scope off = GradMode.disabled()) {
                    p = classifier.model().logits(new BertInput(1, e.length(), e.ids(), e.typeIds(), e.attentionMask()), null).softmax(-1).toArray();
                }
                int best = 0;
                for (int c = 1; c < p.length; c++) if (p[c] > p[best]) best = c;
                w.printf(Locale.ROOT, "%s\t%.4f\t%s%n", classifier.labels().get(best), p[best], line);
                w.flush();
            }
        }
        return 0;
    }

    private void printTopK(PrintWriter w, BertTokenizer tokenizer, float[] probs, int rows) {
        int vocab = probs.length / rows;
        for (int r = 0; r < rows; r++) {
            Integer[] order = new Integer[vocab];
            for (int i = 0; i < vocab; i++) order[i] = i;
            int base = r * vocab;
            java.util.Arrays.sort(order, (a, b) -> Float.compare(probs[base + b], probs[base + a]));
            StringBuilder sb = new StringBuilder(String.format(Locale.ROOT, "  [MASK] %d:", r + 1));
            for (int k = 0; k < Math.min(topK, vocab); k++) {
                sb.append(String.format(Locale.ROOT, " %s %.3f%s", tokenizer.token(order[k]), probs[base + order[k]], k + 1 < topK ? "," : ""));
            }
            w.println(sb);
        }
    }
}
