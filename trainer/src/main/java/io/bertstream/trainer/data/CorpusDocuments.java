package io.bertstream.trainer.data;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

/**
 * Reads the pre-training text format (one paragraph or sentence per line, a blank line between
 * documents) into documents, each a list of sentences ({@link SentenceSplitter} splits the lines).
 */
public final class CorpusDocuments {
    private CorpusDocuments() {}

    /** The {@code .txt} files under each root (a file or a folder, walked in name order). */
    public static List<Path> textFiles(List<Path> roots) throws IOException {
        List<Path> files = new ArrayList<>();
        for (Path root : roots) {
            if (Files.isDirectory(root)) {
                try (Stream<Path> s = Files.walk(root)) {
                    s.filter(p -> Files.isRegularFile(p) && p.toString().endsWith(".txt")).sorted().forEach(files::add);
                }
            } else if (Files.isRegularFile(root)) {
                files.add(root);
            } else {
                throw new IOException(root + ": no such file or folder");
            }
        }
        return files;
    }

    /** Every non-empty document of every file, in file order. */
    public static List<List<String>> read(List<Path> files) throws IOException {
        List<List<String>> documents = new ArrayList<>();
        for (Path file : files) {
            try (BufferedReader in = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
                List<String> current = new ArrayList<>();
                for (String line; (line = in.readLine()) != null; ) {
                    if (line.isBlank()) {
                        current = flush(documents, current);
                    } else {
                        current.addAll(SentenceSplitter.split(line));
                    }
                }
                flush(documents, current);
            } catch (UncheckedIOException e) {
                throw new IOException(file + ": " + e.getCause().getMessage(), e.getCause());
            }
        }
        return documents;
    }

    private static List<String> flush(List<List<String>> documents, List<String> current) {
        if (current.isEmpty()) return current;
        documents.add(current);
        return new ArrayList<>();
    }
}
