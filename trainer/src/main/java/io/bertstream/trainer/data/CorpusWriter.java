package io.bertstream.trainer.data;

import java.io.IOException;
import java.io.OutputStreamWriter;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;

/**
 * Writes a corpus file in BERT's pre-training text format: one paragraph (or sentence) per line,
 * no blank line inside a document, one blank line between documents. So "blank line = document
 * boundary" holds for every file written here. UTF-8, LF line ends; written atomically.
 */
public final class CorpusWriter implements AutoCloseable {
    private final String relativePath;
    private final AtomicFile file;
    private final Writer writer;
    private long documents;
    private long lines;
    private long words;

    private CorpusWriter(Path dataDir, String relativePath) throws IOException {
        this.relativePath = relativePath;
        this.file = AtomicFile.create(dataDir.resolve(relativePath));
        this.writer = new OutputStreamWriter(file.stream(), StandardCharsets.UTF_8);
    }

    /** A writer for {@code dataDir/relativePath}; nothing appears there until {@link #commit()}. */
    public static CorpusWriter create(Path dataDir, String relativePath) throws IOException {
        return new CorpusWriter(dataDir, relativePath);
    }

    /**
     * Adds one document. Whitespace inside each line is collapsed and blank lines are left out;
     * returns false (and writes nothing) when no text remains.
     */
    public boolean document(List<String> documentLines) throws IOException {
        List<String> kept = documentLines.stream().map(PlainText::collapse).filter(l -> !l.isEmpty()).toList();
        if (kept.isEmpty()) {
            return false;
        }
        if (documents > 0) {
            writer.write('\n');
        }
        for (String line : kept) {
            writer.write(line);
            writer.write('\n');
            words += PlainText.wordCount(line);
        }
        documents++;
        lines += kept.size();
        return true;
    }

    /** Renames the file into place and returns what it holds. */
    public OutputFile commit() throws IOException {
        writer.flush();
        String sha256 = file.commit();
        return new OutputFile(relativePath, documents, lines, file.bytes(), words, sha256);
    }

    @Override
    public void close() throws IOException {
        file.close();
    }
}
