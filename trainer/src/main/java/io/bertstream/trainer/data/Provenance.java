package io.bertstream.trainer.data;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/**
 * SOURCES.json: the provenance of everything under the data folder, one {@link SourceRecord}
 * per source, rewritten (atomically) after each source is prepared.
 */
public final class Provenance {
    public static final String FILE_NAME = "SOURCES.json";
    private static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

    /** The file's shape. */
    @JsonIgnoreProperties(ignoreUnknown = true)
    record Document(String about, Map<String, SourceRecord> sources) {}

    private final Map<String, SourceRecord> sources;

    private Provenance(Map<String, SourceRecord> sources) {
        this.sources = new LinkedHashMap<>(sources);
    }

    /** The provenance in {@code dataDir}, or an empty one when there is no SOURCES.json yet. */
    public static Provenance read(Path dataDir) throws IOException {
        Path file = dataDir.resolve(FILE_NAME);
        if (!Files.isRegularFile(file)) {
            return new Provenance(Map.of());
        }
        Document doc;
        try {
            doc = JSON.readValue(file.toFile(), Document.class);
        } catch (JsonProcessingException e) {
            throw new DataSourceException(file + " cannot be read (" + e.getOriginalMessage()
                    + "); delete it and fetch again", e);
        }
        return new Provenance(doc.sources() == null ? Map.of() : doc.sources());
    }

    public Optional<SourceRecord> get(String id) {
        return Optional.ofNullable(sources.get(id));
    }

    public void put(SourceRecord record) {
        sources.put(record.id(), record);
    }

    public void write(Path dataDir) throws IOException {
        try (AtomicFile file = AtomicFile.create(dataDir.resolve(FILE_NAME))) {
            JSON.writeValue(file.stream(), new Document(
                    "Written by 'bertstream data fetch'. Each source: origin, archive digests, what was kept and"
                            + " dropped, counts, and the SHA-256 of every output file (paths relative to this folder).",
                    sources));
            file.commit();
        }
    }

    /**
     * Why {@code record}'s outputs under {@code dataDir} cannot be trusted (a file missing or
     * changed), or empty when every file is there with its recorded SHA-256.
     */
    public static Optional<String> verify(SourceRecord record, Path dataDir) throws IOException {
        for (OutputFile f : record.outputs()) {
            Path path = dataDir.resolve(f.path());
            if (!Files.isRegularFile(path)) {
                return Optional.of(f.path() + " is missing");
            }
            if (!Checksums.sha256(path).equals(f.sha256())) {
                return Optional.of(f.path() + " does not match its recorded SHA-256");
            }
        }
        return Optional.empty();
    }
}
