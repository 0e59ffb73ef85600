package io.bertstream.trainer.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.bertstream.wordpiece.BertTokenizer;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/** {@code vocab}: the files it writes, and how it reports user mistakes. */
class VocabCommandTest {

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

    @Test
    void writesALoadableBundleWithSpecialTokensFirstAndTheRequestedSize() throws Exception {
        Path corpus = tmp.resolve("corpus");
        Files.createDirectories(corpus.resolve("sub"));
        Files.writeString(corpus.resolve("a.txt"), "The quick brown fox jumps over the lazy dog.\n".repeat(50));
        Files.writeString(corpus.resolve("sub/b.txt"), "Jumping foxes and lazy dogs: quickly, quicker, quickest!\n".repeat(50));
        Path outDir = tmp.resolve("vocab");

        int exit = run("vocab", "--corpus", corpus.toString(), "--out", outDir.toString(), "--size", "90", "--no-progress");

        assertEquals(0, exit, err.toString());
        List<String> vocab = Files.readAllLines(outDir.resolve("vocab.txt"));
        assertEquals(List.of("[PAD]", "[UNK]", "[CLS]", "[SEP]", "[MASK]"), vocab.subList(0, 5));
        assertEquals(90, vocab.size());
        assertTrue(Files.exists(outDir.resolve("tokenizer.json")));
        assertTrue(Files.exists(outDir.resolve("tokenizer_config.json")));
        BertTokenizer tokenizer = BertTokenizer.load(outDir);
        assertEquals("[CLS] the quick fox [SEP]", String.join(" ", tokenizer.encode("The QUICK fox").tokens()));
        assertTrue(out.toString().contains("90 tokens"), out.toString());
    }

    @Test
    void aMissingCorpusIsAUserError() {
        int exit = run("vocab", "--corpus", tmp.resolve("nowhere").toString(), "--out", tmp.resolve("v").toString());
        assertEquals(2, exit);
        assertTrue(err.toString().contains("no such file or folder"), err.toString());
        assertFalse(err.toString().contains("\tat "), err.toString());
    }

    @Test
    void aSizeBelowTheSpecialTokensIsAUserError() throws Exception {
        Files.writeString(tmp.resolve("c.txt"), "text\n");
        assertEquals(2, run("vocab", "--corpus", tmp.resolve("c.txt").toString(), "--size", "3"));
        assertTrue(err.toString().contains("--size must be at least 5"), err.toString());
    }
}
