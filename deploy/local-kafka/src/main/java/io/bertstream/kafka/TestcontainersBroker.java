package io.bertstream.kafka;

import org.apache.kafka.common.utils.AppInfoParser;
import org.testcontainers.kafka.KafkaContainer;

/**
 * The optional Docker path: the Apache Kafka image of the same version as our clients, through
 * Testcontainers. Loaded only when a test run asks for it and a Docker engine is reachable.
 */
final class TestcontainersBroker {

    private TestcontainersBroker() {}

    /** Starts the container (stopped when the JVM exits) and returns its bootstrap address. */
    static String start() {
        KafkaContainer kafka = new KafkaContainer("apache/kafka:" + AppInfoParser.getVersion());
        kafka.start();
        Runtime.getRuntime().addShutdownHook(new Thread(kafka::stop, "stop-kafka-container"));
        return kafka.getBootstrapServers();
    }
}
