package io.bertstream.trainer.data;

/**
 * A data source cannot be fetched or does not look as expected: a missing tool or archive, a
 * checksum that does not match the pinned one, a file layout that changed. The message says what
 * to do; the command line prints it without a stack trace.
 */
public class DataSourceException extends RuntimeException {
    public DataSourceException(String message) {
        super(message);
    }

    public DataSourceException(String message, Throwable cause) {
        super(message, cause);
    }
}
