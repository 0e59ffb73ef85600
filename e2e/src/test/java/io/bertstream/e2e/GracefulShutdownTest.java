package io.bertstream.e2e;

import io.bertstream.kafka.SharedBroker;
import java.nio.file.Path;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A clean stop (SIGTERM) of the inference-service mid-stream, at-least-once: it stops consuming,
 * finishes, writes and commits what it had taken, so its successor starts exactly where it ended
 * — every sentence has one prediction, none twice.
 */
class GracefulShutdownTest {

    @TempDir
    Path tmp;

    @Test
    void aStoppedServiceCommitsWhatItServed() throws Exception {
        Map<String, String> sentences = TestModel.sentences(new Random(17), 800);
        try (Pipeline pipeline = new Pipeline(tmp, SharedBroker.bootstrapServers())) {
            Thread producer = pipeline.produceInBackground(sentences);
            pipeline.awaitProduced(400);
            pipeline.awaitServed(200); // serving, with records in flight: what the stop must drain and commit
            pipeline.stop("inference-service");
            String when = "at " + pipeline.produced.get() + " produced, " + pipeline.served() + " served";
            pipeline.start("inference-service");
            producer.join();
            pipeline.assertEverySentenceServedOnce(sentences, "SIGTERM of the inference-service " + when);
        }
    }
}
