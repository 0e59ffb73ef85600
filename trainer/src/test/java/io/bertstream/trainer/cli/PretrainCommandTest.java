package io.bertstream.trainer.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.bertstream.trainer.train.Checkpoint;
import io.bertstream.trainer.train.MetricsLog;
import java.io.ByteArrayInputStream;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code pretrain}, {@code eval} and {@code predict} end to end on a small corpus, and their user errors. */
class PretrainCommandTest {
    private static final String[] WORDS = {"the", "cat", "dog", "sat", "ran", "on", "mat", "park", "a", "big", "small", "red",
        "house", "tree", "saw", "bird", "river", "slowly", "quickly", "near"};

    @TempDir
    Path tmp;

    private final CliRun cli = new CliRun();

    private int run(String... args) {
        return cli.exec(args);
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
        assertEquals(0, exit, cli.err());
        for (String f : new String[] {Checkpoint.FILE, Checkpoint.WEIGHTS, "config.json", "vocab.txt", "tokenizer.json",
                "metrics.jsonl", "metrics.json", "training-curve.html"}) {
            assertTrue(Files.isRegularFile(model.resolve(f)), f);
        }
        assertTrue(cli.out().contains("heldout"), cli.out());
        assertEquals(4, MetricsLog.read(model.resolve("metrics.jsonl")).stream().filter(r -> r.get("kind").asText().equals("train")).count());
        assertTrue(Files.readString(model.resolve("training-curve.html")).contains("<svg"));
        assertEquals(4, Checkpoint.load(model.resolve(Checkpoint.FILE)).state().step());
        Files.delete(model.resolve("training-curve.html"));
        assertEquals(0, run("pretrain", "--plot", "--out", model.toString()), cli.err());
        assertTrue(Files.readString(model.resolve("training-curve.html")).contains("heldout mlm_accuracy"));

        assertEquals(0, run("pretrain", "--resume", "--out", model.toString(), "--no-progress"), cli.err());
        assertTrue(cli.out().contains("resuming"), cli.out());

        assertEquals(0, run("eval", "--model", model.toString(), "--corpus", heldout.toString(), "--seq-length", "32", "--json"), cli.err());
        assertTrue(cli.out().contains("\"mlm_accuracy\""), cli.out());

        InputStream stdin = System.in;
        try {
            System.setIn(new ByteArrayInputStream("the cat sat on the [MASK] .\nthe dog ran .\tthe bird saw a tree .\n".getBytes(StandardCharsets.UTF_8)));
            assertEquals(0, run("predict", "--model", model.toString(), "--top-k", "3"), cli.err());
        } finally {
            System.setIn(stdin);
        }
        assertTrue(cli.out().contains("[MASK] 1:"), cli.out());
        assertTrue(cli.out().contains("next sentence:"), cli.out());
    }

    @Test
    void userMistakesAreReportedWithoutAStackTrace() throws Exception {
        assertEquals(2, run("pretrain", "--preset", "huge", "--out", tmp.resolve("x").toString()));
        assertTrue(cli.err().contains("unknown preset 'huge'"), cli.err());
        assertEquals(2, run("pretrain", "--resume", "--out", tmp.resolve("empty").toString()));
        assertTrue(cli.err().contains("no checkpoint.safetensors"), cli.err());
        assertEquals(2, run("pretrain", "--corpus", tmp.resolve("nowhere").toString(), "--out", tmp.resolve("y").toString()));
        assertTrue(cli.err().contains("no such file or folder"), cli.err());
        assertEquals(2, run("predict", "--model", tmp.resolve("nothing").toString()));
        assertFalse(cli.err().contains("\tat "), cli.err());
    }
}
