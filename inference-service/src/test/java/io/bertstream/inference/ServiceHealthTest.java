package io.bertstream.inference;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;

import io.bertstream.kafka.LocalKafkaTestResource;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import org.junit.jupiter.api.Test;

/** The service boots against the project's real Kafka broker and a bundle, and reports ready with its stream running. */
@QuarkusTest
@QuarkusTestResource(LocalKafkaTestResource.class)
@QuarkusTestResource(TestBundle.class)
class ServiceHealthTest {

    @Test
    void readyWhenKafkaAnswers() {
        given().when().get("/q/health/ready").then()
                .statusCode(200)
                .body("status", equalTo("UP"))
                .body("checks.name", hasItem("Kafka connection health check"))
                .body("checks.name", hasItem("inference stream"));
    }

    @Test
    void exposesPrometheusMetrics() {
        given().when().get("/q/metrics").then()
                .statusCode(200)
                .body(containsString("jvm_memory_used_bytes"));
    }
}
