package io.bertstream.k8scheck;

import io.fabric8.kubernetes.api.model.HasMetadata;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Every YAML file under deploy/k8s is what it claims: a Kubernetes object of a known kind, fields and all. */
class ManifestsParseTest {

    @Test
    void everyManifestIsTheKubernetesObjectItClaims() throws IOException {
        List<String> problems = new ArrayList<>();
        int objects = 0;
        for (Path file : yamlFiles()) {
            for (Map<String, Object> doc : Yaml.documents(file)) {
                if (file.getFileName().toString().equals("kustomization.yaml")) {
                    checkKustomization(file, doc, problems);
                    continue;
                }
                try {
                    KubernetesObjects.unknownFields(KubernetesObjects.typed(doc))
                            .forEach(field -> problems.add(file + ": unknown field " + field));
                    objects++;
                } catch (IllegalArgumentException e) {
                    problems.add(file + ": " + e.getMessage());
                }
            }
        }
        assertEquals(List.of(), problems);
        assertTrue(objects >= 20, "only " + objects + " objects found under " + Overlay.K8S);
    }

    private static void checkKustomization(Path file, Map<String, Object> doc, List<String> problems) {
        String kind = Tree.kind(doc);
        String expected = "Component".equals(kind) ? "kustomize.config.k8s.io/v1alpha1" : "kustomize.config.k8s.io/v1beta1";
        if (!List.of("Kustomization", "Component").contains(kind) || !expected.equals(Tree.string(doc, "apiVersion"))) {
            problems.add(file + ": not a Kustomization or Component: " + Tree.string(doc, "apiVersion") + " " + kind);
        }
    }

    @Test
    void renderedOverlaysAreKnownObjectsWithKnownFields() {
        for (String name : Overlay.NAMES) {
            for (Map<String, Object> object : Overlay.render(name).objects()) {
                HasMetadata typed = KubernetesObjects.typed(object);
                assertEquals(List.of(), KubernetesObjects.unknownFields(typed), name + ": " + typed.getKind());
            }
        }
    }

    @Test
    void aMisspeltFieldIsCaught() {
        Map<String, Object> deployment = Yaml.document(Overlay.K8S.resolve("base/tokenizer-deployment.yaml"));
        Map<String, Object> container = Overlay.container(deployment);
        container.put("readinesProbe", container.remove("readinessProbe"));
        assertEquals(List.of("Deployment.spec.template.spec.containers[0].readinesProbe"),
                KubernetesObjects.unknownFields(KubernetesObjects.typed(deployment)));
    }

    @Test
    void anUnknownApiVersionIsCaught() {
        Map<String, Object> deployment = Yaml.document(Overlay.K8S.resolve("base/tokenizer-deployment.yaml"));
        deployment.put("apiVersion", "apps/v2");
        assertThrows(IllegalArgumentException.class, () -> KubernetesObjects.typed(deployment));

        Map<String, Object> scaledObject = Yaml.documents(Overlay.K8S.resolve("components/keda/scaledobjects.yaml")).getFirst();
        scaledObject.put("apiVersion", "keda.sh/v1");
        assertThrows(IllegalArgumentException.class, () -> KubernetesObjects.typed(scaledObject));
    }

    static List<Path> yamlFiles() throws IOException {
        try (Stream<Path> files = Files.walk(Overlay.K8S)) {
            return files.filter(f -> f.toString().endsWith(".yaml")).sorted().toList();
        }
    }
}
