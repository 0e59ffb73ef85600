package io.bertstream.trainer.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.bertstream.trainer.train.Checkpoint;
import io.bertstream.trainer.train.MetricsLog;
import java.io.ByteArrayInputStream;
import java.io.InputStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/** {@code pretrain}, {@code eval} and {@code predict} end to end on a small corpus, and their user errors. */
class PretrainCommandTest {
    private static final String[] WORDS = {"the", "cat", "dog", "sat", "ran", "on", "mat", "park", "a", "big", "small", "red",
        "house", "tree", "saw", "bird", "river", "slowly", "quickly", "near"};

    @TempDir
    Path tmp;

    private final StringWriter err = new StringWriter();
    private final StringWriter out = new StringWriter();

    private int run(String... args) {
        CommandLine cl = Main.commandLine();
        cl.setErr(new PrintWriter(err, true));
        cl.setOut(new PrintWriter(out, true));
        return cl.execute(args);
    }

    private Path corpus(String name, int documents, int seed) throws Exception {
        StringBuilder sb = new StringBuilder();
        java.util.SplittableRandom random = new java.util.SplittableRandom(seed);
        for (int d = 0; d < documents; d++) {
            for (int p = 0; p < 3; p++) {
                for (int s = 0; s < 4; s++) {
                    StringBuilder sentence = new StringBuilder();
                    for (int w = 0; w < 6 + random.nextInt(6); w++) sentence.append(w == 0 ? "" : " ").append(WORDS[random.nextInt(WORDS.length)]);
                    sb.append(Character.toUpperCase(sentence.charAt(0))).append(sentence.substring(1)).append(". ");
                }
                sb.append('\n');
            }
            sb.append('\n');
        }
        Path file = tmp.resolve(name);
        Files.writeString(file, sb.toString());
        return file;
    }

    @Test
    void pretrainsEvaluatesAndPredicts() throws Exception {
        Path train = corpus("train.txt", 40, 1), heldout = corpus("heldout.txt", 6, 2), model = tmp.resolve("model");
        int exit = run("pretrain", "--preset", "tiny", "--corpus", train.toString(), "--heldout", heldout.toString(), "--vocab-size", "80",
                "--steps", "4", "--batch", "4", "--seq-length", "32", "--eval-examples", "8", "--checkpoint-every", "2",
                "--validation-fraction", "0.1", "--log-every", "1", "--threads", "1", "--no-progress", "--out", model.toString());
        assertEquals(0, exit, err.toString());
        for (String f : new String[] {Checkpoint.FILE, Checkpoint.WEIGHTS, "config.json", "vocab.txt", "tokenizer.json",
                "metrics.jsonl", "metrics.json", "training-curve.html"}) {
            assertTrue(Files.isRegularFile(model.resolve(f)), f);
        }
        assertTrue(out.toString().contains("heldout"), out.toString());
        assertEquals(4, MetricsLog.read(model.resolve("metrics.jsonl")).stream().filter(r -> r.get("kind").asText().equals("train")).count());
        assertTrue(Files.readString(model.resolve("training-curve.html")).contains("<svg"));
        assertEquals(4, Checkpoint.load(model.resolve(Checkpoint.FILE)).state().step());
        Files.delete(model.resolve("training-curve.html"));
        assertEquals(0, run("pretrain", "--plot", "--out", model.toString()), err.toString());
        assertTrue(Files.readString(model.resolve("training-curve.html")).contains("heldout mlm_accuracy"));

        assertEquals(0, run("pretrain", "--resume", "--out", model.toString(), "--no-progress"), err.toString());
        assertTrue(out.toString().contains("resuming"), out.toString());

        assertEquals(0, run("eval", "--model", model.toString(), "--corpus", heldout.toString(), "--seq-length", "32", "--json"), err.toString());
        assertTrue(out.toString().contains("\"mlm_accuracy\""), out.toString());

        InputStream stdin = System.in;
        try {
            System.setIn(new ByteArrayInputStream("the cat sat on the [MASK] .\nthe dog ran .\tthe bird saw a tree .\n".getBytes(StandardCharsets.UTF_8)));
            assertEquals(0, run("predict", "--model", model.toString(), "--top-k", "3"), err.toString());
        } finally {
            System.setIn(stdin);
        }
        assertTrue(out.toString().contains("[MASK] 1:"), out.toString());
        assertTrue(out.toString().contains("next sentence:"), out.toString());
    }

    @Test
    void userMistakesAreReportedWithoutAStackTrace() throws Exception {
        assertEquals(2, run("pretrain", "--preset", "huge", "--out", tmp.resolve("x").toString()));
        assertTrue(err.toString().contains("unknown preset 'huge'"), err.toString());
        assertEquals(2, run("pretrain", "--resume", "--out", tmp.resolve("empty").toString()));
        assertTrue(err.toString().contains("no checkpoint.safetensors"), err.toString());
        assertEquals(2, run("pretrain", "--corpus", tmp.resolve("nowhere").toString(), "--out", tmp.resolve("y").toString()));
        assertTrue(err.toString().contains("no such file or folder"), err.toString());
        assertEquals(2, run("predict", "--model", tmp.resolve("nothing").toString()));
        assertFalse(err.toString().contains("\tat "), err.toString());
    }
}
