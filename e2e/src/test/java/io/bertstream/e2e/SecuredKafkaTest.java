package io.bertstream.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.bertstream.kafka.BrokerSettings;
import io.bertstream.kafka.LocalKafka;
import io.bertstream.kafka.RunningBroker;
import java.nio.file.Path;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The whole path against {@code kafka start --secure} (SASL/SCRAM over TLS): with the client
 * settings the broker wrote, the services and the client tools work; with a wrong password the
 * broker refuses them.
 */
class SecuredKafkaTest {

    @TempDir
    Path tmp;

    @Test
    void theWholePathWorksWithTheRightCredentialsAndIsRefusedWithWrongOnes() throws Exception {
        Path kafka = tmp.resolve("kafka");
        var start = Launcher.run(Map.of(), "kafka", "start", "--secure", "--dir", kafka.toString(),
                "--port", Integer.toString(ServiceProcess.freePort()), "--controller-port", Integer.toString(ServiceProcess.freePort()));
        assertEquals(0, start.exitCode(), start.output());
        RunningBroker broker = LocalKafka.attach(kafka).orElseThrow();
        try {
            Map<String, Object> client = LocalKafka.clientSettings(kafka);
            Map<String, String> sentences = TestModel.sentences(new Random(21), 60);
            try (Pipeline pipeline = new Pipeline(tmp, broker.bootstrapServers(), client, Map.of())) {
                pipeline.produceInBackground(sentences).join();
                pipeline.assertEverySentenceServed(sentences, "secured Kafka");
            }

            Map<String, String> wrong = new java.util.HashMap<>();
            client.forEach((k, v) -> wrong.put(LocalKafka.environmentVariable(k), v.toString()));
            wrong.put("KAFKA_BOOTSTRAP_SERVERS", broker.bootstrapServers());
            wrong.put("KAFKA_SASL_JAAS_CONFIG",
                    "org.apache.kafka.common.security.scram.ScramLoginModule required username=\"bertstream\" password=\"wrong\";");
            var refused = Launcher.run(wrong, "consume", "--topic", "anything", "--max", "1", "--idle-timeout", "15");
            var produced = Launcher.run(wrong, "produce", "--topic", "anything", tmp.resolve("bundle/vocab.txt").toString());
            assertEquals(1, produced.exitCode(), produced.output());
            assertTrue(produced.output().contains("Authentication failed"), produced.output());
            assertTrue(refused.output().contains("Authentication failed"), refused.output());
        } finally {
            broker.stop();
        }
    }
}
