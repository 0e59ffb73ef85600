package io.bertstream.kafka;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.stream.Stream;

/**
 * One broker for a whole test JVM, started on first use (free ports, a temporary data folder) and
 * stopped when the JVM exits — or, when {@code KAFKA_BOOTSTRAP_SERVERS} is set, that cluster and
 * nothing started. Used by {@link LocalKafkaExtension} and {@link LocalKafkaTestResource}.
 */
public final class SharedBroker {

    public static final String BOOTSTRAP_ENV = "KAFKA_BOOTSTRAP_SERVERS";
    /** Where a Docker engine exists, {@code -Dbertstream.kafka.provider=testcontainers} asks for it. */
    public static final String PROVIDER_PROPERTY = "bertstream.kafka.provider";

    private static String bootstrapServers;
    private static RunningBroker broker;

    private SharedBroker() {}

    public static synchronized String bootstrapServers() {
        if (bootstrapServers != null) {
            return bootstrapServers;
        }
        String external = System.getenv(BOOTSTRAP_ENV);
        if (external != null && !external.isBlank()) {
            System.err.println("[bertstream] tests use the Kafka cluster at " + external + " (" + BOOTSTRAP_ENV + ")");
            bootstrapServers = external;
            return bootstrapServers;
        }
        if ("testcontainers".equals(System.getProperty(PROVIDER_PROPERTY))) {
            String skipped = DockerEngine.whyUnavailable().orElse(null);
            if (skipped == null) {
                try {
                    bootstrapServers = TestcontainersBroker.start();
                    System.err.println("[bertstream] Kafka for tests in a Testcontainers container at " + bootstrapServers);
                    return bootstrapServers;
                } catch (NoClassDefFoundError e) {
                    skipped = "org.testcontainers:testcontainers-kafka is not on this module's test classpath";
                }
            }
            System.err.println("[bertstream] " + PROVIDER_PROPERTY + "=testcontainers is skipped: " + skipped
                    + "; starting the local KRaft broker instead");
        }
        try {
            Path dir = Files.createTempDirectory("bertstream-kafka-");
            broker = LocalKafka.start(BrokerSettings.forTests(dir), LocalKafka.Lifetime.TIED_TO_THIS_JVM);
            Runtime.getRuntime().addShutdownHook(new Thread(() -> {
                broker.stop();
                deleteTree(dir);
            }, "stop-shared-kafka"));
            System.err.println("[bertstream] local Kafka broker for tests at " + broker.bootstrapServers() + " (data " + dir + ")");
            bootstrapServers = broker.bootstrapServers();
            return bootstrapServers;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static void deleteTree(Path dir) {
        try (Stream<Path> paths = Files.walk(dir)) {
            paths.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        } catch (IOException e) {
            // Left in the temp folder: harmless.
        }
    }
}
