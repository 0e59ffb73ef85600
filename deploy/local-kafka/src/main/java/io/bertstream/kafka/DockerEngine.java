package io.bertstream.kafka;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;

/** Whether a Docker engine is reachable, for the optional Testcontainers path. */
final class DockerEngine {

    private DockerEngine() {}

    /** Empty when an engine looks reachable; otherwise the reason it is not. */
    static Optional<String> whyUnavailable() {
        String host = System.getenv("DOCKER_HOST");
        if (host != null && !host.isBlank()) {
            return Optional.empty();
        }
        if (Files.exists(Path.of("/var/run/docker.sock"))) {
            return Optional.empty();
        }
        return Optional.of("no Docker engine here (DOCKER_HOST is unset and /var/run/docker.sock does not exist)");
    }
}
