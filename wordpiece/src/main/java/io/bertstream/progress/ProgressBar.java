package io.bertstream.progress;

import java.io.PrintStream;
import java.util.Locale;
import java.util.function.LongSupplier;

/**
 * A one-line text progress bar with rate and ETA, for long work (vocabulary training, data
 * preparation, training steps). Redraws at most every {@link #MIN_REDRAW_NANOS} so callers may
 * report every item. On a terminal it redraws in place with a carriage return; elsewhere (logs,
 * CI) it prints a line every {@link #PLAIN_EVERY_NANOS}.
 *
 * <p>Usage: {@code try (var bar = ProgressBar.start("vocab", total, "docs")) { ... bar.step(n); }}
 */
public final class ProgressBar implements AutoCloseable {

    static final long MIN_REDRAW_NANOS = 200_000_000L;
    static final long PLAIN_EVERY_NANOS = 10_000_000_000L;
    private static final int WIDTH = 30;

    private final String label;
    private final String unit;
    private final long total;
    private final PrintStream out;
    private final boolean interactive;
    private final LongSupplier clock;
    private final long startNanos;
    private long done;
    private long lastDraw;
    private String suffix = "";

    ProgressBar(String label, long total, String unit, PrintStream out, boolean interactive, LongSupplier clock) {
        this.label = label;
        this.total = total;
        this.unit = unit;
        this.out = out;
        this.interactive = interactive;
        this.clock = clock;
        this.startNanos = clock.getAsLong();
        // The first line waits one redraw interval, so its rate and ETA rest on some work.
        this.lastDraw = startNanos;
    }

    /** A bar on stderr; {@code total <= 0} means unknown (no percentage, no ETA). */
    public static ProgressBar start(String label, long total, String unit) {
        return new ProgressBar(label, total, unit, System.err, System.console() != null, System::nanoTime);
    }

    /** Adds {@code n} finished items. */
    public void step(long n) {
        done += n;
        maybeDraw();
    }

    /** Sets the number of finished items. */
    public void set(long value) {
        done = value;
        maybeDraw();
    }

    /** Extra text after the rate, such as the current loss. */
    public void suffix(String text) {
        suffix = text == null ? "" : text;
    }

    public long done() {
        return done;
    }

    private void maybeDraw() {
        long now = clock.getAsLong();
        long every = interactive ? MIN_REDRAW_NANOS : PLAIN_EVERY_NANOS;
        if (now - lastDraw >= every) {
            lastDraw = now;
            draw(now, false);
        }
    }

    /** Draws the final state and ends the line. */
    @Override
    public void close() {
        draw(clock.getAsLong(), true);
    }

    private void draw(long now, boolean last) {
        String line = render(now - startNanos, last);
        if (interactive) {
            out.print("\r" + line + (last ? System.lineSeparator() : ""));
        } else {
            out.println(line);
        }
        out.flush();
    }

    /** The bar's text after {@code elapsedNanos}; package-private for tests. */
    String render(long elapsedNanos, boolean last) {
        double seconds = Math.max(elapsedNanos / 1e9, 1e-9);
        double rate = done / seconds;
        StringBuilder sb = new StringBuilder(label).append(' ');
        if (total > 0) {
            double fraction = Math.min(1.0, (double) done / total);
            int filled = (int) Math.round(fraction * WIDTH);
            sb.append('[').append("#".repeat(filled)).append(".".repeat(WIDTH - filled)).append("] ");
            sb.append(String.format(Locale.ROOT, "%3.0f%% %s/%s %s", fraction * 100, human(done), human(total), unit));
        } else {
            sb.append(human(done)).append(' ').append(unit);
        }
        sb.append(String.format(Locale.ROOT, " | %s %s/s", human(rate), unit));
        if (last) {
            sb.append(" | took ").append(duration(seconds));
        } else if (total > 0 && done > 0) {
            sb.append(" | ETA ").append(duration((total - done) / rate));
        }
        if (!suffix.isEmpty()) {
            sb.append(" | ").append(suffix);
        }
        return sb.toString();
    }

    static String human(double v) {
        if (v >= 1e9) return String.format(Locale.ROOT, "%.2fG", v / 1e9);
        if (v >= 1e6) return String.format(Locale.ROOT, "%.2fM", v / 1e6);
        if (v >= 1e4) return String.format(Locale.ROOT, "%.1fk", v / 1e3);
        if (v == Math.rint(v)) return String.format(Locale.ROOT, "%.0f", v);
        return String.format(Locale.ROOT, "%.1f", v);
    }

    static String duration(double seconds) {
        long s = Math.round(seconds);
        if (s >= 3600) return String.format(Locale.ROOT, "%dh%02dm", s / 3600, (s % 3600) / 60);
        if (s >= 60) return String.format(Locale.ROOT, "%dm%02ds", s / 60, s % 60);
        return s + "s";
    }
}
