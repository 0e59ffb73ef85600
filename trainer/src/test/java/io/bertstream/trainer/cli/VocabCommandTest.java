package io.bertstream.trainer.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.bertstream.wordpiece.BertTokenizer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code vocab}: the files it writes, and how it reports user mistakes. */
class VocabCommandTest {

    @TempDir
    Path tmp;

    private final CliRun cli = new CliRun();

    @Test
    void writesALoadableBundleWithSpecialTokensFirstAndTheRequestedSize() throws Exception {
        Path corpus = tmp.resolve("corpus");
        Files.createDirectories(corpus.resolve("sub"));
        Files.writeString(corpus.resolve("a.txt"), "The quick brown fox jumps over the lazy dog.\n".repeat(50));
        Files.writeString(corpus.resolve("sub/b.txt"), "Jumping foxes and lazy dogs: quickly, quicker, quickest!\n".repeat(50));
        Path outDir = tmp.resolve("vocab");

        int exit = cli.exec("vocab", "--corpus", corpus.toString(), "--out", outDir.toString(), "--size", "90", "--no-progress");

        assertEquals(0, exit, cli.err());
        List<String> vocab = Files.readAllLines(outDir.resolve("vocab.txt"));
        assertEquals(List.of("[PAD]", "[UNK]", "[CLS]", "[SEP]", "[MASK]"), vocab.subList(0, 5));
        assertEquals(90, vocab.size());
        assertTrue(Files.exists(outDir.resolve("tokenizer.json")));
        assertTrue(Files.exists(outDir.resolve("tokenizer_config.json")));
        BertTokenizer tokenizer = BertTokenizer.load(outDir);
        assertEquals("[CLS] the quick fox [SEP]", String.join(" ", tokenizer.encode("The QUICK fox").tokens()));
        assertTrue(cli.out().contains("90 tokens"), cli.out());
    }

    @Test
    void aMissingCorpusIsAUserError() {
        int exit = cli.exec("vocab", "--corpus", tmp.resolve("nowhere").toString(), "--out", tmp.resolve("v").toString());
        assertEquals(2, exit);
        assertTrue(cli.err().contains("no such file or folder"), cli.err());
        assertFalse(cli.err().contains("\tat "), cli.err());
    }

    @Test
    void aSizeBelowTheSpecialTokensIsAUserError() throws Exception {
        Files.writeString(tmp.resolve("c.txt"), "text\n");
        assertEquals(2, cli.exec("vocab", "--corpus", tmp.resolve("c.txt").toString(), "--size", "3"));
        assertTrue(cli.err().contains("--size must be at least 5"), cli.err());
    }
}
