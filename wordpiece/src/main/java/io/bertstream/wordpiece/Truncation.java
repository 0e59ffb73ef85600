package io.bertstream.wordpiece;

/**
 * How to cut inputs longer than {@code maxLength} tokens (special tokens included), as Hugging
 * Face's {@code TruncationParams} with stride 0, plus head+tail for long single texts.
 * Overflowing tokens are dropped, not returned.
 *
 * @param headTokens for {@link Strategy#HEAD_TAIL}: how many tokens a cut single text keeps from
 *     its start (the rest of the room goes to its end); 0 for the other strategies
 */
public record Truncation(int maxLength, Strategy strategy, Direction direction, int headTokens) {

    public enum Strategy {
        /**
         * For pairs: when both are too long, each gets half ({@code maxLength/2}, the second one
         * the odd token); otherwise the longer one is cut to what the shorter leaves.
         */
        LONGEST_FIRST,
        ONLY_FIRST,
        ONLY_SECOND,
        /**
         * A single text too long keeps its first {@code headTokens} tokens and its last ones, as
         * Sun et al. (2019), "How to Fine-Tune BERT for Text Classification": the start and the
         * end of a review say most about its sentiment. Pairs are cut longest-first, from the right.
         */
        HEAD_TAIL
    }

    /** Which end tokens are removed from. */
    public enum Direction {
        RIGHT,
        LEFT
    }

    public Truncation {
        if (maxLength < 0) {
            throw new IllegalArgumentException("truncation: max length must not be negative, got " + maxLength);
        }
        if (headTokens < 0 || (strategy != Strategy.HEAD_TAIL && headTokens != 0)) {
            throw new IllegalArgumentException("truncation: head tokens must be 0, or positive with head_tail, got " + headTokens);
        }
        if (strategy == Strategy.HEAD_TAIL && direction != Direction.RIGHT) {
            throw new IllegalArgumentException("truncation: head_tail keeps both ends; it has no direction but the default (right)");
        }
    }

    public Truncation(int maxLength, Strategy strategy, Direction direction) {
        this(maxLength, strategy, direction, 0);
    }

    /** Longest-first, from the right: BERT's usual setting. */
    public static Truncation longestFirst(int maxLength) {
        return new Truncation(maxLength, Strategy.LONGEST_FIRST, Direction.RIGHT);
    }

    /** Head+tail: a single text keeps its first {@code headTokens} tokens and fills the rest from its end. */
    public static Truncation headTail(int maxLength, int headTokens) {
        return new Truncation(maxLength, Strategy.HEAD_TAIL, Direction.RIGHT, headTokens);
    }

    /** Whether all of a text must be tokenized to cut it (its end may be kept). */
    boolean keepsEnd(boolean pair) {
        return direction == Direction.LEFT || (strategy == Strategy.HEAD_TAIL && !pair);
    }

    /**
     * Of the {@code kept} tokens of a sequence of {@code size}, how many come from its start; the
     * others are its last ones.
     */
    int fromStart(int kept, int size, boolean pair) {
        if (direction == Direction.LEFT) {
            return 0;
        }
        if (strategy == Strategy.HEAD_TAIL && !pair && kept < size) {
            return Math.min(headTokens, kept);
        }
        return kept;
    }

    /**
     * How many tokens each sequence keeps when {@code max} tokens are available for both.
     * Returns {@code {keepFirst, keepSecond}}; {@code second} is -1 for a single sequence.
     */
    int[] keep(int first, int second, int max) {
        boolean pair = second >= 0;
        int total = first + Math.max(second, 0);
        if (total <= max) {
            return new int[] {first, second};
        }
        return switch (strategy) {
            case LONGEST_FIRST, HEAD_TAIL -> pair ? longestFirst(first, second, max) : new int[] {max, -1};
            case ONLY_FIRST -> {
                if (first <= total - max) {
                    throw new IllegalArgumentException("truncation: the first sequence is too short to cut it to fit " + maxLength + " tokens");
                }
                yield new int[] {first - (total - max), second};
            }
            case ONLY_SECOND -> {
                if (!pair || second <= total - max) {
                    throw new IllegalArgumentException("truncation: the second sequence is missing or too short to cut it to fit " + maxLength + " tokens");
                }
                yield new int[] {first, second - (total - max)};
            }
        };
    }

    /** The reference's rule, case by case, so the split agrees with it token for token. */
    private static int[] longestFirst(int first, int second, int max) {
        boolean swap = first > second;
        int n1 = Math.min(first, second);
        int n2;
        if (n1 > max) {
            n2 = n1;
        } else {
            n2 = Math.max(n1, max - n1);
        }
        if (n1 + n2 > max) {
            n1 = max / 2;
            n2 = n1 + max % 2;
        }
        return swap ? new int[] {n2, n1} : new int[] {n1, n2};
    }
}
