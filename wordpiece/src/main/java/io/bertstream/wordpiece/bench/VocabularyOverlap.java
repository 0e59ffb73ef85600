package io.bertstream.wordpiece.bench;

import io.bertstream.wordpiece.Vocabulary;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * How many tokens two vocabularies of the same size share. The reference's trainer runs through
 * its Node binding, which only offers the default settings (size 30000, no special tokens); since
 * its merges come in the same order whatever the size, its vocabulary at {@code size} with the
 * special tokens first is the special tokens plus its first {@code size - specials} ids.
 */
public final class VocabularyOverlap {

    private VocabularyOverlap() {}

    /** The reference's vocabulary as it would be at {@code size} with {@code specials} first. */
    public static Set<String> referenceAt(Vocabulary reference, List<String> specials, int size) {
        Set<String> tokens = new HashSet<>(specials);
        for (int id = 0; id < reference.idLimit() && tokens.size() < size; id++) {
            if (reference.token(id) != null) {
                tokens.add(reference.token(id));
            }
        }
        return tokens;
    }

    /** Tokens in both. */
    public static int common(Set<String> a, Set<String> b) {
        Set<String> both = new HashSet<>(a);
        both.retainAll(b);
        return both.size();
    }
}
