package io.bertstream.trainer.data;

import java.util.Arrays;
import java.util.List;
import java.util.regex.Pattern;

/**
 * IMDB review cleaning: the reviews use HTML line breaks, usually doubled as paragraph breaks
 * ({@code <br /><br />}). Each run of breaks ends a paragraph; whitespace inside a paragraph is
 * collapsed. Other markup is too rare (a dozen {@code <i>} in 50,000 reviews) to touch.
 */
public final class ReviewText {
    private static final Pattern BREAKS = Pattern.compile("(?i)(\\s*<br\\s*/?>\\s*)+");

    private ReviewText() {}

    /** The review's paragraphs, none blank. */
    public static List<String> paragraphs(String html) {
        return Arrays.stream(BREAKS.split(html)).map(PlainText::collapse).filter(p -> !p.isEmpty()).toList();
    }
}
