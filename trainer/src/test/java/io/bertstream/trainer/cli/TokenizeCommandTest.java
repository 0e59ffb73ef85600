package io.bertstream.trainer.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.ByteArrayInputStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/**
 * {@code tokenize}: lines in, JSON lines out, on a hand-written vocabulary whose expected tokens
 * and ids can be worked out by hand.
 */
class TokenizeCommandTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final List<String> VOCAB = List.of(
            "[PAD]", "[UNK]", "[CLS]", "[SEP]", "[MASK]", "hello", "world", "un", "##aff", "##able", "!", "é");

    @TempDir
    Path tmp;

    private final StringWriter err = new StringWriter();
    private final StringWriter out = new StringWriter();

    @BeforeEach
    void writeVocabulary() throws Exception {
        Files.write(tmp.resolve("vocab.txt"), VOCAB);
    }

    private int run(String stdin, String... args) {
        TokenizeCommand command = new TokenizeCommand();
        command.in = new ByteArrayInputStream(stdin.getBytes(StandardCharsets.UTF_8));
        CommandLine sub = new CommandLine(command);
        sub.setExecutionExceptionHandler(new UserErrorHandler());
        sub.setErr(new PrintWriter(err, true));
        sub.setOut(new PrintWriter(out, true));
        return sub.execute(args);
    }

    private List<JsonNode> lines() throws Exception {
        List<JsonNode> nodes = new ArrayList<>();
        for (String l : out.toString().split("\n")) {
            nodes.add(JSON.readTree(l));
        }
        return nodes;
    }

    @Test
    void singleAndPairLinesGiveIdsTokensTypeIdsAndCodePointOffsets() throws Exception {
        assertEquals(0, run("Hello unaffable!\n😀 hello\tWorld\n", "--bundle", tmp.toString()));
        List<JsonNode> lines = lines();
        assertEquals(2, lines.size());
        JsonNode single = lines.get(0);
        assertEquals("[2,5,7,8,9,10,3]", single.get("ids").toString());
        assertEquals("[\"[CLS]\",\"hello\",\"un\",\"##aff\",\"##able\",\"!\",\"[SEP]\"]", single.get("tokens").toString());
        assertEquals("[[0,0],[0,5],[6,8],[8,11],[11,15],[15,16],[0,0]]", single.get("offsets").toString());
        JsonNode pair = lines.get(1);
        assertEquals("[2,1,5,3,6,3]", pair.get("ids").toString());
        assertEquals("[0,0,0,0,1,1]", pair.get("type_ids").toString());
        // The emoji is one code point (two UTF-16 units): "hello" starts at code point 2.
        assertEquals("[[0,0],[0,1],[2,7],[0,0],[0,5],[0,0]]", pair.get("offsets").toString());
    }

    @Test
    void truncationAndPaddingOptions() throws Exception {
        assertEquals(0, run("hello world hello world\n", "--bundle", tmp.resolve("vocab.txt").toString(),
                "--max-length", "4", "--pad-to", "6"));
        JsonNode line = lines().get(0);
        assertEquals("[2,5,6,3,0,0]", line.get("ids").toString());
        assertEquals("[1,1,1,1,0,0]", line.get("attention_mask").toString());
        assertTrue(line.get("truncated").asBoolean());
    }

    @Test
    void aLineThatCannotBeEncodedGivesAnErrorObjectAndTheNextLinesGoOn() throws Exception {
        assertEquals(0, run("a\tb\nhello\n", "--bundle", tmp.toString(), "--max-length", "2"));
        List<JsonNode> lines = lines();
        assertTrue(lines.get(0).has("error"), lines.get(0).toString());
        assertEquals("[2,3]", lines.get(1).get("ids").toString());
    }

    @Test
    void isASubcommandOfTheLauncher() {
        StringWriter help = new StringWriter();
        CommandLine main = Main.commandLine();
        main.setOut(new PrintWriter(help, true));
        assertEquals(0, main.execute("tokenize", "--help"));
        assertTrue(help.toString().contains("--max-length"), help.toString());
    }

    @Test
    void aMissingBundleIsAUserError() {
        assertEquals(2, run("", "--bundle", tmp.resolve("missing").toString()));
        assertTrue(err.toString().contains("no such file or folder"), err.toString());
        assertFalse(err.toString().contains("\tat "), err.toString());
    }
}
