package io.bertstream.k8scheck;

import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/** The objects one overlay renders to, with look-ups by kind and name. */
record Overlay(String name, List<Map<String, Object>> objects) {

    /** Where the repository is: the build passes it; a run from the IDE is in deploy/k8s-check. */
    static final Path ROOT = Path.of(System.getProperty("bertstream.root", "../..")).toAbsolutePath().normalize();
    static final Path K8S = ROOT.resolve("deploy/k8s");
    static final List<String> NAMES = List.of("cpu", "gpu", "dev");

    static Overlay render(String name) {
        return new Overlay(name, Kustomize.render(K8S.resolve("overlays").resolve(name)));
    }

    List<Map<String, Object>> ofKind(String kind) {
        return objects.stream().filter(o -> kind.equals(Tree.kind(o))).toList();
    }

    Optional<Map<String, Object>> find(String kind, String name) {
        return ofKind(kind).stream().filter(o -> name.equals(Tree.name(o))).findFirst();
    }

    Map<String, Object> get(String kind, String name) {
        return find(kind, name).orElseThrow(() -> new AssertionError(this.name + ": no " + kind + " " + name));
    }

    /** The Deployment's container of its own name. */
    static Map<String, Object> container(Map<String, Object> deployment) {
        String name = Tree.name(deployment);
        return Tree.maps(deployment, "spec", "template", "spec", "containers").stream()
                .filter(c -> name.equals(Tree.string(c, "name")))
                .findFirst().orElseThrow(() -> new AssertionError("Deployment " + name + " has no container " + name));
    }

    /** The environment the container gets from its ConfigMaps (envFrom) and literal env values; secrets are left out. */
    Map<String, String> environment(Map<String, Object> container) {
        Map<String, String> env = new LinkedHashMap<>();
        for (Map<String, Object> source : Tree.maps(container, "envFrom")) {
            String configMap = Tree.string(source, "configMapRef", "name");
            if (configMap != null) {
                Tree.map(get("ConfigMap", configMap), "data").forEach((k, v) -> env.put(k, Objects.toString(v)));
            }
        }
        for (Map<String, Object> variable : Tree.maps(container, "env")) {
            if (Tree.get(variable, "value") != null) {
                env.put(Tree.string(variable, "name"), Tree.string(variable, "value"));
            }
        }
        return env;
    }

    /** The service's configuration as its Deployment's container will see it. */
    ServiceConfig serviceConfig(String deployment) {
        return ServiceConfig.load(ROOT.resolve(deployment), environment(container(get("Deployment", deployment))));
    }
}
