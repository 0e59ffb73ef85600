package io.bertstream.inference;

/** A record the model cannot take; the message is the dead-letter reason. */
public class BadRecordException extends RuntimeException {
    public BadRecordException(String reason) {
        super(reason, null, false, false);
    }
}
