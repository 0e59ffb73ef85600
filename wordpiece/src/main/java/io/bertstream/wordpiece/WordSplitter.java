package io.bertstream.wordpiece;

import java.util.function.Consumer;

/**
 * Normalizes text and cuts it into pre-tokenized words, as the encoder does before WordPiece: what
 * the vocabulary trainer counts. Not thread-safe (one buffer); one per thread.
 */
public final class WordSplitter {

    private final BertNormalizer normalizer;
    private final NormalizedText buffer = new NormalizedText();

    public WordSplitter(BertNormalizer normalizer) {
        this.normalizer = normalizer;
    }

    /** Calls {@code words} with every word of {@code text}, in order. */
    public void split(String text, Consumer<String> words) {
        buffer.clear();
        normalizer.normalize(text, 0, text.length(), buffer);
        BertPreTokenizer.split(buffer, (start, end) -> {
            words.accept(new String(buffer.chars, start, end - start));
            return true;
        });
        if (buffer.chars.length > BertTokenizer.RETAINED_SCRATCH_CHARS) {
            buffer.chars = new char[256];
            buffer.originalStart = new int[256];
            buffer.originalEnd = new int[256];
        }
    }
}
