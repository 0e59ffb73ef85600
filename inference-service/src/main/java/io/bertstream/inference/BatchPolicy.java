package io.bertstream.inference;

/**
 * How the stream forms model batches: at most {@code maxBatchSize} records, and a record waits at
 * most {@code maxQueueDelayMs} for batch-mates. Unset, both follow the execution provider that
 * actually loaded. On CPU a batch costs about its records' sum — ONNX Runtime's throughput per
 * CPU-second for {@code mini} at sequence 128 was 156 records/s at batch 1, 146 at 4 and 112 at 32
 * ({@code ./bertstream bench onnx --batches 1,2,4,8,16,32 --cpu-time}) — so waiting for
 * batch-mates buys nothing, and a big batch only makes its first record wait for the last.
 *
 * <p>Two rather than one or four, by {@code bench inference-service} on {@code mini}: with batches
 * of 1 the service spent 1.28 times raw ONNX Runtime's CPU per record (each round's polling and
 * sending paid per record); with 4, a record arriving during a batch waits for all of it (p99 at
 * half load 32-116 ms over seven runs, median 66, against 50 and 55 ms with 2, at the same
 * 0.80-0.83 of raw throughput). A GPU runs a batch of 64 in about the time of one, so there a
 * short wait pays.
 */
public record BatchPolicy(int maxBatchSize, int maxQueueDelayMs) {

    public static final BatchPolicy CPU = new BatchPolicy(2, 0);
    public static final BatchPolicy CUDA = new BatchPolicy(64, 5);

    public BatchPolicy {
        if (maxBatchSize < 1 || maxQueueDelayMs < 0) {
            throw new IllegalStateException("bertstream.inference.max-batch-size must be at least 1 and max-queue-delay-ms at least 0 (got "
                    + maxBatchSize + " and " + maxQueueDelayMs + ")");
        }
    }

    /** The configured values, each defaulting to the one for {@code provider} ("cpu" or "cuda"). */
    static BatchPolicy of(InferenceSettings.Inference settings, String provider) {
        BatchPolicy defaults = provider.equals("cuda") ? CUDA : CPU;
        return new BatchPolicy(settings.maxBatchSize().orElse(defaults.maxBatchSize),
                settings.maxQueueDelayMs().orElse(defaults.maxQueueDelayMs));
    }
}
