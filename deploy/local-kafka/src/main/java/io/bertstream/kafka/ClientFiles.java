package io.bertstream.kafka;

import java.io.IOException;
import java.io.Reader;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Properties;

/**
 * The client settings of a secured local broker, in its data folder: {@code client.properties}
 * (for Kafka's own tools and any client) and {@code client.env} ({@code KAFKA_*} variables, as the
 * services and {@code ./bertstream produce/consume} read them).
 */
final class ClientFiles {

    private ClientFiles() {}

    static Path properties(Path dataDir) {
        return dataDir.resolve("client.properties");
    }

    static Path env(Path dataDir) {
        return dataDir.resolve("client.env");
    }

    static void write(Path dataDir, String bootstrap, Map<String, String> settings) {
        StringBuilder props = new StringBuilder("# Client settings of the local secured broker (SASL_SSL).\n");
        StringBuilder env = new StringBuilder("# Source with: set -a; . client.env; set +a\nKAFKA_BOOTSTRAP_SERVERS=" + bootstrap + "\n");
        settings.forEach((k, v) -> {
            props.append(k).append('=').append(v.replace("\\", "\\\\")).append('\n');
            env.append(LocalKafka.environmentVariable(k)).append("='").append(v).append("'\n");
        });
        try {
            Files.writeString(properties(dataDir), props);
            Files.writeString(env(dataDir), env);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The client settings of the broker in {@code dataDir}; empty for a plaintext broker. */
    static Map<String, Object> settings(Path dataDir) {
        Path file = properties(dataDir);
        Map<String, Object> settings = new LinkedHashMap<>();
        if (!Files.exists(file)) {
            return settings;
        }
        Properties props = new Properties();
        try (Reader r = Files.newBufferedReader(file)) {
            props.load(r);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        props.forEach((k, v) -> settings.put((String) k, v));
        return settings;
    }
}
