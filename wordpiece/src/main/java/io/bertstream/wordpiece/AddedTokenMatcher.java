package io.bertstream.wordpiece;

import java.util.ArrayList;
import java.util.BitSet;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Finds added tokens in raw text: leftmost match first, the longest when several start at the
 * same place (as the reference's Aho-Corasick does). Texts without any token's first char cost
 * one bit test per char.
 */
final class AddedTokenMatcher {

    private final BitSet firstChars = new BitSet(Character.MAX_VALUE + 1);
    private final Map<Character, List<AddedToken>> byFirstChar = new HashMap<>();

    AddedTokenMatcher(List<AddedToken> tokens) {
        for (AddedToken t : tokens) {
            char c = t.content().charAt(0);
            firstChars.set(c);
            byFirstChar.computeIfAbsent(c, k -> new ArrayList<>()).add(t);
        }
        byFirstChar.values().forEach(l -> l.sort(Comparator.comparingInt((AddedToken t) -> t.content().length()).reversed()));
    }

    boolean isEmpty() {
        return byFirstChar.isEmpty();
    }

    /** The token that starts at {@code at} (the longest), or null. */
    AddedToken matchAt(String text, int at) {
        char c = text.charAt(at);
        if (!firstChars.get(c)) {
            return null;
        }
        for (AddedToken t : byFirstChar.get(c)) {
            if (text.startsWith(t.content(), at)) {
                return t;
            }
        }
        return null;
    }
}
