package io.bertstream.trainer.data;

/**
 * One written file, as recorded in SOURCES.json: its path relative to the data folder, what it
 * holds, and its SHA-256. Words are whitespace-separated tokens of the text.
 */
public record OutputFile(String path, long documents, long lines, long bytes, long words, String sha256) {

    /** The same figures under another name (a summary row). */
    public OutputFile withPath(String newPath) {
        return new OutputFile(newPath, documents, lines, bytes, words, sha256);
    }
}
