package io.bertstream.k8scheck;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/** The overlays render to what each is for; where kubectl is installed, exactly as kubectl kustomize renders them. */
class OverlayRenderTest {
    private static final Set<String> APP = Set.of(
            "ConfigMap bertstream-config", "PersistentVolumeClaim bertstream-bundle", "PersistentVolumeClaim bertstream-corpus",
            "Job bertstream-trainer", "ServiceMonitor bertstream",
            "Deployment tokenizer-service", "Service tokenizer-service", "PodDisruptionBudget tokenizer-service",
            "Deployment inference-service", "Service inference-service", "PodDisruptionBudget inference-service");

    @ParameterizedTest
    @ValueSource(strings = {"cpu", "gpu", "dev"})
    void anOverlayRendersTheWholeApplicationInItsNamespace(String name) {
        Overlay overlay = Overlay.render(name);
        Set<String> rendered = overlay.objects().stream().map(o -> Tree.kind(o) + " " + Tree.name(o)).collect(Collectors.toSet());
        assertTrue(rendered.containsAll(APP), name + " lacks " + APP.stream().filter(a -> !rendered.contains(a)).toList());
        Set<String> namespaces = overlay.objects().stream().map(o -> Tree.string(o, "metadata", "namespace")).collect(Collectors.toSet());
        assertEquals(Set.of(name.equals("dev") ? "bertstream-dev" : "bertstream"), namespaces);
        String scaler = name.equals("dev") ? "HorizontalPodAutoscaler" : "ScaledObject";
        assertEquals(2, overlay.ofKind(scaler).size(), name + " scales with " + scaler);
    }

    @Test
    void theGpuOverlayPutsInferenceOnAGpuWithCuda() {
        Overlay gpu = Overlay.render("gpu");
        Map<String, Object> deployment = gpu.get("Deployment", "inference-service");
        Map<String, Object> container = Overlay.container(deployment);
        assertEquals(1, Tree.get(container, "resources", "limits", "nvidia.com/gpu"));
        assertEquals(1, Tree.get(container, "resources", "requests", "nvidia.com/gpu"));
        assertEquals("cuda", gpu.environment(container).get("BERTSTREAM_INFERENCE_EXECUTION_PROVIDER"));
        assertTrue(Tree.string(container, "image").endsWith("-gpu"), Tree.string(container, "image"));
        assertFalse(Tree.maps(deployment, "spec", "template", "spec", "tolerations").isEmpty());
        assertFalse(Tree.map(deployment, "spec", "template", "spec", "nodeSelector").isEmpty());
        // The patch adds to the container: the Kafka credentials stay.
        assertTrue(gpu.environment(container).containsKey("KAFKA_BOOTSTRAP_SERVERS"));
        assertEquals(4, Tree.maps(container, "env").size());
        assertFalse(Overlay.render("cpu").objects().toString().contains("nvidia.com/gpu"));
        assertFalse(Tree.string(Overlay.container(gpu.get("Deployment", "tokenizer-service")), "image").endsWith("-gpu"));
    }

    @Test
    void aFieldTheRendererDoesNotKnowIsAnError(@TempDir Path dir) throws IOException {
        Files.writeString(dir.resolve("kustomization.yaml"), "apiVersion: kustomize.config.k8s.io/v1beta1\nkind: Kustomization\nnamePrefix: x-\n");
        assertThrows(IllegalArgumentException.class, () -> Kustomize.render(dir));
    }

    @ParameterizedTest
    @ValueSource(strings = {"overlays/cpu", "overlays/gpu", "overlays/dev", "strimzi"})
    void rendersAsKubectlKustomizeDoes(String dir) throws IOException, InterruptedException {
        Path out = Files.createTempFile("kustomize", ".yaml");
        try {
            Process kubectl;
            try {
                kubectl = new ProcessBuilder("kubectl", "kustomize", Overlay.K8S.resolve(dir).toString())
                        .redirectOutput(out.toFile()).redirectError(ProcessBuilder.Redirect.INHERIT).start();
            } catch (IOException notInstalled) {
                assumeTrue(false, "kubectl is not installed: only the built-in renderer checked " + dir);
                return;
            }
            assertTrue(kubectl.waitFor(60, TimeUnit.SECONDS), "kubectl kustomize did not finish");
            assertEquals(0, kubectl.exitValue(), "kubectl kustomize " + dir);
            assertEquals(byId(Yaml.documents(out)), byId(Kustomize.render(Overlay.K8S.resolve(dir))));
        } finally {
            Files.delete(out);
        }
    }

    private static Map<String, Map<String, Object>> byId(List<Map<String, Object>> objects) {
        Map<String, Map<String, Object>> byId = new TreeMap<>();
        objects.forEach(o -> byId.put(Tree.kind(o) + " " + Tree.string(o, "metadata", "namespace") + "/" + Tree.name(o), o));
        return byId;
    }
}
