package io.bertstream.wordpiece.train;

import java.util.HashMap;
import java.util.Map;

/**
 * How often each distinct word occurs, with a bound on the number of distinct words: past the
 * bound, the rarest words are forgotten (all words of count 1, then 2, ...) until at most half the
 * bound remain. Memory is thus bounded by the bound, not the corpus size; counts stay exact
 * unless the bound is reached (then words that were forgotten and come back are undercounted,
 * the usual trade-off of streaming counters; the trainer reports when it happened).
 */
final class WordCounts {

    private final int maxDistinct;
    private final Map<String, long[]> counts = new HashMap<>();
    private long pruned;
    private long total;

    WordCounts(int maxDistinct) {
        if (maxDistinct < 2) {
            throw new IllegalArgumentException("max distinct words must be at least 2");
        }
        this.maxDistinct = maxDistinct;
    }

    void add(String word) {
        total++;
        long[] c = counts.get(word);
        if (c != null) {
            c[0]++;
            return;
        }
        counts.put(word, new long[] {1});
        if (counts.size() > maxDistinct) {
            prune();
        }
    }

    private void prune() {
        for (long threshold = 1; counts.size() > maxDistinct / 2; threshold++) {
            long t = threshold;
            int before = counts.size();
            counts.values().removeIf(c -> c[0] <= t);
            pruned += before - counts.size();
        }
    }

    Map<String, long[]> counts() {
        return counts;
    }

    /** Distinct words forgotten because of the bound (0 when counts are exact). */
    long pruned() {
        return pruned;
    }

    /** Words seen, repeats included. */
    long total() {
        return total;
    }
}
