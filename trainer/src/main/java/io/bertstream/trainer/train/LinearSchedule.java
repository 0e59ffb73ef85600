package io.bertstream.trainer.train;

/** Learning rate: linear warm-up from 0 to {@code peak} over {@code warmup} steps, then linear decay to 0 at {@code total}. */
public record LinearSchedule(float peak, long warmup, long total) {
    public LinearSchedule {
        if (!(peak > 0) || warmup < 0 || total < 1 || warmup > total) {
            throw new IllegalArgumentException("schedule needs peak > 0 and 0 <= warmup <= total, got " + peak + ", " + warmup + ", " + total);
        }
    }

    /** The rate for update number {@code step} (0-based). */
    public float at(long step) {
        if (step < warmup) return peak * (step + 1) / warmup;
        if (total == warmup) return peak;
        return peak * Math.max(0f, (float) (total - step) / (total - warmup));
    }
}
