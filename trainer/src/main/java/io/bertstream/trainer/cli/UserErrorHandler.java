package io.bertstream.trainer.cli;

import java.nio.file.NoSuchFileException;
import picocli.CommandLine;

/**
 * Turns user mistakes into one clear line on stderr and exit code 2; anything else is a bug and
 * keeps its stack trace (exit code 1).
 */
final class UserErrorHandler implements CommandLine.IExecutionExceptionHandler {

    static final int USER_ERROR = 2;

    @Override
    public int handleExecutionException(
            Exception ex, CommandLine cmd, CommandLine.ParseResult parseResult) {
        String message = userMessage(ex);
        if (message == null) {
            ex.printStackTrace(cmd.getErr());
            return 1;
        }
        cmd.getErr().println(cmd.getCommandName() + ": " + message);
        return USER_ERROR;
    }

    /** The message for a user mistake, or null for a bug. */
    static String userMessage(Throwable ex) {
        if (ex instanceof CliError || ex instanceof IllegalArgumentException) {
            return ex.getMessage();
        }
        if (ex instanceof NoSuchFileException missing) {
            return "no such file: " + missing.getFile();
        }
        return null;
    }
}
