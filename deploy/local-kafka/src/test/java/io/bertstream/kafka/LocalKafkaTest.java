package io.bertstream.kafka;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A broker of its own (not the shared one): start, produce, consume, restart on the same data. */
class LocalKafkaTest {

    @TempDir
    Path dir;

    @Test
    void recordsSurviveARestartOnTheSameDataFolder() throws Exception {
        List<String> values = IntStream.range(0, 200).mapToObj(i -> "sentence " + i + " \u00e9\u4e2d").toList();
        RunningBroker broker = LocalKafka.start(BrokerSettings.forTests(dir), LocalKafka.Lifetime.TIED_TO_THIS_JVM);
        try {
            KafkaClients.produce(broker.bootstrapServers(), "sentences", values);
            assertEquals(values.size(), KafkaClients.consume(broker.bootstrapServers(), "sentences", values.size()).size());
            assertTrue(LocalKafka.attach(dir).isPresent(), "a running broker is found from its data folder");
        } finally {
            broker.stop();
        }
        assertFalse(broker.isAlive());
        assertTrue(LocalKafka.attach(dir).isEmpty(), "a stopped broker is not reported as running");

        RunningBroker again = LocalKafka.start(broker.settings(), LocalKafka.Lifetime.TIED_TO_THIS_JVM);
        try {
            assertEquals(broker.bootstrapServers(), again.bootstrapServers());
            List<String> read = KafkaClients.consume(again.bootstrapServers(), "sentences", values.size());
            // Partitions interleave, so compare as multisets.
            assertEquals(values.stream().sorted().toList(), read.stream().sorted().toList());
        } finally {
            again.stop();
        }
    }

    @Test
    void aPortInUseIsReportedWithoutStartingAnything() throws Exception {
        try (ServerSocket taken = new ServerSocket()) {
            taken.bind(new InetSocketAddress("localhost", 0));
            var settings = BrokerSettings.forTests(dir).withPorts(taken.getLocalPort(), 0);
            var error = assertThrows(BrokerStartException.class,
                    () -> LocalKafka.start(settings, LocalKafka.Lifetime.TIED_TO_THIS_JVM));
            assertTrue(error.getMessage().contains("port localhost:" + taken.getLocalPort() + " is in use"), error.getMessage());
        }
        assertTrue(LocalKafka.attach(dir).isEmpty());
    }

    @Test
    void aBrokerThatCannotStartFailsWithItsLogTail() throws Exception {
        // log.dirs pointing at a regular file: the broker exits during start-up.
        Path notADirectory = Files.writeString(dir.resolve("file"), "x");
        var defaults = BrokerSettings.forTests(dir);
        var settings = new BrokerSettings(dir, defaults.host(), 0, 0, 1, defaults.startTimeout(), "256m",
                java.util.Map.of("log.dirs", notADirectory.toString()), false);
        var error = assertThrows(BrokerStartException.class,
                () -> LocalKafka.start(settings, LocalKafka.Lifetime.TIED_TO_THIS_JVM));
        assertTrue(error.getMessage().contains("exited during start-up"), error.getMessage());
        assertTrue(error.getMessage().contains(notADirectory.toString()), "the log tail names the bad folder: " + error.getMessage());
    }
}
