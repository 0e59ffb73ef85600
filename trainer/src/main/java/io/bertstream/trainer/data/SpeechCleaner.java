package io.bertstream.trainer.data;

import java.util.List;
import java.util.regex.Pattern;

/**
 * Prepares a State of the Union transcript. The @stdlib files hold each speech as one line with
 * no paragraph breaks, and the modern ones carry audience notes: "(Applause.)", "[Laughter]".
 * Those notes go; control characters (one stray U+0002 in 1890) become spaces; the text is split
 * into sentences, one per line, since a 60,000-character line is no use to a sentence-pair model.
 */
public final class SpeechCleaner {
    private static final Pattern AUDIENCE_NOTE =
            Pattern.compile("(?i)[(\\[]\\s*(applause|laughter)[^)\\]]{0,40}[)\\]]");
    private static final Pattern DOUBLE_DASH = Pattern.compile("—\\s*—");
    private static final Pattern CONTROL = Pattern.compile("\\p{Cc}");

    private SpeechCleaner() {}

    /** The number of audience notes in {@code text}, for the provenance figures. */
    public static int audienceNotes(String text) {
        return (int) AUDIENCE_NOTE.matcher(text).results().count();
    }

    public static List<String> sentences(String text) {
        String cleaned = AUDIENCE_NOTE.matcher(text).replaceAll(" ");
        cleaned = DOUBLE_DASH.matcher(cleaned).replaceAll("—"); // "President—(applause)—no" -> "President—no"
        cleaned = CONTROL.matcher(cleaned).replaceAll(" ");
        return SentenceSplitter.split(PlainText.collapse(cleaned));
    }
}
