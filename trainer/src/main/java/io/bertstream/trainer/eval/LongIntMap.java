package io.bertstream.trainer.eval;

import java.util.Arrays;

/** An open-addressing map from long keys to int values, for n-gram counts without boxing. */
final class LongIntMap {
    private static final long EMPTY = Long.MIN_VALUE;

    private long[] keys;
    private int[] values;
    private int size;

    LongIntMap(int expected) {
        int capacity = Integer.highestOneBit(Math.max(16, expected * 2) - 1) << 1;
        keys = new long[capacity];
        values = new int[capacity];
        Arrays.fill(keys, EMPTY);
    }

    int size() {
        return size;
    }

    /** The value of {@code key}, or {@code missing} when absent. */
    int get(long key, int missing) {
        int slot = slot(keys, key);
        return keys[slot] == key ? values[slot] : missing;
    }

    void put(long key, int value) {
        int slot = slot(keys, key);
        if (keys[slot] != key) {
            keys[slot] = key;
            if (++size * 2 > keys.length) {
                values[slot] = value;
                grow();
                return;
            }
        }
        values[slot] = value;
    }

    /** Adds {@code delta} to the value of {@code key} (0 when absent). */
    void add(long key, int delta) {
        put(key, get(key, 0) + delta);
    }

    /** Calls {@code visit} for every entry, in no particular order. */
    void forEach(Entry visit) {
        for (int i = 0; i < keys.length; i++) if (keys[i] != EMPTY) visit.accept(keys[i], values[i]);
    }

    interface Entry {
        void accept(long key, int value);
    }

    private static int slot(long[] keys, long key) {
        if (key == EMPTY) throw new IllegalArgumentException("key " + EMPTY + " is reserved");
        int mask = keys.length - 1;
        int i = (int) (mix(key) & mask);
        while (keys[i] != EMPTY && keys[i] != key) i = (i + 1) & mask;
        return i;
    }

    private static long mix(long key) {
        long h = key * 0x9E3779B97F4A7C15L;
        return h ^ (h >>> 29);
    }

    private void grow() {
        long[] oldKeys = keys;
        int[] oldValues = values;
        keys = new long[oldKeys.length * 2];
        values = new int[oldKeys.length * 2];
        Arrays.fill(keys, EMPTY);
        for (int i = 0; i < oldKeys.length; i++) {
            if (oldKeys[i] == EMPTY) continue;
            int slot = slot(keys, oldKeys[i]);
            keys[slot] = oldKeys[i];
            values[slot] = oldValues[i];
        }
    }
}
