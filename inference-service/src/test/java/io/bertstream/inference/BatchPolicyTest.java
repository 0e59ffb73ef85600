package io.bertstream.inference;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Optional;
import org.junit.jupiter.api.Test;

class BatchPolicyTest {

    @Test
    void unsetValuesFollowTheProviderThatLoaded() {
        assertEquals(new BatchPolicy(1, 0), BatchPolicy.of(settings(Optional.empty(), Optional.empty()), "cpu"));
        assertEquals(new BatchPolicy(64, 5), BatchPolicy.of(settings(Optional.empty(), Optional.empty()), "cuda"));
    }

    @Test
    void configuredValuesWinEachOnItsOwn() {
        assertEquals(new BatchPolicy(16, 0), BatchPolicy.of(settings(Optional.of(16), Optional.empty()), "cpu"));
        assertEquals(new BatchPolicy(64, 2), BatchPolicy.of(settings(Optional.empty(), Optional.of(2)), "cuda"));
    }

    @Test
    void impossibleValuesAreRefusedWithTheSettingNamed() {
        var e = assertThrows(IllegalStateException.class, () -> BatchPolicy.of(settings(Optional.of(0), Optional.empty()), "cpu"));
        assertTrue(e.getMessage().contains("max-batch-size"), e.getMessage());
        assertThrows(IllegalStateException.class, () -> BatchPolicy.of(settings(Optional.empty(), Optional.of(-1)), "cpu"));
    }

    /** Settings with only the two batching values given; the policy reads nothing else. */
    private static InferenceSettings.Inference settings(Optional<Integer> maxBatchSize, Optional<Integer> maxQueueDelayMs) {
        return (InferenceSettings.Inference) java.lang.reflect.Proxy.newProxyInstance(BatchPolicyTest.class.getClassLoader(),
                new Class<?>[] {InferenceSettings.Inference.class}, (proxy, method, args) -> switch (method.getName()) {
                    case "maxBatchSize" -> maxBatchSize;
                    case "maxQueueDelayMs" -> maxQueueDelayMs;
                    default -> throw new UnsupportedOperationException(method.getName());
                });
    }
}
