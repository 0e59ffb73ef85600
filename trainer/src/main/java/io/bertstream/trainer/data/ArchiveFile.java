package io.bertstream.trainer.data;

import java.io.IOException;
import java.nio.file.Path;

/** A fetched archive and its digests, as SOURCES.json records them. */
public record ArchiveFile(Path path, String integrity, String sha256) {

    static ArchiveFile of(Path path) throws IOException {
        return new ArchiveFile(path, Checksums.sha512Integrity(path), Checksums.sha256(path));
    }
}
