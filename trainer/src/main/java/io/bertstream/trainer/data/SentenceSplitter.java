package io.bertstream.trainer.data;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Splits English prose into sentences with a rule that is right for edited text such as
 * speeches: a sentence ends at {@code . ! ?} (plus closing quotes or brackets) followed by
 * whitespace and an upper-case letter, a digit or an opening quote — unless the word before the
 * period is a title or abbreviation ("Mr.", "Gen.", "U.S.") or a single initial ("John F.
 * Kennedy"). Rare misses only make a line longer or shorter; no text is lost.
 */
public final class SentenceSplitter {
    private static final Pattern BOUNDARY =
            Pattern.compile("[.!?][\"'”’)\\]]*(\\s+)(?=[\"'“‘(\\[]?[\\p{Lu}\\d])");
    private static final Pattern LAST_WORD = Pattern.compile("([\\p{L}.]+)[.!?][\"'”’)\\]]*$");
    private static final Set<String> ABBREVIATIONS = Set.of(
            "mr", "mrs", "ms", "messrs", "dr", "st", "jr", "sr", "gen", "col", "lt", "capt", "maj", "adm",
            "sgt", "gov", "sen", "rep", "hon", "rev", "prof", "pres", "no", "nos", "vol", "art", "sec",
            "ft", "jan", "feb", "mar", "apr", "jun", "jul", "aug", "sep", "sept", "oct", "nov", "dec",
            "vs", "viz", "etc", "e.g", "i.e", "u.s", "u.s.a", "u.k", "u.n", "d.c", "a.m", "p.m", "inc", "co");

    private SentenceSplitter() {}

    public static List<String> split(String text) {
        List<String> sentences = new ArrayList<>();
        Matcher m = BOUNDARY.matcher(text);
        int start = 0;
        while (m.find()) {
            if (!endsWithAbbreviation(text.substring(start, m.start(1)))) {
                addIfNotBlank(sentences, text.substring(start, m.start(1)));
                start = m.end(1);
            }
        }
        addIfNotBlank(sentences, text.substring(start));
        return sentences;
    }

    private static boolean endsWithAbbreviation(String sentence) {
        if (!sentence.endsWith(".")) {
            return false; // "!" and "?" always end a sentence
        }
        Matcher m = LAST_WORD.matcher(sentence);
        if (!m.find()) {
            return false;
        }
        String word = m.group(1);
        boolean initial = word.length() == 1 && Character.isUpperCase(word.charAt(0));
        return initial || ABBREVIATIONS.contains(word.toLowerCase(Locale.ROOT));
    }

    private static void addIfNotBlank(List<String> sentences, String sentence) {
        String s = sentence.strip();
        if (!s.isEmpty()) sentences.add(s);
    }
}
