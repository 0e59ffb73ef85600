package io.bertstream.wordpiece;

import java.util.Arrays;

/**
 * A character trie of vocabulary tokens for greedy longest-match WordPiece. Transitions live in
 * one open-addressing hash table keyed by (node, char), so a lookup costs one multiply and usually
 * one probe, and nothing is allocated while encoding.
 */
final class PieceTrie {

    private static final long EMPTY = -1L;

    private long[] keys;
    private int[] targets;
    private int mask;
    private int shift;
    private int transitions;
    private int[] tokenIds = new int[1024];
    private int nodes = 1; // node 0 is the root

    PieceTrie(int expectedChars) {
        int capacity = Integer.highestOneBit(Math.max(16, expectedChars * 2 - 1)) << 1;
        keys = new long[capacity];
        targets = new int[capacity];
        mask = capacity - 1;
        shift = Long.numberOfLeadingZeros(capacity) + 1;
        Arrays.fill(keys, EMPTY);
        Arrays.fill(tokenIds, -1);
    }

    static final int ROOT = 0;

    /** Adds {@code token} with {@code id}. */
    void add(String token, int id) {
        int node = ROOT;
        for (int i = 0; i < token.length(); i++) {
            int next = child(node, token.charAt(i));
            if (next < 0) {
                next = newNode();
                put(key(node, token.charAt(i)), next);
            }
            node = next;
        }
        tokenIds[node] = id;
    }

    /** The node reached from {@code from} by the chars of {@code path}, or -1. */
    int walk(int from, String path) {
        int node = from;
        for (int i = 0; i < path.length() && node >= 0; i++) {
            node = child(node, path.charAt(i));
        }
        return node;
    }

    /** The token id that ends at {@code node}, or -1. */
    int tokenId(int node) {
        return tokenIds[node];
    }

    int child(int node, char c) {
        long key = key(node, c);
        int slot = slot(key);
        while (true) {
            long k = keys[slot];
            if (k == key) {
                return targets[slot];
            }
            if (k == EMPTY) {
                return -1;
            }
            slot = (slot + 1) & mask;
        }
    }

    private static long key(int node, char c) {
        return ((long) node << 16) | c;
    }

    private int slot(long key) {
        return (int) ((key * 0x9E3779B97F4A7C15L) >>> shift);
    }

    private int newNode() {
        if (nodes == tokenIds.length) {
            int old = tokenIds.length;
            tokenIds = Arrays.copyOf(tokenIds, old * 2);
            Arrays.fill(tokenIds, old, tokenIds.length, -1);
        }
        return nodes++;
    }

    private void put(long key, int target) {
        if ((transitions + 1) * 2 > keys.length) {
            rehash();
        }
        int slot = slot(key);
        while (keys[slot] != EMPTY) {
            slot = (slot + 1) & mask;
        }
        keys[slot] = key;
        targets[slot] = target;
        transitions++;
    }

    private void rehash() {
        long[] oldKeys = keys;
        int[] oldTargets = targets;
        keys = new long[oldKeys.length * 2];
        targets = new int[oldKeys.length * 2];
        mask = keys.length - 1;
        shift = Long.numberOfLeadingZeros(keys.length) + 1;
        Arrays.fill(keys, EMPTY);
        transitions = 0;
        for (int i = 0; i < oldKeys.length; i++) {
            if (oldKeys[i] != EMPTY) {
                put(oldKeys[i], oldTargets[i]);
            }
        }
    }
}
