package io.bertstream.e2e.bench;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;

/**
 * The Kafka ceiling for a one-in-one-out stage: a plain KafkaConsumer → KafkaProducer loop that
 * copies each record unchanged, with the service's delivery settings (idempotent producer,
 * acks=all, linger 5 ms, polls of up to 2000) and its guarantee (a poll's offsets are committed only after
 * its copies are acknowledged). No tokenization, no framework.
 */
final class KafkaCopyLoop {

    private KafkaCopyLoop() {}

    static void copy(String bootstrap, String from, String to, int count) {
        var consumerConfig = Map.<String, Object>of(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap,
                ConsumerConfig.GROUP_ID_CONFIG, "bench-copy-" + UUID.randomUUID(),
                ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest",
                ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false,
                ConsumerConfig.MAX_POLL_RECORDS_CONFIG, 2000);
        var producerConfig = Map.<String, Object>of(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap,
                ProducerConfig.ACKS_CONFIG, "all", ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true, ProducerConfig.LINGER_MS_CONFIG, 5);
        try (var consumer = new KafkaConsumer<>(consumerConfig, new ByteArrayDeserializer(), new ByteArrayDeserializer());
                var producer = new KafkaProducer<>(producerConfig, new ByteArraySerializer(), new ByteArraySerializer())) {
            consumer.subscribe(List.of(from));
            int copied = 0;
            while (copied < count) {
                var records = consumer.poll(Duration.ofMillis(200));
                for (var r : records) {
                    producer.send(new ProducerRecord<>(to, r.key(), r.value()));
                }
                producer.flush();
                consumer.commitSync();
                copied += records.count();
            }
        }
    }
}
