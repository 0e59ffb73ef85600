package io.bertstream.kafka;

/** The {@code bootstrap.servers} of the test run's broker, injected by {@link LocalKafkaExtension}. */
public record BootstrapServers(String value) {
    @Override
    public String toString() {
        return value;
    }
}
