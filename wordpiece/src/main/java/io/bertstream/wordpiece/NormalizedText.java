package io.bertstream.wordpiece;

import java.util.Arrays;

/**
 * A reusable buffer of normalized UTF-16 text where every char remembers the range of the original
 * text it came from, so token offsets can point into the original. Not thread-safe: one per
 * encoding thread.
 */
final class NormalizedText {

    char[] chars = new char[256];
    /** Start (inclusive) of the original range each normalized char came from, in UTF-16 units. */
    int[] originalStart = new int[256];
    /** End (exclusive) of the original range each normalized char came from. */
    int[] originalEnd = new int[256];
    int length;

    void clear() {
        length = 0;
    }

    void append(char c, int origStart, int origEnd) {
        if (length == chars.length) {
            grow();
        }
        chars[length] = c;
        originalStart[length] = origStart;
        originalEnd[length] = origEnd;
        length++;
    }

    void appendCodePoint(int cp, int origStart, int origEnd) {
        if (cp < Character.MIN_SUPPLEMENTARY_CODE_POINT) {
            append((char) cp, origStart, origEnd);
        } else {
            append(Character.highSurrogate(cp), origStart, origEnd);
            append(Character.lowSurrogate(cp), origStart, origEnd);
        }
    }

    private void grow() {
        int n = chars.length * 2;
        chars = Arrays.copyOf(chars, n);
        originalStart = Arrays.copyOf(originalStart, n);
        originalEnd = Arrays.copyOf(originalEnd, n);
    }

    @Override
    public String toString() {
        return new String(chars, 0, length);
    }
}
