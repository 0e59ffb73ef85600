package io.bertstream.e2e.bench;

/**
 * Records sent at the paced rate before the latency is measured. Draining a backlog runs a
 * service's per-batch code only a few times (its batches are large), so at a steady rate the JIT
 * was still compiling the Kafka, Mutiny and Vert.x paths half a minute after start: C2 took about
 * half of the tokenizer-service's CPU 25 s into the paced phase (perf), on cores the services
 * share, and the latency showed it. A service that runs for hours does not pay that.
 */
final class PacedWarmUp {

    static final int SECONDS = 30;
    /** Most records a paced warm-up sends; callers keep this many inputs for it. */
    static final int MAX_RECORDS = 12_000;

    private PacedWarmUp() {}

    /** {@value #SECONDS} seconds' worth at {@code perSecond}, within [200, {@value #MAX_RECORDS}]. */
    static int records(double perSecond) {
        return (int) Math.min(MAX_RECORDS, Math.max(200, perSecond * SECONDS));
    }
}
