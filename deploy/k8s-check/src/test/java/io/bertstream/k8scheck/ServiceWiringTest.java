package io.bertstream.k8scheck;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * The manifests agree with the services' own configuration (application.properties, poms), read
 * from the service modules, never copied here: ports, probe and metrics paths, drain time, the
 * Kafka topics and groups that KEDA watches, and replica caps against partitions.
 */
class ServiceWiringTest {
    private static final String TOKENIZER = "tokenizer-service";
    private static final String INFERENCE = "inference-service";

    /** Partitions per topic, from the Strimzi KafkaTopics. */
    static Map<String, Integer> partitions() {
        return Kustomize.render(Overlay.K8S.resolve("strimzi")).stream()
                .filter(o -> "KafkaTopic".equals(Tree.kind(o)))
                .collect(Collectors.toMap(Tree::name, o -> (Integer) Tree.get(o, "spec", "partitions")));
    }

    /**
     * What the inference-service reads: a SmallRye channel if it has one, else (its plain Kafka
     * client loop, issue 9) bertstream.topics.tokens and bertstream.inference.group-id; the topic
     * defaults to what the tokenizer writes, the group is unchecked while the service has none.
     */
    static ServiceConfig.KafkaInput inferenceInput(Overlay overlay) {
        ServiceConfig inference = overlay.serviceConfig(INFERENCE);
        String tokens = overlay.serviceConfig(TOKENIZER).outgoingTopic("tokens");
        return inference.kafkaInput().orElseGet(() -> new ServiceConfig.KafkaInput("tokens",
                inference.get("bertstream.topics.tokens", tokens), inference.find("bertstream.inference.group-id").orElse(null)));
    }

    @ParameterizedTest
    @ValueSource(strings = {"cpu", "gpu", "dev"})
    void deploymentsMatchTheServices(String name) {
        Overlay overlay = Overlay.render(name);
        for (String service : List.of(TOKENIZER, INFERENCE)) {
            assertEquals(List.of(), WiringChecks.deployment(overlay, service, overlay.serviceConfig(service)));
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"cpu", "gpu", "dev"})
    void scalersWatchWhatTheServicesRead(String name) {
        Overlay overlay = Overlay.render(name);
        ServiceConfig.KafkaInput tokenizerInput = overlay.serviceConfig(TOKENIZER).kafkaInput().orElseThrow();
        assertEquals(List.of(), WiringChecks.scaler(overlay, TOKENIZER, tokenizerInput, partitions()));
        assertEquals(List.of(), WiringChecks.scaler(overlay, INFERENCE, inferenceInput(overlay), partitions()));
    }

    @ParameterizedTest
    @ValueSource(strings = {"cpu", "gpu", "dev"})
    void inferenceReadsTheTopicTheTokenizerWrites(String name) {
        Overlay overlay = Overlay.render(name);
        assertEquals(overlay.serviceConfig(TOKENIZER).outgoingTopic("tokens"), inferenceInput(overlay).topic());
    }

    @Test
    void inferenceHasAConsumerGroupForKedaToWatch() {
        Overlay overlay = Overlay.render("cpu");
        assumeTrue(overlay.serviceConfig(INFERENCE).find("bertstream.inference.group-id").isPresent()
                        || overlay.serviceConfig(INFERENCE).kafkaInput().isPresent(),
                "inference-service has no Kafka consumer configured yet (issue 9): its group is not checked");
        assertTrue(inferenceInput(overlay).group() != null, "inference-service's input has no group id");
    }

    @Test
    void aWrongContainerPortIsCaught() {
        Overlay overlay = Overlay.render("cpu");
        Overlay.container(overlay.get("Deployment", TOKENIZER)).put("ports", List.of(Map.of("name", "http", "containerPort", 8080)));
        List<String> problems = WiringChecks.deployment(overlay, TOKENIZER, overlay.serviceConfig(TOKENIZER));
        assertTrue(problems.contains("tokenizer-service: container port 'http' is 8080, the service listens on 8081"), problems.toString());
    }

    @Test
    void aProbeOnAPathTheServiceDoesNotServeIsCaught() {
        Overlay overlay = Overlay.render("cpu");
        Tree.map(Overlay.container(overlay.get("Deployment", INFERENCE)), "readinessProbe", "httpGet").put("path", "/health/ready");
        List<String> problems = WiringChecks.deployment(overlay, INFERENCE, overlay.serviceConfig(INFERENCE));
        assertTrue(problems.contains("inference-service: readinessProbe asks /health/ready, the service serves /q/health/ready"), problems.toString());
    }

    @Test
    void aMisspeltSettingInAPatchIsCaught() {
        Overlay overlay = Overlay.render("gpu");
        Map<String, Object> provider = Tree.maps(Overlay.container(overlay.get("Deployment", INFERENCE)), "env").getFirst();
        assertEquals("BERTSTREAM_INFERENCE_EXECUTION_PROVIDER", provider.get("name"));
        provider.put("name", "BERTSTREAM_INFERENCE_EXECUTION_PROVIDERS");
        List<String> problems = WiringChecks.deployment(overlay, INFERENCE, overlay.serviceConfig(INFERENCE));
        assertEquals(List.of("inference-service: env BERTSTREAM_INFERENCE_EXECUTION_PROVIDERS is no setting of the service"), problems);
    }

    @Test
    void aGracePeriodNotLongerThanTheDrainIsCaught() {
        Overlay overlay = Overlay.render("cpu");
        Tree.map(overlay.get("Deployment", TOKENIZER), "spec", "template", "spec").put("terminationGracePeriodSeconds", 20);
        List<String> problems = WiringChecks.deployment(overlay, TOKENIZER, overlay.serviceConfig(TOKENIZER));
        assertTrue(problems.stream().anyMatch(p -> p.contains("terminationGracePeriodSeconds 20")), problems.toString());
    }

    @Test
    void aTopicRenamedInTheConfigMapButNotInKedaIsCaught() {
        Overlay overlay = Overlay.render("cpu");
        Tree.map(overlay.get("ConfigMap", "bertstream-config"), "data").put("BERTSTREAM_TOPICS_SENTENCES", "sentences-v2");
        ServiceConfig.KafkaInput input = overlay.serviceConfig(TOKENIZER).kafkaInput().orElseThrow();
        assertEquals("sentences-v2", input.topic());
        List<String> problems = WiringChecks.scaler(overlay, TOKENIZER, input, Map.of("sentences-v2", 6));
        assertEquals(List.of("tokenizer-service: KEDA watches topic sentences, the service reads sentences-v2"), problems);
    }

    @Test
    void aWrongGroupAndMoreReplicasThanPartitionsAreCaught() {
        Overlay overlay = Overlay.render("cpu");
        Map<String, Object> scaledObject = overlay.get("ScaledObject", TOKENIZER);
        Tree.map(scaledObject, "spec").put("maxReplicaCount", 7);
        Tree.map(Tree.maps(scaledObject, "spec", "triggers").getFirst(), "metadata").put("consumerGroup", "tokenizer");
        List<String> problems = WiringChecks.scaler(overlay, TOKENIZER, overlay.serviceConfig(TOKENIZER).kafkaInput().orElseThrow(), partitions());
        assertEquals(List.of(
                "tokenizer-service: at most 7 replicas, but sentences has 6 partitions (more consumers than partitions sit idle)",
                "tokenizer-service: KEDA watches group tokenizer, the service's is bertstream-tokenizer"), problems);
    }

    @Test
    void anHpaNextToAScaledObjectIsCaught() {
        Overlay cpu = Overlay.render("cpu");
        Overlay both = new Overlay("cpu+hpa", new ArrayList<>(cpu.objects()));
        both.objects().addAll(Overlay.render("dev").ofKind("HorizontalPodAutoscaler"));
        List<String> problems = WiringChecks.scaler(both, INFERENCE, inferenceInput(both), partitions());
        assertEquals(List.of("inference-service: 1 ScaledObjects and 1 HPAs target it; it needs exactly one"), problems);
    }
}
