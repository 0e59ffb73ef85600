package io.bertstream.k8scheck;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * Checks that a rendered overlay agrees with the services it runs: each returns the problems it
 * found, in words, so a test can show them all and a test with a broken manifest can expect one.
 */
final class WiringChecks {
    private WiringChecks() {
    }

    /** Port, probes, drain time, user and bundle of the service's Deployment, and its Service and ServiceMonitor. */
    static List<String> deployment(Overlay overlay, String name, ServiceConfig config) {
        List<String> problems = new ArrayList<>();
        Map<String, Object> deployment = overlay.get("Deployment", name);
        Map<String, Object> pod = Tree.map(deployment, "spec", "template", "spec");
        Map<String, Object> container = Overlay.container(deployment);
        int port = config.httpPort();

        Map<String, Object> http = Tree.maps(container, "ports").stream()
                .filter(p -> "http".equals(Tree.string(p, "name"))).findFirst().orElse(Map.of());
        if (!Objects.equals(Tree.get(http, "containerPort"), port)) {
            problems.add(name + ": container port 'http' is " + Tree.get(http, "containerPort") + ", the service listens on " + port);
        }
        if (!config.dependsOn("quarkus-smallrye-health")) {
            problems.add(name + ": probes on /q/health, but the service has no quarkus-smallrye-health");
        }
        probe(problems, name, container, "readinessProbe", config.readinessPath(), port);
        probe(problems, name, container, "livenessProbe", config.livenessPath(), port);
        probe(problems, name, container, "startupProbe", config.livenessPath(), port);

        Optional<Duration> drain = config.drainTime();
        Object grace = Tree.get(pod, "terminationGracePeriodSeconds");
        if (drain.isEmpty()) {
            problems.add(name + ": no drain time (quarkus.shutdown.timeout / QUARKUS_SHUTDOWN_TIMEOUT)");
        } else if (!(grace instanceof Integer seconds) || seconds <= drain.get().toSeconds()) {
            problems.add(name + ": terminationGracePeriodSeconds " + grace + " is not longer than the drain time " + drain.get());
        }
        if (!Boolean.TRUE.equals(Tree.get(pod, "securityContext", "runAsNonRoot"))
                && !Boolean.TRUE.equals(Tree.get(container, "securityContext", "runAsNonRoot"))) {
            problems.add(name + ": runAsNonRoot is not set");
        }
        String bundle = config.get("bertstream.bundle", "");
        if (Tree.maps(container, "volumeMounts").stream().noneMatch(m -> bundle.equals(Tree.string(m, "mountPath")))) {
            problems.add(name + ": the bundle " + bundle + " (BERTSTREAM_BUNDLE) is not a volume mount");
        }

        // A setting given to this container alone (an overlay's patch) must be one the service reads.
        for (Map<String, Object> variable : Tree.maps(container, "env")) {
            String variableName = Tree.string(variable, "name");
            if (variableName.startsWith("BERTSTREAM_") && !config.hasSettingFor(variableName)) {
                problems.add(name + ": env " + variableName + " is no setting of the service");
            }
        }

        Map<String, Object> service = overlay.get("Service", name);
        for (Map<String, Object> servicePort : Tree.maps(service, "spec", "ports")) {
            if (!Objects.equals(resolvePort(container, Tree.get(servicePort, "targetPort")), port)) {
                problems.add(name + ": Service targetPort " + Tree.get(servicePort, "targetPort") + " is not port " + port);
            }
        }
        problems.addAll(serviceMonitor(overlay, name, service, config));
        return problems;
    }

    private static List<String> serviceMonitor(Overlay overlay, String name, Map<String, Object> service, ServiceConfig config) {
        List<Map<String, Object>> monitors = overlay.ofKind("ServiceMonitor").stream()
                .filter(m -> Tree.map(service, "metadata", "labels").entrySet()
                        .containsAll(Tree.map(m, "spec", "selector", "matchLabels").entrySet()))
                .toList();
        if (monitors.isEmpty()) {
            return List.of(name + ": no ServiceMonitor selects its Service");
        }
        List<String> problems = new ArrayList<>();
        if (!config.dependsOn("quarkus-micrometer-registry-prometheus")) {
            problems.add(name + ": scraped, but the service has no quarkus-micrometer-registry-prometheus");
        }
        for (Map<String, Object> monitor : monitors) {
            for (Map<String, Object> endpoint : Tree.maps(monitor, "spec", "endpoints")) {
                if (!config.metricsPath().equals(Tree.string(endpoint, "path"))) {
                    problems.add(name + ": ServiceMonitor scrapes " + Tree.string(endpoint, "path") + ", metrics are at " + config.metricsPath());
                }
                boolean portExists = Tree.maps(service, "spec", "ports").stream()
                        .anyMatch(p -> Objects.equals(Tree.string(p, "name"), Tree.string(endpoint, "port")));
                if (!portExists) {
                    problems.add(name + ": ServiceMonitor port " + Tree.string(endpoint, "port") + " is not a port of the Service");
                }
            }
        }
        return problems;
    }

    private static void probe(List<String> problems, String name, Map<String, Object> container, String probe, String path, int port) {
        Map<String, Object> get = Tree.map(container, probe, "httpGet");
        if (!path.equals(Tree.string(get, "path"))) {
            problems.add(name + ": " + probe + " asks " + Tree.string(get, "path") + ", the service serves " + path);
        }
        if (!Objects.equals(resolvePort(container, Tree.get(get, "port")), port)) {
            problems.add(name + ": " + probe + " port " + Tree.get(get, "port") + " is not " + port);
        }
    }

    /** A port given by number or by the name of a container port. */
    private static Object resolvePort(Map<String, Object> container, Object port) {
        if (port instanceof String portName) {
            return Tree.maps(container, "ports").stream().filter(p -> portName.equals(Tree.string(p, "name")))
                    .map(p -> Tree.get(p, "containerPort")).findFirst().orElse(null);
        }
        return port;
    }

    /**
     * Exactly one scaler (a KEDA ScaledObject or an HPA) targets the Deployment; its maximum is at
     * most the input topic's partitions; a KEDA trigger reads the service's topic and group and
     * takes Kafka's address from the container's environment.
     */
    static List<String> scaler(Overlay overlay, String name, ServiceConfig.KafkaInput input, Map<String, Integer> partitions) {
        List<String> problems = new ArrayList<>();
        List<Map<String, Object>> scaledObjects = overlay.ofKind("ScaledObject").stream()
                .filter(s -> name.equals(Tree.string(s, "spec", "scaleTargetRef", "name"))).toList();
        List<Map<String, Object>> hpas = overlay.ofKind("HorizontalPodAutoscaler").stream()
                .filter(h -> name.equals(Tree.string(h, "spec", "scaleTargetRef", "name"))).toList();
        if (scaledObjects.size() + hpas.size() != 1) {
            return List.of(name + ": " + scaledObjects.size() + " ScaledObjects and " + hpas.size() + " HPAs target it; it needs exactly one");
        }
        Integer topicPartitions = partitions.get(input.topic());
        if (topicPartitions == null) {
            problems.add(name + ": no KafkaTopic " + input.topic());
        }
        Object max = scaledObjects.isEmpty() ? Tree.get(hpas.getFirst(), "spec", "maxReplicas")
                : Tree.get(scaledObjects.getFirst(), "spec", "maxReplicaCount");
        if (!(max instanceof Integer replicas) || (topicPartitions != null && replicas > topicPartitions)) {
            problems.add(name + ": at most " + max + " replicas, but " + input.topic() + " has " + topicPartitions
                    + " partitions (more consumers than partitions sit idle)");
        }
        for (Map<String, Object> scaledObject : scaledObjects) {
            problems.addAll(kafkaTriggers(overlay, name, scaledObject, input));
        }
        return problems;
    }

    private static List<String> kafkaTriggers(Overlay overlay, String name, Map<String, Object> scaledObject, ServiceConfig.KafkaInput input) {
        List<String> problems = new ArrayList<>();
        List<Map<String, Object>> triggers = Tree.maps(scaledObject, "spec", "triggers").stream()
                .filter(t -> "kafka".equals(Tree.string(t, "type"))).toList();
        if (triggers.isEmpty()) {
            problems.add(name + ": the ScaledObject has no kafka trigger");
        }
        Map<String, String> env = overlay.environment(Overlay.container(overlay.get("Deployment", name)));
        for (Map<String, Object> trigger : triggers) {
            Map<String, Object> metadata = Tree.map(trigger, "metadata");
            if (!input.topic().equals(Tree.string(metadata, "topic"))) {
                problems.add(name + ": KEDA watches topic " + Tree.string(metadata, "topic") + ", the service reads " + input.topic());
            }
            if (input.group() != null && !input.group().equals(Tree.string(metadata, "consumerGroup"))) {
                problems.add(name + ": KEDA watches group " + Tree.string(metadata, "consumerGroup") + ", the service's is " + input.group());
            }
            String bootstrapEnv = Tree.string(metadata, "bootstrapServersFromEnv");
            if (bootstrapEnv == null || !env.containsKey(bootstrapEnv)) {
                problems.add(name + ": KEDA's bootstrapServersFromEnv " + bootstrapEnv + " is not in the container's environment");
            }
        }
        return problems;
    }
}
