package io.bertstream.wordpiece;

import java.util.AbstractList;
import java.util.Arrays;
import java.util.List;

/**
 * The result of encoding one text or text pair: parallel arrays, one entry per token, special and
 * padding tokens included. Offsets are UTF-16 indexes into the original Java string of the
 * token's sequence ({@code String.substring(start, end)}); special and padding tokens have (0, 0).
 * {@link #codePointOffsets} gives them in code points, as Hugging Face's Python and Node bindings
 * report them.
 *
 * <p>The array getters return the encoding's own arrays, to keep serving allocation-free: treat
 * them as read-only.
 */
public final class Encoding {

    private final int[] ids;
    private final int[] typeIds;
    private final int[] attentionMask;
    private final int[] specialTokensMask;
    private final int[] wordIds;
    private final int[] sequenceIds;
    private final int[] offsetStarts;
    private final int[] offsetEnds;
    private final boolean truncated;
    private final TokenNames names;

    /** Id to token string, for {@link #tokens()}. */
    interface TokenNames {
        String token(int id);
    }

    Encoding(int[] ids, int[] typeIds, int[] attentionMask, int[] specialTokensMask, int[] wordIds, int[] sequenceIds,
            int[] offsetStarts, int[] offsetEnds, boolean truncated, TokenNames names) {
        this.ids = ids;
        this.typeIds = typeIds;
        this.attentionMask = attentionMask;
        this.specialTokensMask = specialTokensMask;
        this.wordIds = wordIds;
        this.sequenceIds = sequenceIds;
        this.offsetStarts = offsetStarts;
        this.offsetEnds = offsetEnds;
        this.truncated = truncated;
        this.names = names;
    }

    /** Number of tokens, padding included. */
    public int length() {
        return ids.length;
    }

    public int[] ids() {
        return ids;
    }

    /** Segment ids: 0 for the first sequence and its special tokens, 1 for the second (by the template). */
    public int[] typeIds() {
        return typeIds;
    }

    /** 1 for real tokens, 0 for padding. */
    public int[] attentionMask() {
        return attentionMask;
    }

    /** 1 for tokens added by the post-processor or padding, 0 for tokens of the text. */
    public int[] specialTokensMask() {
        return specialTokensMask;
    }

    /** Index of the pre-tokenized word each token comes from, counted per sequence; -1 for special and padding tokens. */
    public int[] wordIds() {
        return wordIds;
    }

    /** 0 or 1: which input sequence each token comes from; -1 for special and padding tokens. */
    public int[] sequenceIds() {
        return sequenceIds;
    }

    /** UTF-16 start (inclusive) of each token in its original text. */
    public int[] offsetStarts() {
        return offsetStarts;
    }

    /** UTF-16 end (exclusive) of each token in its original text. */
    public int[] offsetEnds() {
        return offsetEnds;
    }

    /** Whether truncation left out tokens of the text. */
    public boolean truncated() {
        return truncated;
    }

    /** The token strings (a view; looked up on access). */
    public List<String> tokens() {
        return new AbstractList<>() {
            @Override
            public String get(int index) {
                return names.token(ids[index]);
            }

            @Override
            public int size() {
                return ids.length;
            }
        };
    }

    /**
     * Offsets in code points instead of UTF-16 units, as {@code {start, end}} per token.
     *
     * @param first the first input text
     * @param second the second input text of a pair, or null
     */
    public int[][] codePointOffsets(String first, String second) {
        int[][] out = new int[ids.length][];
        // Per sequence, the last UTF-16 position converted and its code point count: tokens come in
        // text order, so the conversion is linear in the text, not quadratic.
        int[] utf16 = new int[2];
        int[] codePoints = new int[2];
        for (int i = 0; i < ids.length; i++) {
            int seq = sequenceIds[i] == 1 ? 1 : 0;
            String text = seq == 1 ? second : first;
            if (text == null || offsetEnds[i] == 0) {
                out[i] = new int[] {offsetStarts[i], offsetEnds[i]};
                continue;
            }
            if (offsetStarts[i] < utf16[seq]) {
                utf16[seq] = 0;
                codePoints[seq] = 0;
            }
            int start = codePoints[seq] + text.codePointCount(utf16[seq], offsetStarts[i]);
            int end = start + text.codePointCount(offsetStarts[i], offsetEnds[i]);
            utf16[seq] = offsetStarts[i];
            codePoints[seq] = start;
            out[i] = new int[] {start, end};
        }
        return out;
    }

    @Override
    public String toString() {
        return "Encoding" + tokens() + " ids=" + Arrays.toString(ids);
    }
}
