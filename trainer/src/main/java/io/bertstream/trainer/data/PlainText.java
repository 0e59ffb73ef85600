package io.bertstream.trainer.data;

import java.util.regex.Pattern;

/** Whitespace handling and word counting shared by the corpus writers and cleaners. */
final class PlainText {
    // Unicode-aware so no-break and other exotic spaces collapse too.
    private static final Pattern WHITESPACE = Pattern.compile("\\s+", Pattern.UNICODE_CHARACTER_CLASS);

    private PlainText() {}

    /** Trims and turns every run of whitespace (tabs, newlines, no-break spaces) into one space. */
    static String collapse(String text) {
        return WHITESPACE.matcher(text).replaceAll(" ").strip();
    }

    /** Whitespace-separated tokens, the word figure reported in SOURCES.json. */
    static long wordCount(String text) {
        long words = 0;
        boolean inWord = false;
        for (int i = 0; i < text.length(); i++) {
            boolean space = Character.isWhitespace(text.charAt(i));
            if (!space && !inWord) words++;
            inWord = !space;
        }
        return words;
    }
}
