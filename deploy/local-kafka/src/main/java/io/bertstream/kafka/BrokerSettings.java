package io.bertstream.kafka;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;

/**
 * How to start a local broker.
 *
 * @param dataDir folder for the broker's logs, metadata, generated config and its own log file
 * @param host the host name the listeners bind to and advertise
 * @param port the client (PLAINTEXT) port; 0 picks a free one
 * @param controllerPort the KRaft controller port; 0 picks a free one
 * @param partitions default partition count of auto-created topics
 * @param startTimeout how long to wait for the broker to answer before giving up
 * @param heap the child JVM's maximum heap, e.g. "512m"
 * @param extra more server.properties entries; they override the defaults
 * @param secure SASL/SCRAM over TLS on the client listener instead of plaintext
 */
public record BrokerSettings(
        Path dataDir,
        String host,
        int port,
        int controllerPort,
        int partitions,
        Duration startTimeout,
        String heap,
        Map<String, String> extra,
        boolean secure) {

    public static final int DEFAULT_PORT = 9092;
    public static final int DEFAULT_CONTROLLER_PORT = 9093;

    public BrokerSettings {
        if (port < 0 || port > 65535 || controllerPort < 0 || controllerPort > 65535) {
            throw new IllegalArgumentException("ports must be in 0..65535, got " + port + " and " + controllerPort);
        }
        if (port != 0 && port == controllerPort) {
            throw new IllegalArgumentException("client and controller ports must differ, both are " + port);
        }
        if (partitions < 1) {
            throw new IllegalArgumentException("partitions must be at least 1, got " + partitions);
        }
        extra = Map.copyOf(extra);
    }

    /** Defaults for a broker in {@code dataDir}: localhost:9092, controller 9093, 3 partitions. */
    public static BrokerSettings defaults(Path dataDir) {
        return new BrokerSettings(
                dataDir, "localhost", DEFAULT_PORT, DEFAULT_CONTROLLER_PORT, 3, Duration.ofSeconds(90), "1g", Map.of(), false);
    }

    /** Settings for tests: free ports, the given folder. */
    public static BrokerSettings forTests(Path dataDir) {
        return defaults(dataDir).withPorts(0, 0);
    }

    public BrokerSettings withPorts(int newPort, int newControllerPort) {
        return new BrokerSettings(dataDir, host, newPort, newControllerPort, partitions, startTimeout, heap, extra, secure);
    }

    public BrokerSettings withPartitions(int newPartitions) {
        return new BrokerSettings(dataDir, host, port, controllerPort, newPartitions, startTimeout, heap, extra, secure);
    }

    public BrokerSettings withSecurity(boolean newSecure) {
        return new BrokerSettings(dataDir, host, port, controllerPort, partitions, startTimeout, heap, extra, newSecure);
    }
}
