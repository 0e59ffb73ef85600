package io.bertstream.inference;

import io.smallrye.config.WithDefault;
import java.lang.reflect.Proxy;
import java.util.Optional;

/** {@link InferenceSettings.Inference} with its declared defaults, for tests that run parts of the service without Quarkus. */
final class DefaultInferenceSettings {

    private DefaultInferenceSettings() {}

    static InferenceSettings.Inference get() {
        return (InferenceSettings.Inference) Proxy.newProxyInstance(DefaultInferenceSettings.class.getClassLoader(),
                new Class<?>[] {InferenceSettings.Inference.class}, (proxy, method, args) -> {
                    WithDefault value = method.getAnnotation(WithDefault.class);
                    Class<?> type = method.getReturnType();
                    if (value == null) {
                        return Optional.empty();
                    }
                    return type == int.class ? Integer.valueOf(value.value())
                            : type == boolean.class ? Boolean.valueOf(value.value()) : value.value();
                });
    }
}
