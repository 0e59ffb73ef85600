package io.bertstream.kafka;

import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import picocli.CommandLine;

/**
 * Kafka client settings for the command-line tools: the bootstrap address (option, else
 * {@code KAFKA_BOOTSTRAP_SERVERS}, else the local broker's default) plus any standard client
 * setting given as a {@code KAFKA_*} environment variable, as the services read them
 * ({@code KAFKA_SECURITY_PROTOCOL=SASL_SSL} becomes {@code security.protocol=SASL_SSL}).
 */
final class ClientSettings {

    static final String DEFAULT_BOOTSTRAP = "localhost:" + BrokerSettings.DEFAULT_PORT;

    private ClientSettings() {}

    /**
     * A client tool's command line: a failure (broker unreachable, authentication refused) prints
     * its cause in one line and exits 1, without a stack trace.
     */
    static CommandLine commandLine(Object command) {
        CommandLine cl = new CommandLine(command);
        cl.setExecutionExceptionHandler((ex, cmd, parse) -> {
            Throwable cause = ex;
            while (cause.getCause() != null) {
                cause = cause.getCause();
            }
            cmd.getErr().println(cmd.getCommandName() + ": " + cause.getMessage());
            return 1;
        });
        return cl;
    }

    static String bootstrap(String option) {
        if (option != null && !option.isBlank()) {
            return option;
        }
        return Optional.ofNullable(System.getenv(SharedBroker.BOOTSTRAP_ENV)).filter(s -> !s.isBlank()).orElse(DEFAULT_BOOTSTRAP);
    }

    static Map<String, Object> of(String bootstrap, Map<String, String> environment) {
        Map<String, Object> config = new HashMap<>();
        environment.forEach((name, value) -> {
            if (name.startsWith("KAFKA_") && !name.equals(SharedBroker.BOOTSTRAP_ENV)) {
                config.put(name.substring("KAFKA_".length()).toLowerCase().replace('_', '.'), value);
            }
        });
        config.put("bootstrap.servers", bootstrap);
        return config;
    }
}
