package io.bertstream.kafka;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

class DockerEngineTest {

    @Test
    void saysWhyTestcontainersCannotRunWhereThereIsNoEngine() {
        boolean engine = System.getenv("DOCKER_HOST") != null || Files.exists(Path.of("/var/run/docker.sock"));
        assertEquals(engine, DockerEngine.whyUnavailable().isEmpty());
        DockerEngine.whyUnavailable().ifPresent(reason -> assertTrue(reason.contains("no Docker engine"), reason));
    }
}
