package io.bertstream.trainer.nn;

/**
 * The dropout seeds of one training forward pass: the n-th dropout call of step {@code step}
 * gets a seed that depends only on (run seed, step, micro-batch, n). So masks are reproducible,
 * a resumed run draws the same masks as an uninterrupted one, and no generator state needs
 * saving. Pass {@code null} instead of an instance to run without dropout (evaluation).
 */
public final class DropoutSeeds {
    private final long base;
    private long calls;

    public DropoutSeeds(long runSeed, long step, int microBatch) {
        this.base = mix(mix(mix(runSeed) ^ step) ^ microBatch);
    }

    public long next() {
        return mix(base + calls++);
    }

    /** SplitMix64's finaliser. */
    static long mix(long z) {
        z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
        z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
        return z ^ (z >>> 31);
    }
}
