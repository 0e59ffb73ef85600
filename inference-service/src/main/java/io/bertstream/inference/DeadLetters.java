package io.bertstream.inference;

import java.nio.charset.StandardCharsets;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.header.internals.RecordHeaders;

/**
 * A dead letter: the original key and value with the reason and the source coordinates in headers
 * named as the tokenizer-service's (SmallRye's) dead letters, so one consumer reads both.
 */
final class DeadLetters {

    private DeadLetters() {}

    static ProducerRecord<byte[], byte[]> of(String topic, ConsumerRecord<byte[], byte[]> source, String reason) {
        RecordHeaders headers = new RecordHeaders();
        headers.add("dead-letter-reason", utf8(reason));
        headers.add("dead-letter-topic", utf8(source.topic()));
        headers.add("dead-letter-partition", utf8(Integer.toString(source.partition())));
        headers.add("dead-letter-offset", utf8(Long.toString(source.offset())));
        headers.add("dead-letter-service", utf8("inference-service"));
        return new ProducerRecord<>(topic, null, source.key(), source.value(), headers);
    }

    private static byte[] utf8(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }
}
