package io.bertstream.inference;

/**
 * How the stream forms model batches: at most {@code maxBatchSize} records, and a record waits at
 * most {@code maxQueueDelayMs} for batch-mates. Unset, both follow the execution provider that
 * actually loaded. On CPU a batch costs about its records' sum — ONNX Runtime's throughput per
 * CPU-second for {@code mini} at sequence 128 was 156 records/s at batch 1, 146 at 4 and 112 at 32
 * ({@code ./bertstream bench onnx --batches 1,2,4,8,16,32 --cpu-time}) — so waiting for
 * batch-mates buys nothing, and a record arriving while a batch runs waits for all of it.
 *
 * <p>One record per batch on CPU, by {@code bench inference-service} on {@code mini} with one
 * intra-op thread: batches of 1 drained 102-103 records/s (0.84 and 0.87 of raw) with p99 30 ms
 * at half load in two runs; batches of 2, 93-94 records/s with p99 44 and 55 ms; batches of 4
 * (two intra-op threads), p99 32-116 ms over seven runs. A GPU runs a batch of 64 in about the
 * time of one, so there a short wait pays.
 */
public record BatchPolicy(int maxBatchSize, int maxQueueDelayMs) {

    public static final BatchPolicy CPU = new BatchPolicy(1, 0);
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
