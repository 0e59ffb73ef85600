package io.bertstream.k8scheck;

import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.client.utils.KubernetesSerialization;

import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Turns a parsed manifest into the fabric8 model object of its apiVersion and kind, and lists
 * what the model does not know: fields the API would reject or (worse) silently drop, such as a
 * misspelt {@code readinesProbe}. Custom resources, which the model has no classes for, must
 * be one of {@link #CUSTOM_KINDS} at its apiVersion.
 */
final class KubernetesObjects {
    /** kind → apiVersion of the custom resources deploy/k8s uses (KEDA, Prometheus Operator, Strimzi). */
    static final Map<String, String> CUSTOM_KINDS = Map.of(
            "ScaledObject", "keda.sh/v1alpha1",
            "ServiceMonitor", "monitoring.coreos.com/v1",
            "Kafka", "kafka.strimzi.io/v1beta2",
            "KafkaNodePool", "kafka.strimzi.io/v1beta2",
            "KafkaTopic", "kafka.strimzi.io/v1beta2");

    private static final KubernetesSerialization SERIALIZATION = new KubernetesSerialization();
    private static final String MODEL_PACKAGE = "io.fabric8.kubernetes.api.model";

    private KubernetesObjects() {
    }

    /** The model object; throws when the apiVersion and kind are neither built in nor a known custom kind. */
    static HasMetadata typed(Map<String, Object> manifest) {
        String kind = Tree.kind(manifest);
        String apiVersion = Tree.string(manifest, "apiVersion");
        Object parsed = SERIALIZATION.unmarshal(SERIALIZATION.asJson(manifest));
        if (CUSTOM_KINDS.containsKey(kind)) {
            if (!CUSTOM_KINDS.get(kind).equals(apiVersion)) {
                throw new IllegalArgumentException(kind + " " + Tree.name(manifest) + ": apiVersion " + apiVersion
                        + ", expected " + CUSTOM_KINDS.get(kind));
            }
            return (GenericKubernetesResource) parsed;
        }
        if (parsed instanceof GenericKubernetesResource || !(parsed instanceof HasMetadata typed)) {
            throw new IllegalArgumentException(kind + " " + Tree.name(manifest) + ": " + apiVersion + "/" + kind
                    + " is not a Kubernetes kind the model knows");
        }
        return typed;
    }

    /** Paths of fields the model classes do not have (empty for a custom resource: no schema here). */
    static List<String> unknownFields(HasMetadata object) {
        List<String> found = new ArrayList<>();
        if (!(object instanceof GenericKubernetesResource)) {
            collectUnknown(object, object.getKind(), found);
        }
        return found;
    }

    private static void collectUnknown(Object node, String path, List<String> found) {
        if (node instanceof List<?> list) {
            for (int i = 0; i < list.size(); i++) {
                collectUnknown(list.get(i), path + "[" + i + "]", found);
            }
            return;
        }
        if (node instanceof Map<?, ?> map) {
            map.forEach((key, value) -> collectUnknown(value, path + "." + key, found));
            return;
        }
        if (node == null || !node.getClass().getPackageName().startsWith(MODEL_PACKAGE)) {
            return;
        }
        for (Method getter : node.getClass().getMethods()) {
            if (getter.getParameterCount() != 0 || Modifier.isStatic(getter.getModifiers())
                    || !getter.getName().startsWith("get") || getter.getDeclaringClass() == Object.class) {
                continue;
            }
            Object value = invoke(getter, node);
            if (getter.getName().equals("getAdditionalProperties")) {
                ((Map<?, ?>) value).keySet().forEach(key -> found.add(path + "." + key));
            } else {
                collectUnknown(value, path + "." + fieldName(getter), found);
            }
        }
    }

    private static String fieldName(Method getter) {
        String name = getter.getName().substring(3);
        return Character.toLowerCase(name.charAt(0)) + name.substring(1);
    }

    private static Object invoke(Method getter, Object target) {
        try {
            return getter.invoke(target);
        } catch (IllegalAccessException | InvocationTargetException e) {
            throw new IllegalStateException("cannot read " + getter, e);
        }
    }
}
