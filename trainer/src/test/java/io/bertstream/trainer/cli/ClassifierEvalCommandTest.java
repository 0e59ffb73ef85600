package io.bertstream.trainer.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.onnxruntime.OnnxTensor;
import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtSession;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.bertstream.trainer.bert.BertConfig;
import io.bertstream.trainer.data.FinetuneRecipe;
import io.bertstream.trainer.eval.ClassificationMetrics;
import io.bertstream.trainer.onnx.BundleWriter;
import io.bertstream.trainer.onnx.RandomBertWeights;
import io.bertstream.wordpiece.BertNormalizer;
import io.bertstream.wordpiece.BertTokenizer;
import io.bertstream.wordpiece.Encoding;
import io.bertstream.wordpiece.Truncation;
import io.bertstream.wordpiece.Vocabulary;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code eval --bundle} on tiny classifier bundles with random weights: the table, metrics.json
 * against metrics computed here from ONNX Runtime run one unpadded text at a time, a baseline
 * bundle whose labels are in the other order, the bag-of-words baseline, the last line, and the
 * user errors.
 */
class ClassifierEvalCommandTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final BertConfig CONFIG = RandomBertWeights.tinyConfig();
    private static final String[] POSITIVE = {"great", "wonderful", "loved"};
    private static final String[] NEGATIVE = {"awful", "boring", "hated"};
    private static final String[] FILLER = "the movie was a story about people in town and actors played parts".split(" ");
    private static final int MAX_LENGTH = 16, HEAD = 4;

    @TempDir
    Path tmp;

    private final CliRun cli = new CliRun();
    private Path train, test, bundle, baseline;

    @BeforeEach
    void bundlesAndData() throws Exception {
        List<String> tokens = new ArrayList<>(Vocabulary.BERT_SPECIAL_TOKENS);
        tokens.addAll(List.of(POSITIVE));
        tokens.addAll(List.of(NEGATIVE));
        tokens.addAll(List.of(FILLER));
        while (tokens.size() < CONFIG.vocabSize()) tokens.add("w" + tokens.size());
        BertTokenizer tokenizer = BertTokenizer.fromVocabulary(Vocabulary.of(tokens), BertNormalizer.UNCASED);
        train = write("train.jsonl", 400, 1);
        test = write("test.jsonl", 40, 2);
        FinetuneRecipe recipe = new FinetuneRecipe(train.toString(), 0.25, 5, MAX_LENGTH, HEAD);
        bundle = tmp.resolve("bundle");
        new BundleWriter(CONFIG, RandomBertWeights.create(CONFIG, 11, 2), tokenizer).labels(List.of("negative", "positive"))
                .finetune(recipe.toJson()).metrics(JSON.createObjectNode().put("best_validation_accuracy", 0.5)).write(bundle);
        baseline = tmp.resolve("baseline");
        new BundleWriter(CONFIG, RandomBertWeights.create(CONFIG, 23, 2), tokenizer).labels(List.of("positive", "negative"))
                .finetune(recipe.toJson()).write(baseline);
    }

    /** Texts of 2 to 30 words (many longer than MAX_LENGTH), labelled by the sentiment word they hold. */
    private Path write(String name, int n, long seed) throws Exception {
        SplittableRandom r = new SplittableRandom(seed);
        StringBuilder lines = new StringBuilder();
        for (int i = 0; i < n; i++) {
            boolean positive = r.nextBoolean();
            List<String> words = new ArrayList<>();
            int length = 1 + r.nextInt(30);
            for (int k = 0; k < length; k++) words.add(FILLER[r.nextInt(FILLER.length)]);
            String[] sentiment = positive ? POSITIVE : NEGATIVE;
            words.add(r.nextInt(words.size() + 1), sentiment[r.nextInt(sentiment.length)]);
            lines.append(JSON.writeValueAsString(Map.of("id", name + i, "text", String.join(" ", words), "label", positive ? "positive" : "negative")))
                    .append('\n');
        }
        return Files.writeString(tmp.resolve(name), lines);
    }

    @Test
    void comparesTheBundleWithItsBaselinesAndWritesMetrics() throws Exception {
        int code = cli.exec("eval", "--bundle", bundle.toString(), "--baseline-bundle", baseline.toString(), "--batch", "8", "--threads", "1");
        assertEquals(0, code, cli.err());
        String out = cli.out();
        for (String part : List.of("model", "accuracy", "macro F1", "ECE", "log loss", "precision / recall / F1 per class",
                "confusion matrices (rows: true label, columns: predicted)", ClassifierEval.BAG_OF_WORDS, baseline.toString())) {
            assertTrue(out.contains(part), "the table shows " + part + ":\n" + out);
        }

        JsonNode metrics = JSON.readTree(bundle.resolve("metrics.json").toFile());
        assertEquals(0.5, metrics.get("best_validation_accuracy").asDouble(), "the earlier content is kept");
        JsonNode section = metrics.get("test");
        assertEquals(test.toString(), section.get("file").asText(), "the default test file is the one beside the recorded train file");
        assertEquals(40, section.get("examples").asInt());

        ClassificationMetrics expected = independently(bundle, List.of("negative", "positive"));
        assertSameMetrics(expected, section.at("/model/metrics"));
        JsonNode baselines = section.get("baselines");
        assertEquals(baseline.toString(), baselines.at("/0/name").asText());
        assertSameMetrics(independently(baseline, List.of("negative", "positive")), baselines.at("/0/metrics"));
        assertEquals("bag_of_words", baselines.at("/1/kind").asText());
        assertEquals(300, baselines.at("/1/model/train_examples").asInt(), "the bundle's train split: 400 minus a quarter");
        assertEquals(100, baselines.at("/1/model/validation_examples").asInt());
        assertTrue(baselines.at("/1/metrics/accuracy").asDouble() > 0.9,
                "one word decides the label: the bag of words learns it\n" + baselines.at("/1"));

        String[] lines = out.strip().split("\n");
        assertEquals(String.format(java.util.Locale.ROOT, "test accuracy %.4f (%s, 40 examples)", expected.accuracy(), bundle), lines[lines.length - 1]);
    }

    /** The metrics of the bundle's graph run here one text at a time (no padding), its columns in {@code order}. */
    private ClassificationMetrics independently(Path dir, List<String> order) throws Exception {
        JsonNode config = JSON.readTree(dir.resolve("config.json").toFile());
        BertTokenizer tokenizer = BertTokenizer.load(dir).withTruncation(Truncation.headTail(MAX_LENGTH, HEAD));
        List<String> texts = new ArrayList<>();
        List<Integer> truth = new ArrayList<>();
        for (String line : Files.readAllLines(test)) {
            JsonNode n = JSON.readTree(line);
            texts.add(n.get("text").asText());
            truth.add(order.indexOf(n.get("label").asText()));
        }
        double[][] p = new double[texts.size()][2];
        OrtEnvironment env = OrtEnvironment.getEnvironment();
        try (OrtSession session = env.createSession(dir.resolve("onnx/classifier.onnx").toString())) {
            for (int i = 0; i < texts.size(); i++) {
                Encoding e = tokenizer.encode(texts.get(i));
                assertTrue(e.length() <= MAX_LENGTH);
                long[][] ids = {toLong(e.ids())}, mask = {toLong(e.attentionMask())}, types = {toLong(e.typeIds())};
                try (OnnxTensor a = OnnxTensor.createTensor(env, ids); OnnxTensor b = OnnxTensor.createTensor(env, mask);
                        OnnxTensor c = OnnxTensor.createTensor(env, types);
                        OrtSession.Result r = session.run(Map.of("input_ids", a, "attention_mask", b, "token_type_ids", c))) {
                    float[] probabilities = ((float[][]) r.get("probabilities").orElseThrow().getValue())[0];
                    for (int k = 0; k < 2; k++) p[i][k] = probabilities[config.at("/label2id/" + order.get(k)).asInt()];
                }
            }
        }
        return ClassificationMetrics.of(order, truth.stream().mapToInt(Integer::intValue).toArray(), p);
    }

    private static long[] toLong(int[] v) {
        long[] r = new long[v.length];
        for (int i = 0; i < v.length; i++) r[i] = v[i];
        return r;
    }

    private static void assertSameMetrics(ClassificationMetrics expected, JsonNode actual) {
        JsonNode e = expected.toJson(JSON);
        assertEquals(e.at("/confusion_matrix").toString(), actual.at("/confusion_matrix").toString());
        for (String field : List.of("/accuracy", "/macro/f1", "/macro/precision", "/macro/recall", "/per_class/negative/f1",
                "/per_class/positive/recall", "/expected_calibration_error", "/log_loss")) {
            assertEquals(e.at(field).asDouble(), actual.at(field).asDouble(), 1e-5, field);
        }
    }

    @Test
    void userErrorsAreOneLineAndExitCode2() throws Exception {
        assertError("no such folder", "eval", "--bundle", tmp.resolve("missing").toString());

        Path pretrained = tmp.resolve("pretrained");
        new BundleWriter(CONFIG, RandomBertWeights.create(CONFIG, 3, 0), BertTokenizer.load(bundle)).write(pretrained);
        assertError("no classifier graph", "eval", "--bundle", pretrained.toString());

        Path unknown = Files.writeString(tmp.resolve("unknown.jsonl"), "{\"text\": \"great movie\", \"label\": \"positive\"}\n"
                + "{\"text\": \"so so\", \"label\": \"neutral\"}\n");
        assertError(unknown + ":2: label neutral is not one of [negative, positive]", "eval", "--bundle", bundle.toString(), "--test", unknown.toString());

        assertError("--corpus: not with --bundle", "eval", "--bundle", bundle.toString(), "--corpus", test.toString());
        assertError("--test: not with --model", "eval", "--model", bundle.toString(), "--test", test.toString());
        assertError("is a fine-tuned classifier: evaluate it with --bundle", "eval", "--model", bundle.toString());
    }

    private void assertError(String message, String... args) {
        CliRun run = new CliRun();
        assertEquals(UserErrorHandler.USER_ERROR, run.exec(args), run.out() + run.err());
        assertTrue(run.err().contains(message), "expected '" + message + "' in: " + run.err());
        assertEquals(1, run.err().strip().lines().count(), run.err());
    }
}
