package io.bertstream.trainer.data;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class CorpusWriterTest {

    @TempDir
    Path dir;

    @Test
    void writesBlankLinesOnlyBetweenDocumentsAndCountsWhatItWrote() throws IOException {
        OutputFile written;
        try (CorpusWriter w = CorpusWriter.create(dir, "sub/corpus.txt")) {
            assertTrue(w.document(List.of("  first   line ", "", "second\tline")));
            assertFalse(w.document(List.of(" ", "")), "an empty document is left out");
            assertTrue(w.document(List.of("Ünïcode\u00a0words here")));
            assertFalse(Files.exists(dir.resolve("sub/corpus.txt")), "nothing under the real name before commit");
            written = w.commit();
        }
        Path file = dir.resolve("sub/corpus.txt");
        assertEquals("first line\nsecond line\n\nÜnïcode words here\n", Files.readString(file));
        assertEquals(new OutputFile("sub/corpus.txt", 2, 3, Files.size(file), 7, Checksums.sha256(file)), written);
    }

    @Test
    void anAbandonedWriterLeavesNoFileBehind() throws IOException {
        try (CorpusWriter w = CorpusWriter.create(dir, "corpus.txt")) {
            w.document(List.of("half a corpus"));
        }
        try (Stream<Path> files = Files.list(dir)) {
            assertEquals(List.of(), files.toList());
        }
    }
}
