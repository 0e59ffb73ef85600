package io.bertstream.trainer.data;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Path;

/** Writes {@link LabelledText} records as JSON lines (UTF-8), atomically. */
public final class LabelledJsonlWriter implements AutoCloseable {
    private static final ObjectMapper JSON = new ObjectMapper();

    private final String relativePath;
    private final AtomicFile file;
    private final OutputStream out;
    private long records;
    private long words;

    private LabelledJsonlWriter(Path dataDir, String relativePath) throws IOException {
        this.relativePath = relativePath;
        this.file = AtomicFile.create(dataDir.resolve(relativePath));
        this.out = file.stream();
    }

    public static LabelledJsonlWriter create(Path dataDir, String relativePath) throws IOException {
        return new LabelledJsonlWriter(dataDir, relativePath);
    }

    public void write(LabelledText record) throws IOException {
        out.write(JSON.writeValueAsBytes(record));
        out.write('\n');
        records++;
        words += PlainText.wordCount(record.text());
    }

    /** Renames the file into place and returns what it holds (one document and one line per record). */
    public OutputFile commit() throws IOException {
        String sha256 = file.commit();
        return new OutputFile(relativePath, records, records, file.bytes(), words, sha256);
    }

    @Override
    public void close() throws IOException {
        file.close();
    }
}
