package io.bertstream.tokenizer;

/**
 * A record the service cannot serve. Its message is the reason written to the dead-letter topic
 * (header {@code dead-letter-reason}), so it names the problem in words a producer can act on.
 */
public class BadInputException extends RuntimeException {
    public BadInputException(String reason) {
        super(reason, null, false, false);
    }
}
