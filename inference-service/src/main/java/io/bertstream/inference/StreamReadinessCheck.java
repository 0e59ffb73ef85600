package io.bertstream.inference;

import jakarta.enterprise.context.ApplicationScoped;
import org.eclipse.microprofile.health.HealthCheck;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.Readiness;

/** Ready when the model is loaded and the stream loop consumes (not starting, not restarting). */
@Readiness
@ApplicationScoped
public class StreamReadinessCheck implements HealthCheck {

    private final InferenceService service;

    StreamReadinessCheck(InferenceService service) {
        this.service = service;
    }

    @Override
    public HealthCheckResponse call() {
        String state = service.loopState();
        return HealthCheckResponse.named("inference stream")
                .status("running".equals(state))
                .withData("state", state)
                .withData("model", service.bundle().name() + " " + service.bundle().version())
                .build();
    }
}
