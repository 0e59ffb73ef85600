package io.bertstream.wordpiece;

/**
 * BERT's normalizer, as Hugging Face's {@code BertNormalizer}, applied in this order: clean text
 * (drop control, format and private-use characters, NUL and U+FFFD; every whitespace character
 * becomes a space), spaces around CJK ideographs, accent stripping (NFD, then drop non-spacing
 * marks) and lowercasing. Accent stripping defaults to the lowercasing setting.
 *
 * <p>Work is done one code point at a time so that every output char keeps the original range it
 * came from. Lone surrogates are read as U+FFFD (as any UTF-8 encoder would send them to the
 * reference), which clean text then drops.
 *
 * @param stripAccents null means "same as lowercase"
 */
public record BertNormalizer(boolean cleanText, boolean handleChineseChars, Boolean stripAccents, boolean lowercase) {

    /** The uncased BERT setting: clean, CJK spaces, lowercase and strip accents. */
    public static final BertNormalizer UNCASED = new BertNormalizer(true, true, null, true);
    /** The cased BERT setting: clean and CJK spaces only. */
    public static final BertNormalizer CASED = new BertNormalizer(true, true, null, false);

    public boolean stripsAccents() {
        return stripAccents == null ? lowercase : stripAccents;
    }

    /** Normalizes {@code text[from, to)} and appends the result to {@code out}. */
    void normalize(CharSequence text, int from, int to, NormalizedText out) {
        boolean strip = stripsAccents();
        for (int i = from; i < to; ) {
            char c = text.charAt(i);
            if (c < 0x80) {
                i++;
                appendAscii(c, i - 1, out);
                continue;
            }
            int start = i;
            int cp = c;
            if (Character.isHighSurrogate(c) && i + 1 < to && Character.isLowSurrogate(text.charAt(i + 1))) {
                cp = Character.toCodePoint(c, text.charAt(i + 1));
                i += 2;
            } else {
                i++;
                if (Character.isSurrogate(c)) {
                    cp = 0xFFFD;
                }
            }
            int flags = CharClasses.of(cp);
            if (cleanText && (flags & CharClasses.DROPPED) != 0) {
                continue;
            }
            if (cleanText && (flags & CharClasses.WHITESPACE) != 0) {
                out.append(' ', start, i);
            } else if (handleChineseChars && (flags & CharClasses.CJK) != 0) {
                out.append(' ', start, i);
                appendStrippedAndCased(cp, strip, start, i, out);
                out.append(' ', start, i);
            } else {
                appendStrippedAndCased(cp, strip, start, i, out);
            }
        }
    }

    /** Accent stripping (NFD, drop non-spacing marks) then lowercasing, each as configured. */
    private void appendStrippedAndCased(int cp, boolean strip, int start, int end, NormalizedText out) {
        if (!strip) {
            appendCased(cp, start, end, out);
            return;
        }
        if (CharClasses.is(cp, CharClasses.NONSPACING_MARK)) {
            return;
        }
        int[] stripped = CharClasses.stripped(cp);
        if (stripped == null) {
            appendCased(cp, start, end, out);
            return;
        }
        for (int d : stripped) {
            appendCased(d, start, end, out);
        }
    }

    /**
     * Whether normalizing {@code text[from, to)} would leave any character other than whitespace,
     * i.e. at least one word; stops at the first such character.
     */
    boolean leavesText(CharSequence text, int from, int to) {
        boolean strip = stripsAccents();
        for (int i = from; i < to; ) {
            int cp = Character.codePointAt(text, i);
            i += Character.charCount(cp);
            if (cp >= Character.MIN_SURROGATE && cp <= Character.MAX_SURROGATE) {
                cp = 0xFFFD;
            }
            int flags = CharClasses.of(cp);
            boolean dropped = (cleanText && (flags & CharClasses.DROPPED) != 0)
                    || (strip && (flags & CharClasses.NONSPACING_MARK) != 0);
            if (!dropped && (flags & CharClasses.WHITESPACE) == 0) {
                return true;
            }
        }
        return false;
    }

    private void appendAscii(char c, int at, NormalizedText out) {
        if (cleanText) {
            if (c == '\t' || c == '\n' || c == '\r') {
                out.append(' ', at, at + 1);
                return;
            }
            if (c < 0x20 || c == 0x7F) {
                return;
            }
        }
        if (lowercase && c >= 'A' && c <= 'Z') {
            c = (char) (c + ('a' - 'A'));
        }
        out.append(c, at, at + 1);
    }

    private void appendCased(int cp, int start, int end, NormalizedText out) {
        int[] lower = lowercase ? CharClasses.lowercase(cp) : null;
        if (lower == null) {
            out.appendCodePoint(cp, start, end);
            return;
        }
        for (int l : lower) {
            out.appendCodePoint(l, start, end);
        }
    }

    /** Normalizes a whole string; for inspection and tests (encoding uses the buffer form). */
    public String normalize(String text) {
        NormalizedText out = new NormalizedText();
        normalize(text, 0, text.length(), out);
        return out.toString();
    }
}
