package io.bertstream.wordpiece;

/**
 * How to pad encodings, as Hugging Face's {@code PaddingParams}: to a fixed length or to the
 * longest encoding of a batch, optionally rounded up to a multiple. Padding tokens have attention
 * mask 0, special-token mask 1, offsets (0, 0) and no word.
 *
 * @param fixedLength the length to pad to, or 0 for "longest in the batch"
 * @param multipleOf round the target length up to a multiple of this, or 0 for no rounding
 */
public record Padding(int fixedLength, int multipleOf, Direction direction, int padId, int padTypeId, String padToken) {

    public enum Direction {
        RIGHT,
        LEFT
    }

    public Padding {
        if (fixedLength < 0 || multipleOf < 0) {
            throw new IllegalArgumentException("padding: length and multiple must not be negative");
        }
    }

    /** Right padding with {@code [PAD]} (id {@code padId}) to {@code length}. */
    public static Padding fixed(int length, int padId) {
        return new Padding(length, 0, Direction.RIGHT, padId, 0, "[PAD]");
    }

    /** Right padding with {@code [PAD]} to the longest encoding of each batch. */
    public static Padding batchLongest(int padId) {
        return new Padding(0, 0, Direction.RIGHT, padId, 0, "[PAD]");
    }

    /** The length to pad to, for a batch whose longest encoding has {@code longest} tokens. */
    int targetLength(int longest) {
        int target = fixedLength > 0 ? fixedLength : longest;
        if (multipleOf > 0 && target % multipleOf != 0) {
            target += multipleOf - target % multipleOf;
        }
        return target;
    }
}
