package io.bertstream.trainer.data;

import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * The provenance of one prepared source in SOURCES.json: where it came from (registry, package,
 * exact version, archive digests, license), when, what was kept and dropped, the counts, and each
 * output file with its SHA-256.
 */
public record SourceRecord(
        String id,
        String description,
        String registry,
        String packageName,
        String version,
        String archive,
        String archiveIntegrity,
        String archiveSha256,
        String license,
        String fetchedAt,
        List<String> kept,
        List<String> dropped,
        Map<String, Long> counts,
        List<OutputFile> outputs) {

    public SourceRecord {
        counts = new TreeMap<>(counts); // a stable key order in the file
        kept = List.copyOf(kept);
        dropped = List.copyOf(dropped);
        outputs = List.copyOf(outputs);
    }

    /** The current time, to the second, for {@code fetchedAt}. */
    static String now() {
        return Instant.now().truncatedTo(ChronoUnit.SECONDS).toString();
    }

    /** The sum over all output files: documents, lines, bytes, words. */
    public OutputFile totals() {
        long documents = 0, lines = 0, bytes = 0, words = 0;
        for (OutputFile f : outputs) {
            documents += f.documents();
            lines += f.lines();
            bytes += f.bytes();
            words += f.words();
        }
        return new OutputFile(id, documents, lines, bytes, words, null);
    }
}
