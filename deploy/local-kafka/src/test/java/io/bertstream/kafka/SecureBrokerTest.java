package io.bertstream.kafka;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.errors.SaslAuthenticationException;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code kafka start --secure}: SASL/SCRAM over TLS works with the right credentials and refuses wrong ones. */
class SecureBrokerTest {

    @TempDir
    Path dir;

    @Test
    void rightCredentialsWorkAndWrongOnesAreRefused() throws Exception {
        RunningBroker broker = LocalKafka.start(BrokerSettings.forTests(dir).withSecurity(true), LocalKafka.Lifetime.TIED_TO_THIS_JVM);
        try {
            Map<String, Object> client = ClientFiles.settings(dir);
            assertEquals("SASL_SSL", client.get("security.protocol"));
            assertTrue(Files.readString(ClientFiles.env(dir)).contains("KAFKA_BOOTSTRAP_SERVERS=" + broker.bootstrapServers()));
            try (BrokerProbe plaintext = new BrokerProbe(broker.bootstrapServers())) {
                assertFalse(plaintext.answers(Duration.ofSeconds(3)), "a plaintext client gets no answer");
            }

            send(broker.bootstrapServers(), client, "secured");
            List<String> read = KafkaClients.consume(broker.bootstrapServers(), "secured", 1, client);
            assertEquals(List.of("hello"), read);

            Map<String, Object> wrong = new HashMap<>(client);
            wrong.put("sasl.jaas.config", ServerProperties.jaas(LocalKafka.CLIENT_USER, "not-the-password"));
            String bootstrap = broker.bootstrapServers();
            var error = assertThrows(ExecutionException.class, () -> send(bootstrap, wrong, "secured"));
            assertInstanceOf(SaslAuthenticationException.class, error.getCause());

            broker.stop();
            broker = LocalKafka.start(broker.settings(), LocalKafka.Lifetime.TIED_TO_THIS_JVM);
            assertTrue(LocalKafka.attach(dir).orElseThrow().settings().secure(), "a restart keeps the users and certificates");
            assertEquals(List.of("hello"), KafkaClients.consume(broker.bootstrapServers(), "secured", 1, client));
        } finally {
            broker.stop();
        }
    }

    private static void send(String bootstrap, Map<String, Object> security, String topic) throws Exception {
        Map<String, Object> config = new HashMap<>(security);
        config.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
        config.put(ProducerConfig.MAX_BLOCK_MS_CONFIG, 15_000);
        try (var producer = new KafkaProducer<>(config, new StringSerializer(), new StringSerializer())) {
            producer.send(new ProducerRecord<>(topic, "k", "hello")).get();
        }
    }
}
