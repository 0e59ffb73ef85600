package io.bertstream.inference;

import static io.restassured.RestAssured.given;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;

import io.bertstream.kafka.LocalKafkaTestResource;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The service boots against the project's real Kafka broker and a bundle, reports ready with its
 * stream running, and exposes its metrics: records in/out/failed, the batch size, queue wait and
 * batch time histograms, and the Kafka consumer's lag.
 */
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
    void exposesPrometheusMetrics() throws InterruptedException {
        List<String> expected = List.of("jvm_memory_used_bytes", "bertstream_inference_records_in_total",
                "bertstream_inference_records_out_total", "bertstream_inference_records_failed_total",
                "bertstream_inference_batch_size_bucket", "bertstream_inference_queue_seconds_bucket",
                "bertstream_inference_batch_seconds_bucket", "kafka_consumer_fetch_manager_records_lag_max");
        long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
        String metrics = "";
        while (System.nanoTime() < deadline && !expected.stream().allMatch(metrics::contains)) {
            metrics = given().when().get("/q/metrics").then().statusCode(200).extract().asString();
            Thread.sleep(200); // the stream loop binds the Kafka client metrics once its consumer exists
        }
        for (String name : expected) {
            assertTrue(metrics.contains(name), "/q/metrics has no " + name);
        }
    }
}
