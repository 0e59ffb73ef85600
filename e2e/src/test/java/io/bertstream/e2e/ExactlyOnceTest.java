package io.bertstream.e2e;

import io.bertstream.kafka.SharedBroker;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * With {@code bertstream.inference.exactly-once=true}, {@code kill -9} the inference-service twice
 * while sentences stream through and start it again each time: a {@code read_committed} reader
 * sees exactly one prediction per sentence — what the killed runs had written but not committed
 * is aborted, and their offsets were never committed either.
 */
class ExactlyOnceTest {

    @TempDir
    Path tmp;

    @Test
    void killedMidStreamEverySentenceHasExactlyOnePrediction() throws Exception {
        int records = Integer.getInteger("bertstream.e2e.records", 1500);
        Map<String, String> sentences = TestModel.sentences(new Random(21), records);
        List<String> kills = new ArrayList<>();
        try (Pipeline pipeline = new Pipeline(tmp, SharedBroker.bootstrapServers(), Map.of(),
                Map.of("BERTSTREAM_INFERENCE_EXACTLY_ONCE", "true"))) {
            Thread producer = pipeline.produceInBackground(sentences);
            for (int k = 1; k <= 2; k++) {
                pipeline.awaitProduced(records * k / 3);
                pipeline.awaitServed(records * k / 6); // each run killed has committed some and has some in flight
                pipeline.kill("inference-service");
                kills.add("at " + pipeline.produced.get() + " produced, " + pipeline.served() + " served");
                pipeline.start("inference-service");
            }
            producer.join();
            pipeline.assertEverySentenceServedOnce(sentences, "exactly-once, kill -9 of the inference-service " + kills);
        }
    }
}
