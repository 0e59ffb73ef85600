package io.bertstream.kafka;

import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;
import java.util.Map;

/**
 * Quarkus test resource: the shared broker of this test run for {@code @QuarkusTest} classes
 * ({@code @QuarkusTestResource(LocalKafkaTestResource.class)}). Quarkus's own Kafka resources want
 * Docker; this one starts a real KRaft broker from Maven Central artifacts.
 */
public final class LocalKafkaTestResource implements QuarkusTestResourceLifecycleManager {

    @Override
    public Map<String, String> start() {
        return Map.of("kafka.bootstrap.servers", SharedBroker.bootstrapServers());
    }

    @Override
    public void stop() {
        // The broker outlives one application restart; SharedBroker stops it when the JVM exits.
    }
}
