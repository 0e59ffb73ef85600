package io.bertstream.e2e.bench;

/**
 * The warm-ups of the stream benchmarks, which run a backlog and then a paced stream: first
 * {@value #RECORDS} records flat out, then, before the latency is measured, some at the paced
 * rate. With 256 flat-out records the JIT's compiler threads still took about 6 % of the
 * inference-service's CPU in the measured window (perf). And draining a backlog runs a service's
 * per-batch code only a few times (its batches are large), so at a steady rate the JIT was still
 * compiling the Kafka, Mutiny and Vert.x paths half a minute after start: C2 took about half of
 * the tokenizer-service's CPU 25 s into the paced phase, on cores the services share, and the
 * latency showed it. A service that runs for hours does not pay that.
 */
final class WarmUp {

    /** Records sent flat out before the backlog is measured. */
    static final int RECORDS = 1000;
    static final int PACED_SECONDS = 30;
    /** Most records a paced warm-up sends. */
    static final int MAX_PACED_RECORDS = 12_000;

    private WarmUp() {}

    /** {@value #PACED_SECONDS} seconds' worth at {@code perSecond}, within [200, {@value #MAX_PACED_RECORDS}]. */
    static int pacedRecords(double perSecond) {
        return (int) Math.min(MAX_PACED_RECORDS, Math.max(200, perSecond * PACED_SECONDS));
    }

    /** Inputs a bench of {@code measured} records needs: warm-up, backlog, paced warm-up, paced. */
    static int inputs(int measured) {
        return RECORDS + measured + MAX_PACED_RECORDS + measured;
    }
}
