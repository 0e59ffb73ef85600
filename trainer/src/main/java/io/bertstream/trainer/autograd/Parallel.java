package io.bertstream.trainer.autograd;

import java.util.concurrent.ForkJoinPool;
import java.util.concurrent.ForkJoinTask;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.IntConsumer;

/**
 * The kernels' thread setting and fork/join pool. The thread count comes from the system
 * property {@code bertstream.threads}, else the environment variable {@code BERTSTREAM_THREADS},
 * else the number of available processors; {@link #setThreads} changes it at run time.
 *
 * <p>Work is split into contiguous chunks that depend only on the problem size and the thread
 * count, and each output element is written by exactly one chunk, so results are deterministic
 * for a fixed thread count.
 */
public final class Parallel {
    private static volatile int threads = initialThreads();
    private static volatile ForkJoinPool pool;

    private Parallel() {}

    /** A body that processes the index range {@code [from, to)}. */
    @FunctionalInterface
    public interface RangeBody {
        void run(int from, int to);
    }

    public static int threads() {
        return threads;
    }

    /** Sets the number of threads the kernels use (the caller's thread counts as one). */
    public static synchronized void setThreads(int n) {
        if (n < 1) throw new IllegalArgumentException("threads must be at least 1, got " + n);
        if (n == threads) return;
        threads = n;
        ForkJoinPool old = pool;
        pool = null;
        if (old != null) old.shutdown();
    }

    /**
     * Runs {@code body} over {@code [0, n)} in at most {@link #threads()} chunks of at least
     * {@code minChunk} indices; the first chunk runs on the calling thread.
     */
    public static void forRange(int n, int minChunk, RangeBody body) {
        int chunks = Math.min(threads, Math.max(1, n / Math.max(1, minChunk)));
        if (chunks <= 1 || ForkJoinTask.inForkJoinPool()) {
            if (n > 0) body.run(0, n);
            return;
        }
        ForkJoinPool p = pool();
        @SuppressWarnings("unchecked")
        ForkJoinTask<?>[] tasks = new ForkJoinTask<?>[chunks - 1];
        for (int c = 1; c < chunks; c++) {
            int from = chunkStart(n, chunks, c);
            int to = chunkStart(n, chunks, c + 1);
            tasks[c - 1] = p.submit(() -> body.run(from, to));
        }
        body.run(0, chunkStart(n, chunks, 1));
        for (ForkJoinTask<?> t : tasks) t.join();
    }

    /**
     * Runs {@code body} for every chunk index in {@code [0, chunks)} on up to {@link #threads()}
     * threads, each taking the next chunk when it finishes one: a thread that the machine's other
     * work slows down takes fewer chunks instead of holding the others up at the end. Which thread
     * runs a chunk varies from call to call; what a chunk computes must not depend on it.
     */
    public static void forEachChunk(int chunks, IntConsumer body) {
        int workers = Math.min(threads, chunks);
        if (workers <= 1 || ForkJoinTask.inForkJoinPool()) {
            for (int i = 0; i < chunks; i++) body.accept(i);
            return;
        }
        AtomicInteger next = new AtomicInteger();
        Runnable claim = () -> {
            for (int i; (i = next.getAndIncrement()) < chunks; ) body.accept(i);
        };
        ForkJoinPool p = pool();
        ForkJoinTask<?>[] tasks = new ForkJoinTask<?>[workers - 1];
        for (int w = 0; w < tasks.length; w++) tasks[w] = p.submit(claim);
        claim.run();
        for (ForkJoinTask<?> t : tasks) t.join();
    }

    static int chunkStart(int n, int chunks, int c) {
        return (int) ((long) n * c / chunks);
    }

    private static ForkJoinPool pool() {
        ForkJoinPool p = pool;
        if (p == null) {
            synchronized (Parallel.class) {
                if (pool == null) pool = new ForkJoinPool(Math.max(1, threads - 1));
                p = pool;
            }
        }
        return p;
    }

    private static int initialThreads() {
        String v = System.getProperty("bertstream.threads");
        if (v == null) v = System.getenv("BERTSTREAM_THREADS");
        if (v != null && !v.isBlank()) {
            try {
                int n = Integer.parseInt(v.trim());
                if (n >= 1) return n;
            } catch (NumberFormatException ignored) {
                // fall through to the processor count
            }
            throw new IllegalArgumentException("bertstream.threads must be a positive integer, got '" + v + "'");
        }
        return Runtime.getRuntime().availableProcessors();
    }
}
