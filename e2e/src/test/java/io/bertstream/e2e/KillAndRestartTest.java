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
 * While sentences stream through, {@code kill -9} the inference-service, then the
 * tokenizer-service, and start them again: every sentence still gets its prediction (at least
 * once; the duplicates are counted and printed). {@code -Dbertstream.e2e.records=10000} for the
 * long run; the default keeps CI short.
 */
class KillAndRestartTest {

    @TempDir
    Path tmp;

    @Test
    void everySentenceIsServedThroughKillsAndRestarts() throws Exception {
        int records = Integer.getInteger("bertstream.e2e.records", 1500);
        Map<String, String> sentences = TestModel.sentences(new Random(9), records);
        List<String> kills = new ArrayList<>();
        try (Pipeline pipeline = new Pipeline(tmp, SharedBroker.bootstrapServers())) {
            Thread producer = pipeline.produceInBackground(sentences);
            for (String service : List.of("inference-service", "tokenizer-service")) {
                pipeline.awaitProduced(records * (kills.size() + 1) * 3 / 10);
                pipeline.awaitServed(records * (kills.size() + 1) / 5); // killed while serving, not while starting
                pipeline.kill(service);
                kills.add(service + " at " + pipeline.produced.get() + " produced, " + pipeline.served() + " served");
                pipeline.start(service);
            }
            producer.join();
            pipeline.assertEverySentenceServed(sentences, "kill -9 and restart " + kills);
        }
    }
}
