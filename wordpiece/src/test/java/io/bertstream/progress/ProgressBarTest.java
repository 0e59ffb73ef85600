package io.bertstream.progress;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class ProgressBarTest {

    private long now;

    @Test
    void rendersFractionRateAndEta() {
        var bar = new ProgressBar("vocab", 1000, "docs", new PrintStream(new ByteArrayOutputStream()), false, () -> now);
        bar.step(250);
        // 250 docs in 5 s: 50 docs/s, 750 left -> 15 s
        String line = bar.render(5_000_000_000L, false);
        assertEquals("vocab [########......................]  25% 250/1000 docs | 50 docs/s | ETA 15s", line);
    }

    @Test
    void unknownTotalShowsCountAndRateOnly() {
        var bar = new ProgressBar("read", 0, "lines", new PrintStream(new ByteArrayOutputStream()), false, () -> now);
        bar.set(120_000);
        assertEquals("read 120.0k lines | 60.0k lines/s | took 2s", bar.render(2_000_000_000L, true));
    }

    @Test
    void plainOutputIsThrottledAndClosesWithSummary() {
        var sink = new ByteArrayOutputStream();
        var bar = new ProgressBar("x", 12, "it", new PrintStream(sink, true, StandardCharsets.UTF_8), false, () -> now);
        for (int i = 0; i < 12; i++) {
            now += 1_000_000_000L; // one item a second: drawn at 10 s only, then closed at 12 s
            bar.step(1);
        }
        bar.close();
        String[] lines = sink.toString(StandardCharsets.UTF_8).split("\n");
        assertEquals(2, lines.length, String.join("\n", lines));
        assertTrue(lines[0].contains(" 83% 10/12 it") && lines[0].contains("ETA 2s"), lines[0]);
        assertTrue(lines[1].contains("100% 12/12 it") && lines[1].contains("took 12s"), lines[1]);
    }

    @Test
    void humanUnitsAndDurations() {
        assertEquals("2.50M", ProgressBar.human(2_500_000));
        assertEquals("1h01m", ProgressBar.duration(3660));
        assertEquals("2m05s", ProgressBar.duration(125));
    }
}
