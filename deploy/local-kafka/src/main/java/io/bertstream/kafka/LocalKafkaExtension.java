package io.bertstream.kafka;

import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.ParameterContext;
import org.junit.jupiter.api.extension.ParameterResolver;

/**
 * JUnit 5 extension: {@code @ExtendWith(LocalKafkaExtension.class)} gives the test class the shared
 * broker of this test run, as the system property {@code kafka.bootstrap.servers} and as a
 * {@link BootstrapServers} parameter.
 */
public final class LocalKafkaExtension implements BeforeAllCallback, ParameterResolver {

    @Override
    public void beforeAll(ExtensionContext context) {
        System.setProperty("kafka.bootstrap.servers", SharedBroker.bootstrapServers());
    }

    @Override
    public boolean supportsParameter(ParameterContext parameter, ExtensionContext extension) {
        return parameter.getParameter().getType() == BootstrapServers.class;
    }

    @Override
    public Object resolveParameter(ParameterContext parameter, ExtensionContext extension) {
        return new BootstrapServers(SharedBroker.bootstrapServers());
    }
}
