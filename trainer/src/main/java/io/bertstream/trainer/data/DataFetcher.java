package io.bertstream.trainer.data;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Prepares corpora into a data folder and keeps SOURCES.json up to date. A source whose recorded
 * version matches and whose output files all still have their recorded SHA-256 is skipped unless
 * forced; any other is prepared again. SOURCES.json is rewritten after each source, so an
 * interrupted run keeps what it finished and redoes only the rest.
 */
public final class DataFetcher {

    /** What happened to one source: its provenance and whether it was already in place. */
    public record Outcome(SourceRecord record, boolean skipped) {}

    private final Path dataDir;
    private final Archives archives;
    private final PrintStream log;

    public DataFetcher(Path dataDir, Archives archives, PrintStream log) {
        this.dataDir = dataDir;
        this.archives = archives;
        this.log = log;
    }

    public List<Outcome> fetch(List<CorpusSource> sources, boolean force) throws IOException {
        Files.createDirectories(dataDir);
        int leftovers = AtomicFile.deleteLeftovers(dataDir);
        if (leftovers > 0) {
            log.println("removed " + leftovers + " partial file(s) left by an interrupted fetch");
        }
        Provenance provenance = Provenance.read(dataDir);
        List<Outcome> outcomes = new ArrayList<>();
        for (CorpusSource source : sources) {
            Optional<SourceRecord> existing = provenance.get(source.id());
            if (!force && existing.isPresent() && upToDate(source, existing.get())) {
                log.println(source.id() + ": up to date (" + existing.get().outputs().size()
                        + " files, checksums verified)");
                outcomes.add(new Outcome(existing.get(), true));
                continue;
            }
            SourceRecord record = source.prepare(archives, dataDir);
            provenance.put(record);
            provenance.write(dataDir);
            outcomes.add(new Outcome(record, false));
        }
        return outcomes;
    }

    private boolean upToDate(CorpusSource source, SourceRecord record) throws IOException {
        if (!source.packageName().equals(record.packageName()) || !source.version().equals(record.version())) {
            log.println(source.id() + ": recorded " + record.packageName() + "@" + record.version()
                    + " is not the pinned " + source.packageName() + "@" + source.version() + "; preparing again");
            return false;
        }
        Optional<String> problem = Provenance.verify(record, dataDir);
        problem.ifPresent(p -> log.println(source.id() + ": " + p + "; preparing again"));
        return problem.isEmpty();
    }
}
