package io.bertstream.trainer.data;

import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;

/**
 * Undoes hard wrapping: consecutive non-blank lines form one paragraph, joined with single spaces.
 * A blank line ends a paragraph, and so does an indented line (two or more leading spaces, or a
 * tab), which is how the Gutenberg plays mark speeches ("  Ham. To be...") and the verse books
 * mark verse paragraphs. Stanzas and speeches thus become one line each. Verse with neither cue
 * (long stretches of Paradise Lost) stays one long line.
 */
public final class ParagraphReflower {
    private static final Pattern INDENTED = Pattern.compile("( {2,}|\t)\\S");
    private ParagraphReflower() {}

    public static List<String> reflow(List<String> lines) {
        List<String> paragraphs = new ArrayList<>();
        StringBuilder current = new StringBuilder();
        for (String line : lines) {
            String text = PlainText.collapse(line);
            if (text.isEmpty()) {
                flush(current, paragraphs);
            } else {
                if (INDENTED.matcher(line).lookingAt()) {
                    flush(current, paragraphs);
                }
                if (!current.isEmpty()) current.append(' ');
                current.append(text);
            }
        }
        flush(current, paragraphs);
        return paragraphs;
    }

    private static void flush(StringBuilder current, List<String> paragraphs) {
        if (!current.isEmpty()) {
            paragraphs.add(current.toString());
            current.setLength(0);
        }
    }
}
