package io.bertstream.trainer.data;

/** A labelled file that cannot be read as one: the message names the file and the line. */
public final class LabelledDataException extends IllegalArgumentException {
    LabelledDataException(String message) {
        super(message);
    }
}
