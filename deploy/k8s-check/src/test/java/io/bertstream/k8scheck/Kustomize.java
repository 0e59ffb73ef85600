package io.bertstream.k8scheck;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

/**
 * Renders a kustomization the way {@code kubectl kustomize} does, for the fields deploy/k8s
 * uses: resources (files and folders), components, patches (strategic merge, target found by
 * kind and name), namespace, labels (metadata only) and images. Any other field is an error, so
 * a manifest that starts using one fails here instead of rendering wrongly.
 */
final class Kustomize {
    private static final Set<String> SUPPORTED = Set.of(
            "apiVersion", "kind", "resources", "components", "patches", "namespace", "labels", "images");

    private Kustomize() {
    }

    static List<Map<String, Object>> render(Path dir) {
        return build(dir, List.of());
    }

    private static List<Map<String, Object>> build(Path dir, List<Map<String, Object>> inherited) {
        Map<String, Object> k = Yaml.document(dir.resolve("kustomization.yaml"));
        for (String field : k.keySet()) {
            if (!SUPPORTED.contains(field)) {
                throw new IllegalArgumentException(dir + ": kustomization field '" + field + "' is not supported by this check");
            }
        }
        List<Map<String, Object>> objects = new ArrayList<>(inherited);
        for (String resource : strings(k.get("resources"))) {
            Path path = dir.resolve(resource).normalize();
            objects.addAll(Files.isDirectory(path) ? render(path) : Yaml.documents(path));
        }
        for (String component : strings(k.get("components"))) {
            objects = build(dir.resolve(component).normalize(), objects);
        }
        for (Map<String, Object> patch : Tree.maps(k, "patches")) {
            applyPatch(objects, Yaml.document(dir.resolve(Tree.string(patch, "path"))), dir);
        }
        String namespace = Tree.string(k, "namespace");
        List<Map<String, Object>> labels = Tree.maps(k, "labels");
        List<Map<String, Object>> images = Tree.maps(k, "images");
        List<Map<String, Object>> out = new ArrayList<>();
        for (Map<String, Object> object : objects) {
            Map<String, Object> copy = Yaml.deepCopy(object);
            Map<String, Object> metadata = Tree.map(copy, "metadata");
            if (namespace != null) {
                metadata.put("namespace", namespace);
            }
            for (Map<String, Object> label : labels) {
                Map<String, Object> current = new LinkedHashMap<>(Tree.map(metadata, "labels"));
                current.putAll(Tree.map(label, "pairs"));
                metadata.put("labels", current);
            }
            setImages(copy, images);
            out.add(copy);
        }
        return out;
    }

    private static void applyPatch(List<Map<String, Object>> objects, Map<String, Object> patch, Path dir) {
        for (int i = 0; i < objects.size(); i++) {
            Map<String, Object> object = objects.get(i);
            if (Objects.equals(Tree.kind(object), Tree.kind(patch)) && Objects.equals(Tree.name(object), Tree.name(patch))) {
                objects.set(i, StrategicMerge.apply(object, patch));
                return;
            }
        }
        throw new IllegalArgumentException(dir + ": patch for " + Tree.kind(patch) + " " + Tree.name(patch) + " matches no resource");
    }

    /** Rewrites the image of every container and init container whose image name an entry names. */
    @SuppressWarnings("unchecked")
    private static void setImages(Object node, List<Map<String, Object>> images) {
        if (node instanceof Map<?, ?> map) {
            map.forEach((key, value) -> {
                if ((key.equals("containers") || key.equals("initContainers")) && value instanceof List<?> containers) {
                    containers.forEach(c -> setImage((Map<String, Object>) c, images));
                } else {
                    setImages(value, images);
                }
            });
        } else if (node instanceof List<?> list) {
            list.forEach(item -> setImages(item, images));
        }
    }

    private static void setImage(Map<String, Object> container, List<Map<String, Object>> images) {
        String image = Tree.string(container, "image");
        if (image == null) {
            return;
        }
        String name = image.replaceFirst("[:@][^/]*$", "");
        for (Map<String, Object> entry : images) {
            if (name.equals(Tree.string(entry, "name"))) {
                String newName = Objects.requireNonNullElse(Tree.string(entry, "newName"), name);
                String newTag = Tree.string(entry, "newTag");
                container.put("image", newTag == null ? newName : newName + ":" + newTag);
            }
        }
    }

    private static List<String> strings(Object list) {
        return list == null ? List.of() : ((List<?>) list).stream().map(Object::toString).toList();
    }
}
