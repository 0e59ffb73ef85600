package io.bertstream.trainer.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import ai.onnxruntime.OnnxTensor;
import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtSession;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.bertstream.trainer.autograd.GradMode;
import io.bertstream.trainer.bert.BertInput;
import io.bertstream.trainer.data.ClassificationBatch;
import io.bertstream.trainer.data.ClassificationStream;
import io.bertstream.trainer.data.FinetuneRecipe;
import io.bertstream.trainer.data.LabelledText;
import io.bertstream.trainer.train.Checkpoint;
import io.bertstream.trainer.train.ClassifierFolder;
import io.bertstream.wordpiece.BertNormalizer;
import io.bertstream.wordpiece.BertTokenizer;
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
 * {@code finetune} end to end on a small learnable task (a review's sentiment is carried by one of
 * a few words among neutral filler), its bundle against the trainer, {@code predict}, and user
 * errors. A model that learned nothing scores about 1/2 here; the test asks for 0.95.
 */
class FinetuneCommandTest {
    private static final String[] POSITIVE = {"great", "wonderful", "excellent", "loved", "superb"};
    private static final String[] NEGATIVE = {"awful", "terrible", "boring", "hated", "dreadful"};
    private static final String[] FILLER = ("the movie was a story about people in town and actors played their parts with some music "
            + "by night film scene end").split(" ");
    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    Path tmp;

    private final CliRun cli = new CliRun();
    private Path vocab;
    private Path train;

    @BeforeEach
    void data() throws Exception {
        List<String> tokens = new ArrayList<>(List.of("[PAD]", "[UNK]", "[CLS]", "[SEP]", "[MASK]"));
        tokens.addAll(List.of(POSITIVE));
        tokens.addAll(List.of(NEGATIVE));
        tokens.addAll(List.of(FILLER).stream().distinct().toList());
        vocab = Files.createDirectories(tmp.resolve("vocab"));
        BertTokenizer.fromVocabulary(Vocabulary.of(tokens), BertNormalizer.UNCASED).save(vocab);
        SplittableRandom random = new SplittableRandom(7);
        StringBuilder sb = new StringBuilder();
        for (int i = 0; i < 480; i++) {
            boolean positive = random.nextBoolean();
            List<String> words = new ArrayList<>();
            for (int w = 0; w < 6 + random.nextInt(10); w++) words.add(FILLER[random.nextInt(FILLER.length)]);
            String[] cue = positive ? POSITIVE : NEGATIVE;
            words.add(random.nextInt(words.size() + 1), cue[random.nextInt(cue.length)]);
            sb.append(JSON.writeValueAsString(Map.of("id", "r" + i, "text", String.join(" ", words), "label", positive ? "pos" : "neg"))).append('\n');
        }
        train = Files.writeString(tmp.resolve("train.jsonl"), sb.toString());
    }

    /** A small from-scratch run into {@code out}; {@code overrides} are option, value, option, value... */
    private String[] args(Path out, String... overrides) {
        Map<String, String> options = new java.util.LinkedHashMap<>();
        String[] defaults = {"--preset", "tiny", "--vocab", vocab.toString(), "--train", train.toString(), "--max-length", "16",
            "--head-tokens", "6", "--batch-size", "16", "--epochs", "3", "--lr", "2e-3", "--eval-every", "30", "--log-every", "5",
            "--threads", "1", "--out", out.toString()};
        for (int i = 0; i < defaults.length; i += 2) options.put(defaults[i], defaults[i + 1]);
        for (int i = 0; i < overrides.length; i += 2) options.put(overrides[i], overrides[i + 1]);
        List<String> a = new ArrayList<>(List.of("finetune", "--from-scratch", "--no-progress"));
        options.forEach((k, v) -> a.addAll(List.of(k, v)));
        return a.toArray(String[]::new);
    }

    @Test
    void learnsTheTaskAndItsBundleGivesTheTrainersProbabilities() throws Exception {
        Path out = tmp.resolve("run");
        assertEquals(0, cli.exec(args(out)), cli.err());
        JsonNode metrics = JSON.readTree(out.resolve("metrics.json").toFile());
        double accuracy = metrics.path("validation").path("accuracy").asDouble();
        assertTrue(accuracy >= 0.95, "validation accuracy " + accuracy);
        assertEquals(48, metrics.path("validation").path("examples").asInt());
        for (String f : new String[] {"config.json", "vocab.txt", "tokenizer.json", "onnx/classifier.onnx", Checkpoint.FILE,
            Checkpoint.WEIGHTS, "metrics.jsonl", "training-curve.html"}) {
            assertTrue(Files.isRegularFile(out.resolve(f)), f);
        }
        JsonNode config = JSON.readTree(out.resolve("config.json").toFile());
        assertEquals("neg", config.path("id2label").path("0").asText());
        assertEquals(1, config.path("label2id").path("pos").asInt());
        FinetuneRecipe recipe = FinetuneRecipe.fromConfig(config);
        assertEquals(new FinetuneRecipe(train.toString(), 0.1, 42, 16, 6), recipe);
        assertTrue(Files.readString(out.resolve("training-curve.html")).contains("validation accuracy"));

        ClassifierFolder classifier = ClassifierFolder.load(out);
        BertTokenizer tokenizer = BertTokenizer.load(out).withTruncation(recipe.truncation());
        List<LabelledText> texts = List.of(new LabelledText("a", "the movie was wonderful", "pos"),
                new LabelledText("b", "awful", "neg"),
                new LabelledText("c", "the film " + "and the actors ".repeat(10) + "were boring", "neg"));
        ClassificationBatch batch = ClassificationBatch.of(ClassificationStream.encode(texts, classifier.labels(), tokenizer), 0);
        float[] trainer;
        try (GradMode.Scope off = GradMode.disabled()) {
            trainer = classifier.model().logits(batch.input(), null).softmax(-1).toArray();
        }
        float[][] onnx = onnxLogits(out.resolve("onnx/classifier.onnx"), batch.input());
        for (int b = 0; b < texts.size(); b++) {
            float[] p = softmax(onnx[b]);
            for (int c = 0; c < 2; c++) {
                if (Math.abs(p[c] - trainer[b * 2 + c]) > 1e-5) fail("row " + b + " class " + c + ": onnx " + p[c] + " vs trainer " + trainer[b * 2 + c]);
            }
            assertEquals(texts.get(b).label().equals("pos") ? 1 : 0, trainer[b * 2 + 1] > 0.5 ? 1 : 0, "text " + b + " misclassified");
        }

        Path input = Files.writeString(tmp.resolve("new.txt"), "what a superb film\n\nthe music was dreadful\n");
        assertEquals(0, cli.exec("predict", "--model", out.toString(), input.toString()), cli.err());
        List<String> lines = cli.out().lines().filter(l -> l.contains("\t")).toList();
        assertEquals(2, lines.size(), cli.out());
        assertTrue(lines.get(0).startsWith("pos\t") && lines.get(0).endsWith("\twhat a superb film"), lines.get(0));
        assertTrue(lines.get(1).startsWith("neg\t"), lines.get(1));
    }

    @Test
    void badInputFailsWithAClearMessageAndExitCode2() throws Exception {
        Path out = tmp.resolve("bad");
        expectError(new String[] {"finetune", "--train", train.toString(), "--out", out.toString()}, "either --init");
        expectError(args(out, "--train", tmp.resolve("missing.jsonl").toString()), "no such file");
        Path broken = Files.writeString(tmp.resolve("broken.jsonl"), Files.readString(train) + "{\"text\": \"no label\"}\n");
        expectError(args(out, "--train", broken.toString()), broken + ":481: \"label\" is missing");
        expectError(args(out, "--max-length", "600"), "exceeds the model's 512 positions");
        expectError(args(out, "--head-tokens", "15"), "head tokens must be between 0 and max length - 2 = 14");
        expectError(args(out, "--validation-fraction", "1"), "validation fraction");
        expectError(args(out, "--labels", "pos,other"), "label neg is not one of [pos, other]");
        expectError(new String[] {"finetune", "--init", tmp.resolve("nothing").toString(), "--train", train.toString(), "--out", out.toString()},
                "no such folder");
        expectError(new String[] {"finetune", "--resume", "--out", out.toString()}, "no checkpoint.safetensors");
    }

    private void expectError(String[] args, String message) {
        CliRun run = new CliRun();
        assertEquals(2, run.exec(args), run.out() + run.err());
        assertTrue(run.err().contains(message), run.err());
    }

    private static float[][] onnxLogits(Path graph, BertInput in) throws Exception {
        OrtEnvironment env = OrtEnvironment.getEnvironment();
        long[][] ids = new long[in.batch()][in.seq()], mask = new long[in.batch()][in.seq()], types = new long[in.batch()][in.seq()];
        for (int b = 0; b < in.batch(); b++) {
            for (int t = 0; t < in.seq(); t++) {
                ids[b][t] = in.inputIds()[b * in.seq() + t];
                mask[b][t] = in.attentionMask()[b * in.seq() + t];
                types[b][t] = in.tokenTypeIds()[b * in.seq() + t];
            }
        }
        try (OrtSession session = env.createSession(graph.toString(), new OrtSession.SessionOptions());
                OnnxTensor i = OnnxTensor.createTensor(env, ids); OnnxTensor m = OnnxTensor.createTensor(env, mask);
                OnnxTensor t = OnnxTensor.createTensor(env, types);
                OrtSession.Result r = session.run(Map.of("input_ids", i, "attention_mask", m, "token_type_ids", t))) {
            return (float[][]) r.get("logits").orElseThrow().getValue();
        }
    }

    private static float[] softmax(float[] logits) {
        double max = Math.max(logits[0], logits[1]), sum = 0;
        float[] p = new float[logits.length];
        for (int c = 0; c < p.length; c++) sum += Math.exp(logits[c] - max);
        for (int c = 0; c < p.length; c++) p[c] = (float) (Math.exp(logits[c] - max) / sum);
        return p;
    }
}
