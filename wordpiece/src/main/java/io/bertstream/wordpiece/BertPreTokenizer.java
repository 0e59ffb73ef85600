package io.bertstream.wordpiece;

/**
 * BERT's pre-tokenizer, as Hugging Face's {@code BertPreTokenizer}: words end at whitespace (which
 * is dropped), and every punctuation character (ASCII symbols included) is a word of its own.
 */
final class BertPreTokenizer {

    /** Receives the words of a text, in order, as ranges of the normalized buffer. */
    interface WordSink {
        /** Returns false to stop: no more words are wanted. */
        boolean word(int start, int end);
    }

    private BertPreTokenizer() {}

    static void split(NormalizedText text, WordSink sink) {
        char[] chars = text.chars;
        int n = text.length;
        int wordStart = -1;
        for (int i = 0; i < n; ) {
            int cp = chars[i];
            int width = 1;
            if (Character.isHighSurrogate(chars[i]) && i + 1 < n && Character.isLowSurrogate(chars[i + 1])) {
                cp = Character.toCodePoint(chars[i], chars[i + 1]);
                width = 2;
            }
            int flags = CharClasses.of(cp);
            if ((flags & (CharClasses.WHITESPACE | CharClasses.PUNCTUATION)) != 0) {
                if (wordStart >= 0) {
                    if (!sink.word(wordStart, i)) {
                        return;
                    }
                    wordStart = -1;
                }
                if ((flags & CharClasses.WHITESPACE) == 0 && !sink.word(i, i + width)) {
                    return;
                }
            } else if (wordStart < 0) {
                wordStart = i;
            }
            i += width;
        }
        if (wordStart >= 0) {
            sink.word(wordStart, n);
        }
    }
}
