package io.bertstream.trainer.cli;

/** A mistake the user can fix (bad argument, missing file, missing tool): printed without a stack trace. */
public class CliError extends RuntimeException {
    public CliError(String message) {
        super(message);
    }

    public CliError(String message, Throwable cause) {
        super(message, cause);
    }
}
