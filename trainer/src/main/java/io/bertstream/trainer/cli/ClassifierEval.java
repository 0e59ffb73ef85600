package io.bertstream.trainer.cli;

import ai.onnxruntime.OrtException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.bertstream.progress.ProgressBar;
import io.bertstream.trainer.data.AtomicFile;
import io.bertstream.trainer.data.LabelledDataset;
import io.bertstream.trainer.data.LabelledText;
import io.bertstream.trainer.data.TrainValidationSplit;
import io.bertstream.trainer.eval.BagOfWordsClassifier;
import io.bertstream.trainer.eval.ClassificationMetrics;
import io.bertstream.trainer.eval.ClassifierBundle;
import io.bertstream.trainer.eval.ComparisonTable;
import io.bertstream.trainer.eval.OnnxClassifier;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;

/**
 * {@code eval --bundle DIR}: a classifier bundle on a labelled test file, next to its baselines on
 * the same examples: other bundles (the same BERT fine-tuned without pre-training, say) and a
 * bag-of-words logistic regression trained on the train split the bundle was fine-tuned on. Prints
 * one comparison table, writes the {@code test} section of metrics.json (keeping the rest), and
 * prints the bundle's test accuracy last.
 */
final class ClassifierEval {
    private static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);
    static final String BAG_OF_WORDS = "bag-of-words";

    /** What the user asked for; null {@code test}, {@code train}, {@code out}: the bundle's defaults. */
    record Request(Path bundle, Path test, Path train, List<Path> baselineBundles, boolean bagOfWords, Path out, int batch, int threads) {}

    private final Request request;
    private final PrintWriter out;

    ClassifierEval(Request request, PrintWriter out) {
        this.request = request;
        this.out = out;
    }

    int run() throws IOException, OrtException {
        long started = System.nanoTime();
        ClassifierBundle bundle = ClassifierBundle.read(request.bundle());
        Path testFile = request.test() != null ? request.test() : defaultTestFile(bundle);
        if (!Files.isRegularFile(testFile)) throw new CliError("--test " + testFile + ": no such file");
        LabelledDataset test = LabelledDataset.read(testFile, bundle.labels());
        int[] truth = test.examples().stream().mapToInt(test::labelIndex).toArray();
        out.printf(Locale.ROOT, "eval: %s on %s: %,d examples, labels %s%n", request.bundle(), testFile, truth.length, bundle.labels());
        out.flush();

        List<ComparisonTable.Row> rows = new ArrayList<>();
        ObjectNode section = JSON.createObjectNode();
        section.put("file", testFile.toString()).put("examples", truth.length);
        bundle.labels().forEach(section.putArray("labels")::add);
        ObjectNode model = section.putObject("model");
        rows.add(new ComparisonTable.Row(request.bundle().toString(), evaluateBundle(bundle, bundle.labels(), test, truth, model)));
        ArrayNode baselines = section.putArray("baselines");
        for (Path dir : request.baselineBundles()) {
            ClassifierBundle baseline = ClassifierBundle.read(dir);
            if (!new HashSet<>(baseline.labels()).equals(new HashSet<>(bundle.labels()))) {
                throw new CliError("--baseline-bundle " + dir + " has labels " + baseline.labels() + ", not those of " + request.bundle() + ": " + bundle.labels());
            }
            rows.add(new ComparisonTable.Row(dir.toString(), evaluateBundle(baseline, bundle.labels(), test, truth, baselines.addObject())));
        }
        if (request.bagOfWords()) {
            ClassificationMetrics m = bagOfWords(bundle, test, truth, baselines);
            if (m != null) rows.add(new ComparisonTable.Row(BAG_OF_WORDS, m));
        }
        section.put("seconds", seconds(started));

        Path metricsFile = request.out() != null ? request.out() : request.bundle().resolve("metrics.json");
        write(metricsFile, section);
        out.println();
        out.print(ComparisonTable.render(rows));
        out.printf(Locale.ROOT, "%nmetrics: %s (section \"test\"); %.0f s in all%n", metricsFile, seconds(started));
        out.printf(Locale.ROOT, "test accuracy %.4f (%s, %d examples)%n", rows.getFirst().metrics().accuracy(), request.bundle(), truth.length);
        out.flush();
        return 0;
    }

    /** The recorded train file's sibling with "test" for "train" in its name (data/imdb/test.jsonl for IMDB). */
    private static Path defaultTestFile(ClassifierBundle bundle) {
        if (bundle.recipe() != null) {
            Path train = Path.of(bundle.recipe().train());
            String name = train.getFileName().toString();
            Path test = train.resolveSibling(name.replace("train", "test"));
            if (name.contains("train") && Files.isRegularFile(test)) return test;
        }
        throw new CliError(bundle.dir() + ": give --test FILE (the bundle records no train file with a test file beside it)");
    }

    /** Runs a bundle's classifier graph; its probabilities in {@code labels}' order, its entry in {@code json}. */
    private ClassificationMetrics evaluateBundle(ClassifierBundle bundle, List<String> labels, LabelledDataset test, int[] truth, ObjectNode json)
            throws OrtException {
        long started = System.nanoTime();
        double[][] p;
        try (OnnxClassifier classifier = new OnnxClassifier(bundle, request.threads());
                ProgressBar bar = ProgressBar.start("eval " + bundle.dir().getFileName(), truth.length, "texts")) {
            p = classifier.probabilities(test.examples(), request.batch(), bar);
        }
        double seconds = seconds(started);
        double[][] reordered = new double[p.length][labels.size()];
        for (int c = 0; c < labels.size(); c++) {
            int from = bundle.labels().indexOf(labels.get(c));
            for (int i = 0; i < p.length; i++) reordered[i][c] = p[i][from];
        }
        ClassificationMetrics m = ClassificationMetrics.of(labels, truth, reordered);
        json.put("name", bundle.dir().toString()).put("kind", "bundle").put("truncation", bundle.describeTruncation())
                .put("seconds", seconds).put("texts_per_second", truth.length / seconds);
        json.set("metrics", m.toJson(JSON));
        out.printf(Locale.ROOT, "eval: %s: accuracy %.4f, %.0f texts/s (%s)%n", bundle.dir(), m.accuracy(), truth.length / seconds, bundle.describeTruncation());
        out.flush();
        return m;
    }

    /** Trains the baseline on the bundle's train split (or --train) and measures it; null when there is no train file. */
    private ClassificationMetrics bagOfWords(ClassifierBundle bundle, LabelledDataset test, int[] truth, ArrayNode baselines) throws IOException {
        Path trainFile = request.train() != null ? request.train() : bundle.recipe() != null ? Path.of(bundle.recipe().train()) : null;
        if (trainFile == null) {
            out.println("eval: no bag-of-words baseline: the bundle records no train file; give --train FILE (or --no-bag-of-words)");
            return null;
        }
        if (!Files.isRegularFile(trainFile)) throw new CliError("train file " + trainFile + " (for the bag-of-words baseline): no such file; give --train FILE");
        long started = System.nanoTime();
        LabelledDataset all = LabelledDataset.read(trainFile, bundle.labels());
        List<LabelledText> train = all.examples(), validation = List.of();
        if (bundle.recipe() != null) {
            TrainValidationSplit split = TrainValidationSplit.of(all.examples(), bundle.recipe().validationFraction(), bundle.recipe().splitSeed());
            train = split.train();
            validation = split.validation();
        }
        out.printf(Locale.ROOT, "eval: %s: training on %s, %,d examples (%,d held for validation)%n", BAG_OF_WORDS, trainFile, train.size(), validation.size());
        out.flush();
        BagOfWordsClassifier model = BagOfWordsClassifier.train(texts(train), labelIds(all, train), bundle.labels().size(),
                texts(validation), labelIds(all, validation), BagOfWordsClassifier.Settings.DEFAULT);
        ClassificationMetrics m = ClassificationMetrics.of(bundle.labels(), truth, model.probabilities(texts(test.examples())));
        ObjectNode json = baselines.addObject();
        json.put("name", BAG_OF_WORDS).put("kind", "bag_of_words").put("train", trainFile.toString()).put("seconds", seconds(started));
        if (bundle.recipe() != null) json.put("validation_fraction", bundle.recipe().validationFraction()).put("split_seed", bundle.recipe().splitSeed());
        json.set("model", model.description());
        json.set("metrics", m.toJson(JSON));
        JsonNode d = model.description();
        out.printf(Locale.ROOT, "eval: %s: %,d n-grams, L2 %.0e chosen on validation, accuracy %.4f, %.0f s%n",
                BAG_OF_WORDS, d.get("feature_count").asInt(), d.get("l2").asDouble(), m.accuracy(), seconds(started));
        out.flush();
        return m;
    }

    /** A pair's two texts joined, so the baseline sees both. */
    private static List<String> texts(List<LabelledText> examples) {
        return examples.stream().map(e -> e.textPair() == null ? e.text() : e.text() + "\n" + e.textPair()).toList();
    }

    private static int[] labelIds(LabelledDataset data, List<LabelledText> examples) {
        return examples.stream().mapToInt(data::labelIndex).toArray();
    }

    /** Sets {@code test} in the JSON file (created when missing), keeping everything else. */
    private static void write(Path file, ObjectNode section) throws IOException {
        ObjectNode root = Files.isRegularFile(file) && JSON.readTree(file.toFile()) instanceof ObjectNode o ? o : JSON.createObjectNode();
        root.set("test", section);
        try (AtomicFile f = AtomicFile.create(file)) {
            f.stream().write(JSON.writeValueAsBytes(root));
            f.commit();
        }
    }

    private static double seconds(long startNanos) {
        return (System.nanoTime() - startNanos) / 1e9;
    }
}
