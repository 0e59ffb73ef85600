package io.bertstream.kafka;

/** The broker did not come up; the message says why and ends with the tail of its log. */
public class BrokerStartException extends RuntimeException {
    public BrokerStartException(String message) {
        super(message);
    }
}
