package io.bertstream.wordpiece;

import java.util.Arrays;

/**
 * The tokens of one input sequence before post-processing: ids, word indexes and offsets (first
 * in the normalized text, then mapped to the original). Reused between encodings by one thread.
 */
final class TokenBuffer {

    int[] ids = new int[128];
    int[] words = new int[128];
    int[] starts = new int[128];
    int[] ends = new int[128];
    int size;

    void clear() {
        size = 0;
    }

    void add(int id, int word, int start, int end) {
        if (size == ids.length) {
            int n = size * 2;
            ids = Arrays.copyOf(ids, n);
            words = Arrays.copyOf(words, n);
            starts = Arrays.copyOf(starts, n);
            ends = Arrays.copyOf(ends, n);
        }
        ids[size] = id;
        words[size] = word;
        starts[size] = start;
        ends[size] = end;
        size++;
    }

    /** Drops tokens from index {@code size} on (used to undo a word that turned out unknown). */
    void truncateTo(int newSize) {
        size = newSize;
    }
}
