package io.bertstream.wordpiece.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class BenchArgsTest {
    private final ByteArrayOutputStream out = new ByteArrayOutputStream();
    private final ByteArrayOutputStream err = new ByteArrayOutputStream();

    /** Thrown by the fake exit, so a test sees the status and nothing runs past it. */
    private static final class Exited extends RuntimeException {
        final int status;

        Exited(int status) {
            this.status = status;
        }
    }

    /** A bench's options read as the benches read them: {@code [--threads N] [--seconds S] [--quick] [--corpus FILE] [--level low|high]}. */
    private record Options(int threads, double seconds, boolean quick, Path corpus, String level) {}

    /** A conversion whose exception names the valid values, as {@code BertConfig.Preset.named} does. */
    private static String level(String v) {
        if (!v.equals("low") && !v.equals("high")) throw new IllegalArgumentException("unknown level '" + v + "'; levels: low, high");
        return v;
    }

    private Options parse(String... args) {
        BenchArgs cli = new BenchArgs("bertstream bench demo", "[--threads N] [--seconds S] [--quick] [--corpus FILE] [--level low|high]", args,
                new PrintStream(out, true, StandardCharsets.UTF_8), new PrintStream(err, true, StandardCharsets.UTF_8),
                status -> {
                    throw new Exited(status);
                });
        int threads = 2;
        double seconds = 1;
        boolean quick = false;
        Path corpus = null;
        String level = "low";
        while (cli.next()) {
            switch (cli.flag()) {
                case "--threads" -> threads = cli.positiveInt();
                case "--seconds" -> seconds = cli.positiveDouble();
                case "--quick" -> quick = true;
                case "--corpus" -> corpus = cli.existingPath();
                case "--level" -> level = cli.checked(BenchArgsTest::level);
                default -> cli.unknown();
            }
        }
        return new Options(threads, seconds, quick, corpus, level);
    }

    private String failure(int expectedStatus, String... args) {
        Exited e = assertThrows(Exited.class, () -> parse(args));
        assertEquals(expectedStatus, e.status);
        return err.toString(StandardCharsets.UTF_8);
    }

    @Test
    void readsFlagsAndValuesInAnyOrder(@TempDir Path dir) {
        Options o = parse("--quick", "--seconds", "0.5", "--corpus", dir.toString(), "--threads", "3", "--level", "high");
        assertEquals(new Options(3, 0.5, true, dir, "high"), o);
        assertEquals(new Options(2, 1, false, null, "low"), parse());
    }

    @Test
    void helpPrintsTheUsageAndExitsZero() {
        failure(0, "--threads", "3", "--help");
        assertEquals("usage: bertstream bench demo [--threads N] [--seconds S] [--quick] [--corpus FILE] [--level low|high]\n",
                out.toString(StandardCharsets.UTF_8).replace("\r\n", "\n"));
    }

    @Test
    void badInputExitsTwoWithTheReasonAndTheUsage() {
        assertTrue(failure(2, "--bogus").startsWith("bertstream bench demo: unknown argument --bogus\nusage: bertstream bench demo [--threads N]"));
    }

    @Test
    void eachKindOfBadValueIsNamed(@TempDir Path dir) {
        assertTrue(failure(2, "--threads", "x").contains("--threads takes an integer, got 'x'"));
        err.reset();
        assertTrue(failure(2, "--threads", "0").contains("--threads must be at least 1, got 0"));
        err.reset();
        assertTrue(failure(2, "--seconds", "NaN").contains("--seconds must be a number above 0"));
        err.reset();
        assertTrue(failure(2, "--seconds").contains("--seconds needs a value"));
        err.reset();
        Path missing = dir.resolve("missing.txt");
        assertTrue(failure(2, "--corpus", missing.toString()).contains("--corpus: " + missing + " does not exist"));
        err.reset();
        assertTrue(failure(2, "--level", "mid").contains("--level: unknown level 'mid'; levels: low, high"));
        assertFalse(err.toString(StandardCharsets.UTF_8).contains("Exception"));
    }
}
