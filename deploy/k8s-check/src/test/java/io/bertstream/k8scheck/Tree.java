package io.bertstream.k8scheck;

import java.util.List;
import java.util.Map;

/** Navigation in a parsed manifest: {@code Tree.get(deployment, "spec", "template", "spec")}. */
final class Tree {
    private Tree() {
    }

    /** The value at the path of map keys, or null when any step is missing. */
    static Object get(Object node, String... path) {
        Object current = node;
        for (String key : path) {
            if (!(current instanceof Map<?, ?> map)) {
                return null;
            }
            current = map.get(key);
        }
        return current;
    }

    @SuppressWarnings("unchecked")
    static Map<String, Object> map(Object node, String... path) {
        Object value = get(node, path);
        return value instanceof Map<?, ?> ? (Map<String, Object>) value : Map.of();
    }

    @SuppressWarnings("unchecked")
    static List<Map<String, Object>> maps(Object node, String... path) {
        Object value = get(node, path);
        return value instanceof List<?> ? (List<Map<String, Object>>) value : List.of();
    }

    static String string(Object node, String... path) {
        Object value = get(node, path);
        return value == null ? null : value.toString();
    }

    static String kind(Map<String, Object> object) {
        return string(object, "kind");
    }

    static String name(Map<String, Object> object) {
        return string(object, "metadata", "name");
    }
}
