package io.bertstream.e2e;

import io.bertstream.kafka.SharedBroker;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Both services with exactly-once on ({@code QUARKUS_PROFILE=exactly-once}): {@code kill -9} the
 * inference-service, then the tokenizer-service, while sentences stream through, starting each again: a {@code read_committed} reader sees exactly one prediction
 * per sentence — what the killed runs had written but not committed is aborted, and their offsets
 * were never committed either.
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
                Map.of("QUARKUS_PROFILE", "exactly-once", "BERTSTREAM_TRANSACTIONAL_ID", "e2e-tokenizer-" + UUID.randomUUID()))) {
            Thread producer = pipeline.produceInBackground(sentences);
            List<String> victims = List.of("inference-service", "tokenizer-service");
            for (int k = 1; k <= victims.size(); k++) {
                // each run killed has served some since the last kill, with more to come
                pipeline.awaitServed(records * k / 3);
                pipeline.kill(victims.get(k - 1));
                kills.add(victims.get(k - 1) + " at " + pipeline.produced.get() + " produced, " + pipeline.served() + " served");
                pipeline.start(victims.get(k - 1));
            }
            producer.join();
            pipeline.assertEverySentenceServedOnce(sentences, "exactly-once, kill -9 " + kills);
        }
    }
}
