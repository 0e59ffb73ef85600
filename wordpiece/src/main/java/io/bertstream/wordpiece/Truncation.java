package io.bertstream.wordpiece;

/**
 * How to cut inputs longer than {@code maxLength} tokens (special tokens included), as Hugging
 * Face's {@code TruncationParams} with stride 0. Overflowing tokens are dropped, not returned.
 */
public record Truncation(int maxLength, Strategy strategy, Direction direction) {

    public enum Strategy {
        /**
         * For pairs: when both are too long, each gets half ({@code maxLength/2}, the second one
         * the odd token); otherwise the longer one is cut to what the shorter leaves.
         */
        LONGEST_FIRST,
        ONLY_FIRST,
        ONLY_SECOND
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
    }

    /** Longest-first, from the right: BERT's usual setting. */
    public static Truncation longestFirst(int maxLength) {
        return new Truncation(maxLength, Strategy.LONGEST_FIRST, Direction.RIGHT);
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
            case LONGEST_FIRST -> pair ? longestFirst(first, second, max) : new int[] {max, -1};
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
