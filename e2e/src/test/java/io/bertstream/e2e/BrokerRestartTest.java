package io.bertstream.e2e;

import io.bertstream.kafka.BrokerSettings;
import io.bertstream.kafka.LocalKafka;
import io.bertstream.kafka.RunningBroker;
import java.nio.file.Path;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The broker stops mid-stream and comes back on the same data and address: the services and the
 * producer reconnect on their own and every sentence still gets its prediction.
 */
class BrokerRestartTest {

    @TempDir
    Path tmp;

    @Test
    void theServicesReconnectAndNothingIsLost() throws Exception {
        RunningBroker broker = LocalKafka.start(BrokerSettings.forTests(tmp.resolve("kafka")), LocalKafka.Lifetime.TIED_TO_THIS_JVM);
        try {
            Map<String, String> sentences = TestModel.sentences(new Random(13), 800);
            try (Pipeline pipeline = new Pipeline(tmp, broker.bootstrapServers())) {
                Thread producer = pipeline.produceInBackground(sentences);
                pipeline.awaitProduced(300);
                broker.stop();
                Thread.sleep(3000);
                broker = LocalKafka.start(broker.settings(), LocalKafka.Lifetime.TIED_TO_THIS_JVM);
                producer.join();
                pipeline.assertEverySentenceServed(sentences, "broker restart at 300 produced");
            }
        } finally {
            broker.stop();
        }
    }
}
