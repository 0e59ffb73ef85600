package io.bertstream.tokenizer;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.function.Function;

/**
 * Maps a list on a fixed number of threads, in contiguous chunks, keeping the order. Batches are
 * mapped one at a time (the caller waits), so the pool never holds more than one batch's chunks.
 */
public final class ParallelMap implements AutoCloseable {

    private final int threads;
    private final ExecutorService pool;

    public ParallelMap(int threads) {
        if (threads < 1) {
            throw new IllegalArgumentException("bertstream.tokenizer.threads must be at least 1, not " + threads);
        }
        this.threads = threads;
        this.pool = threads == 1 ? null : Executors.newFixedThreadPool(threads - 1, Thread.ofPlatform().daemon().name("tokenize-", 1).factory());
    }

    /** Maps {@code inputs} in order; the calling thread maps the first chunk itself. */
    public <I, O> List<O> map(List<I> inputs, Function<I, O> f) {
        int chunks = Math.min(threads, inputs.size());
        if (chunks <= 1) {
            return inputs.stream().map(f).toList();
        }
        int chunkSize = (inputs.size() + chunks - 1) / chunks;
        List<Future<List<O>>> rest = new ArrayList<>();
        for (int from = chunkSize; from < inputs.size(); from += chunkSize) {
            List<I> chunk = inputs.subList(from, Math.min(from + chunkSize, inputs.size()));
            rest.add(pool.submit(() -> chunk.stream().map(f).toList()));
        }
        List<O> out = new ArrayList<>(inputs.size());
        out.addAll(inputs.subList(0, chunkSize).stream().map(f).toList());
        for (Future<List<O>> chunk : rest) {
            try {
                out.addAll(chunk.get());
            } catch (ExecutionException e) {
                throw new IllegalStateException("mapping a chunk failed", e.getCause());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException("interrupted while mapping a batch", e);
            }
        }
        return out;
    }

    @Override
    public void close() {
        if (pool != null) {
            pool.shutdownNow();
        }
    }
}
