package io.bertstream.wordpiece.bench;

import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.function.Function;
import java.util.function.IntConsumer;

/**
 * The command line of one benchmark, read flag by flag. {@code --help} prints the usage and
 * exits 0; an unknown flag, a missing value or a value that does not parse prints the reason and
 * the usage to stderr and exits 2, as the trainer's CLI does for user mistakes (no stack trace).
 *
 * <pre>{@code
 * BenchArgs cli = new BenchArgs("bertstream bench matmul", "[--threads N]", args);
 * while (cli.next()) {
 *     switch (cli.flag()) {
 *         case "--threads" -> threads = cli.positiveInt();
 *         default -> cli.unknown();
 *     }
 * }
 * }</pre>
 */
public final class BenchArgs {
    /** Exit status for a bad command line, as the trainer's CLI uses. */
    public static final int USAGE_EXIT = 2;

    private final String command;
    private final String usage;
    private final String[] args;
    private final PrintStream out;
    private final PrintStream err;
    private final IntConsumer exit;
    private int at = -1;

    /**
     * @param command how the user runs it, e.g. {@code "bertstream bench matmul"}
     * @param options its options, e.g. {@code "[--threads N] [--no-numpy]"}
     */
    public BenchArgs(String command, String options, String[] args) {
        this(command, options, args, System.out, System.err, System::exit);
    }

    /** With the streams and the exit a test can watch. */
    BenchArgs(String command, String options, String[] args, PrintStream out, PrintStream err, IntConsumer exit) {
        this.command = command;
        this.usage = command + " " + options;
        this.args = args;
        this.out = out;
        this.err = err;
        this.exit = exit;
    }

    /** Moves to the next flag; false at the end. Handles {@code --help} itself. */
    public boolean next() {
        if (++at >= args.length) return false;
        if (args[at].equals("--help") || args[at].equals("-h")) {
            out.println("usage: " + usage);
            exit.accept(0);
        }
        return true;
    }

    /** The current flag. */
    public String flag() {
        return args[at];
    }

    /** The value after the current flag, as given. */
    public String value() {
        if (at + 1 >= args.length) fail(flag() + " needs a value");
        return args[++at];
    }

    /** The value after the current flag as a path. */
    public Path path() {
        return parsed(Path::of, "a path");
    }

    /** The value after the current flag as the path of a file or folder that exists. */
    public Path existingPath() {
        String flag = flag();
        Path p = path();
        if (!Files.exists(p)) fail(flag + ": " + p + " does not exist");
        return p;
    }

    /** The value after the current flag as an integer of at least 1. */
    public int positiveInt() {
        String flag = flag();
        int v = parsed(Integer::parseInt, "an integer");
        if (v < 1) fail(flag + " must be at least 1, got " + v);
        return v;
    }

    /** The value after the current flag as a number above 0. */
    public double positiveDouble() {
        String flag = flag();
        double v = parsed(Double::parseDouble, "a number");
        if (!(v > 0) || Double.isInfinite(v)) fail(flag + " must be a number above 0, got " + v);
        return v;
    }

    /** The value after the current flag, converted by {@code parse}; its exception's message is the reason. */
    public <T> T parsed(Function<String, T> parse, String what) {
        String flag = flag();
        String v = value();
        try {
            return parse.apply(v);
        } catch (RuntimeException e) {
            fail(flag + " takes " + what + ", got '" + v + "'");
            throw e;
        }
    }

    /**
     * The value after the current flag, converted by {@code parse}, whose
     * {@link IllegalArgumentException} says what is wrong with it (the valid names, say).
     */
    public <T> T checked(Function<String, T> parse) {
        String flag = flag();
        String v = value();
        try {
            return parse.apply(v);
        } catch (IllegalArgumentException e) {
            fail(flag + ": " + e.getMessage());
            throw e;
        }
    }

    /** Rejects the current flag as unknown. */
    public void unknown() {
        fail("unknown argument " + flag());
    }

    /** Prints {@code reason} and the usage to stderr and exits with {@link #USAGE_EXIT}. */
    public void fail(String reason) {
        err.println(command + ": " + reason);
        err.println("usage: " + usage);
        exit.accept(USAGE_EXIT);
        throw new IllegalStateException("exit returned"); // System.exit does not
    }
}
