package io.bertstream.k8scheck;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * The part of Kubernetes' strategic merge patch that our patches use: maps merge key by key, a
 * null deletes, lists whose items all have a "name" (containers, env, volumes) merge item by
 * item on it, any other list is replaced. (The real one merges volumeMounts on mountPath and
 * ports on containerPort; our patches touch neither, and OverlayRenderTest compares with
 * kubectl kustomize where it is installed.)
 */
final class StrategicMerge {
    private StrategicMerge() {
    }

    static Map<String, Object> apply(Map<String, Object> target, Map<String, Object> patch) {
        Map<String, Object> out = new LinkedHashMap<>(target);
        patch.forEach((key, value) -> {
            if (value == null) {
                out.remove(key);
            } else {
                out.put(key, merge(out.get(key), value));
            }
        });
        return out;
    }

    @SuppressWarnings("unchecked")
    private static Object merge(Object target, Object patch) {
        if (target instanceof Map<?, ?> t && patch instanceof Map<?, ?> p) {
            return apply((Map<String, Object>) t, (Map<String, Object>) p);
        }
        if (target instanceof List<?> t && patch instanceof List<?> p && named(t) && named(p)) {
            return mergeByName((List<Map<String, Object>>) t, (List<Map<String, Object>>) p);
        }
        return Yaml.deepCopy(patch);
    }

    private static boolean named(List<?> list) {
        return !list.isEmpty() && list.stream().allMatch(item -> item instanceof Map<?, ?> m && m.get("name") != null);
    }

    /** As kubectl orders them: the patch's items first, in its order, then the target's others. */
    private static List<Map<String, Object>> mergeByName(List<Map<String, Object>> target, List<Map<String, Object>> patch) {
        List<Map<String, Object>> out = new ArrayList<>();
        for (Map<String, Object> item : patch) {
            int at = indexOf(target, item.get("name"));
            out.add(at < 0 ? Yaml.deepCopy(item) : apply(target.get(at), item));
        }
        for (Map<String, Object> item : target) {
            if (indexOf(patch, item.get("name")) < 0) {
                out.add(item);
            }
        }
        return out;
    }

    private static int indexOf(List<Map<String, Object>> items, Object name) {
        for (int i = 0; i < items.size(); i++) {
            if (Objects.equals(items.get(i).get("name"), name)) {
                return i;
            }
        }
        return -1;
    }
}
