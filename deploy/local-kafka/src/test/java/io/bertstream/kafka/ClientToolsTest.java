package io.bertstream.kafka;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.Map;
import org.junit.jupiter.api.Test;

class ClientToolsTest {

    @Test
    void kafkaEnvironmentVariablesBecomeClientSettings() {
        var config = ClientSettings.of("b:9093", Map.of(
                "KAFKA_SECURITY_PROTOCOL", "SASL_SSL",
                "KAFKA_SASL_MECHANISM", "SCRAM-SHA-512",
                "KAFKA_BOOTSTRAP_SERVERS", "ignored:1",
                "HOME", "/root"));
        assertEquals(Map.of("bootstrap.servers", "b:9093", "security.protocol", "SASL_SSL", "sasl.mechanism", "SCRAM-SHA-512"), config);
    }

    @Test
    void aTabMakesAPairAndTextIsEscapedAsJson() {
        assertEquals("{\"text\": \"I came.\", \"text_pair\": \"I \\\"saw\\\".\"}", ProduceCli.pairJson("I came.\tI \"saw\"."));
        assertEquals("{\"text\": \"back\\\\slash \\u0001\"}", ProduceCli.pairJson("back\\slash \u0001"));
    }
}
