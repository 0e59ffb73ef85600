package io.bertstream.kafka;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

@ExtendWith(LocalKafkaExtension.class)
class LocalKafkaExtensionTest {

    @Test
    void sharedBrokerIsInjectedAndAnswers(BootstrapServers bootstrap) throws Exception {
        assertEquals(bootstrap.value(), System.getProperty("kafka.bootstrap.servers"));
        assertEquals(bootstrap.value(), SharedBroker.bootstrapServers(), "one broker per test run");
        KafkaClients.produce(bootstrap.value(), "shared-topic", List.of("a", "b", "c"));
        assertEquals(List.of("a", "b", "c").size(), KafkaClients.consume(bootstrap.value(), "shared-topic", 3).size());
    }
}
