package io.bertstream.trainer.autograd;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.TreeMap;

/**
 * Wall time per op, forward and backward separately, on the thread that runs the graph.
 * Off by default; when off, ops pay one volatile read.
 */
public final class Profiler {
    private static volatile boolean enabled;
    private static final Map<String, long[]> TOTALS = new TreeMap<>();

    private Profiler() {}

    public static void enable(boolean on) {
        enabled = on;
    }

    public static synchronized void reset() {
        TOTALS.clear();
    }

    /** Start time for an op, or 0 when profiling is off. */
    static long start() {
        return enabled ? System.nanoTime() : 0L;
    }

    /** Adds the time since {@code start} (from {@link #start()}) to {@code name}. */
    static void stop(String name, long start) {
        if (start == 0L) return;
        long elapsed = System.nanoTime() - start;
        synchronized (Profiler.class) {
            long[] t = TOTALS.computeIfAbsent(name, k -> new long[2]);
            t[0] += elapsed;
            t[1]++;
        }
    }

    /** Totals so far: name to {nanoseconds, calls}, largest time first. */
    public static synchronized Map<String, long[]> totals() {
        Map<String, long[]> sorted = new LinkedHashMap<>();
        TOTALS.entrySet().stream()
                .sorted((x, y) -> Long.compare(y.getValue()[0], x.getValue()[0]))
                .forEach(e -> sorted.put(e.getKey(), e.getValue().clone()));
        return sorted;
    }
}
