package io.bertstream.k8scheck;

import java.io.IOException;
import java.io.Reader;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * What a service will use when it runs in a container: its application.properties, overridden
 * by the container's environment as MicroProfile Config does ({@code bertstream.topics.tokens} ←
 * {@code BERTSTREAM_TOPICS_TOKENS}), with {@code ${...}} expanded; and the Quarkus paths its
 * extensions serve.
 */
final class ServiceConfig {
    /** A Kafka input channel: the topic and consumer group a service reads. */
    record KafkaInput(String channel, String topic, String group) {
    }

    private static final Pattern REFERENCE = Pattern.compile("\\$\\{([^}:]+)(?::([^}]*))?}");
    private static final Pattern INCOMING_KAFKA = Pattern.compile("mp\\.messaging\\.incoming\\.([^.]+)\\.connector");

    private final Path module;
    private final Properties properties;
    private final Map<String, String> env;

    private ServiceConfig(Path module, Properties properties, Map<String, String> env) {
        this.module = module;
        this.properties = properties;
        this.env = env;
    }

    /** The service in the module folder, seen with the container environment {@code env}. */
    static ServiceConfig load(Path module, Map<String, String> env) {
        Properties properties = new Properties();
        try (Reader in = Files.newBufferedReader(module.resolve("src/main/resources/application.properties"))) {
            properties.load(in);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read the properties of " + module, e);
        }
        return new ServiceConfig(module, properties, env);
    }

    /** The environment variable that overrides a property, as MicroProfile Config names it. */
    static String envName(String key) {
        return key.toUpperCase().replaceAll("[^A-Z0-9]", "_");
    }

    /** Whether the service's properties have a setting this environment variable overrides. */
    boolean hasSettingFor(String envName) {
        return properties.stringPropertyNames().stream().anyMatch(key -> envName(key).equals(envName));
    }

    Optional<String> find(String key) {
        String fromEnv = env.get(envName(key));
        String raw = fromEnv != null ? fromEnv : properties.getProperty(key);
        return Optional.ofNullable(raw).map(this::expand);
    }

    String get(String key, String defaultValue) {
        return find(key).orElse(defaultValue);
    }

    private String expand(String value) {
        Matcher m = REFERENCE.matcher(value);
        StringBuilder out = new StringBuilder();
        while (m.find()) {
            String replacement = find(m.group(1)).or(() -> Optional.ofNullable(m.group(2)))
                    .orElseThrow(() -> new IllegalStateException(module + ": ${" + m.group(1) + "} is not set"));
            m.appendReplacement(out, Matcher.quoteReplacement(replacement));
        }
        return m.appendTail(out).toString();
    }

    int httpPort() {
        return Integer.parseInt(get("quarkus.http.port", "8080"));
    }

    String livenessPath() {
        return healthPath(get("quarkus.smallrye-health.liveness-path", "live"));
    }

    String readinessPath() {
        return healthPath(get("quarkus.smallrye-health.readiness-path", "ready"));
    }

    /** Quarkus joins these: a segment starting with '/' is absolute, otherwise it is under the one before. */
    private String healthPath(String leaf) {
        return join(join(nonApplicationRoot(), get("quarkus.smallrye-health.root-path", "health")), leaf);
    }

    String metricsPath() {
        return join(nonApplicationRoot(), get("quarkus.micrometer.export.prometheus.path", "metrics"));
    }

    private String nonApplicationRoot() {
        return join(get("quarkus.http.root-path", "/"), get("quarkus.http.non-application-root-path", "q"));
    }

    private static String join(String parent, String child) {
        if (child.startsWith("/")) {
            return child;
        }
        return (parent.endsWith("/") ? parent : parent + "/") + child;
    }

    /** How long the service takes to drain on SIGTERM (quarkus.shutdown.timeout), if set. */
    Optional<Duration> drainTime() {
        return find("quarkus.shutdown.timeout").map(ServiceConfig::duration);
    }

    /** Quarkus durations: "20s", "2m", "PT20S", or plain seconds. */
    static Duration duration(String text) {
        String t = text.trim();
        if (t.startsWith("P") || t.startsWith("p")) {
            return Duration.parse(t);
        }
        if (t.matches("\\d+")) {
            return Duration.ofSeconds(Long.parseLong(t));
        }
        return Duration.parse("PT" + t.toUpperCase());
    }

    /** The service's one Kafka input channel, when it has one configured. */
    Optional<KafkaInput> kafkaInput() {
        return properties.stringPropertyNames().stream()
                .map(INCOMING_KAFKA::matcher)
                .filter(m -> m.matches() && "smallrye-kafka".equals(properties.getProperty(m.group())))
                .map(m -> m.group(1))
                .sorted()
                .findFirst()
                .map(channel -> new KafkaInput(channel,
                        get("mp.messaging.incoming." + channel + ".topic", channel),
                        get("mp.messaging.incoming." + channel + ".group.id", null)));
    }

    /** The topic an outgoing channel writes (the channel name when no topic is set). */
    String outgoingTopic(String channel) {
        return get("mp.messaging.outgoing." + channel + ".topic", channel);
    }

    /** Whether the service's pom depends on this artifact (a Quarkus extension that serves an endpoint). */
    boolean dependsOn(String artifactId) {
        try {
            return Files.readString(module.resolve("pom.xml")).contains("<artifactId>" + artifactId + "</artifactId>");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
