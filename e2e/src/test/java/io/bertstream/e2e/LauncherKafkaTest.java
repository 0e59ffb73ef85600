package io.bertstream.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.ServerSocket;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code ./bertstream kafka start|status|stop} as a user runs it, with a real client in between. */
class LauncherKafkaTest {

    @TempDir
    Path dir;

    @Test
    void startStatusUseStop() throws Exception {
        int port = freePort();
        int controllerPort = freePort();
        String[] where = {"--dir", dir.toString()};
        try {
            var start = Launcher.run(Map.of(), "kafka", "start", "--dir", dir.toString(),
                    "--port", Integer.toString(port), "--controller-port", Integer.toString(controllerPort));
            assertEquals(0, start.exitCode(), start.output());
            assertTrue(start.output().contains("Kafka is up at localhost:" + port), start.output());

            var status = Launcher.run(Map.of(), "kafka", "status", where[0], where[1]);
            assertEquals(0, status.exitCode(), status.output());
            assertTrue(status.output().contains("1 node"), status.output());

            String bootstrap = "localhost:" + port;
            roundTrip(bootstrap);
        } finally {
            var stop = Launcher.run(Map.of(), "kafka", "stop", where[0], where[1]);
            assertEquals(0, stop.exitCode(), stop.output());
        }
        var down = Launcher.run(Map.of(), "kafka", "status", where[0], where[1]);
        assertEquals(3, down.exitCode(), down.output());
        assertTrue(down.output().contains("not running"), down.output());
    }

    @Test
    void anExternalClusterIsUsedInsteadOfStartingOne() throws Exception {
        var start = Launcher.run(Map.of("KAFKA_BOOTSTRAP_SERVERS", "kafka.example:9092"), "kafka", "start", "--dir", dir.toString());
        assertEquals(0, start.exitCode(), start.output());
        assertTrue(start.output().contains("not starting a local broker"), start.output());
        var status = Launcher.run(Map.of(), "kafka", "status", "--dir", dir.toString());
        assertEquals(3, status.exitCode(), "nothing was started: " + status.output());
    }

    @Test
    void anUnknownCommandIsAUsageError() throws Exception {
        var result = Launcher.run(Map.of(), "frobnicate");
        assertEquals(2, result.exitCode(), result.output());
        assertTrue(result.output().contains("unknown command 'frobnicate'"), result.output());
    }

    private static void roundTrip(String bootstrap) {
        var producerConfig = Map.<String, Object>of(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap, ProducerConfig.ACKS_CONFIG, "all");
        try (var producer = new KafkaProducer<>(producerConfig, new StringSerializer(), new StringSerializer())) {
            for (int i = 0; i < 10; i++) {
                producer.send(new ProducerRecord<>("sentences", "k", "hello " + i));
            }
            producer.flush();
        }
        var consumerConfig = Map.<String, Object>of(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap,
                ConsumerConfig.GROUP_ID_CONFIG, "launcher-test", ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
        List<String> read = new ArrayList<>();
        try (var consumer = new KafkaConsumer<>(consumerConfig, new StringDeserializer(), new StringDeserializer())) {
            consumer.subscribe(List.of("sentences"));
            long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
            while (read.size() < 10 && System.nanoTime() < deadline) {
                consumer.poll(Duration.ofMillis(500)).forEach(r -> read.add(r.value()));
            }
        }
        // One key, one partition: the order is kept.
        assertEquals(java.util.stream.IntStream.range(0, 10).mapToObj(i -> "hello " + i).toList(), read);
    }

    private static int freePort() throws Exception {
        try (ServerSocket s = new ServerSocket(0)) {
            return s.getLocalPort();
        }
    }
}
