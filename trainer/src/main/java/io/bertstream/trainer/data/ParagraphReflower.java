package io.bertstream.trainer.data;

import java.util.ArrayList;
import java.util.List;

/**
 * Undoes hard wrapping: consecutive non-blank lines form one paragraph, joined with single spaces;
 * blank lines end paragraphs. Verse and dialogue blocks become one line per stanza or speech,
 * which is what "one paragraph per line" means for them.
 */
public final class ParagraphReflower {
    private ParagraphReflower() {}

    public static List<String> reflow(List<String> lines) {
        List<String> paragraphs = new ArrayList<>();
        StringBuilder current = new StringBuilder();
        for (String line : lines) {
            String text = PlainText.collapse(line);
            if (text.isEmpty()) {
                flush(current, paragraphs);
            } else {
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
