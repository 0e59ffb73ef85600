package io.bertstream.tokenizer;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.charset.StandardCharsets;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.header.Headers;
import org.apache.kafka.common.header.internals.RecordHeaders;

/**
 * One {@code sentences} record's output: its token record (in the configured {@link OutputFormat})
 * on the tokens topic, or — when it cannot be served — the original key and value on the dead-letter
 * topic with the reason and the source topic/partition/offset in headers.
 */
public final class OutputRecords {

    static final String REASON = "dead-letter-reason";
    static final String EXCEPTION = "dead-letter-exception-class-name";
    static final String SOURCE_TOPIC = "dead-letter-topic";
    static final String SOURCE_PARTITION = "dead-letter-partition";
    static final String SOURCE_OFFSET = "dead-letter-offset";

    private final TokenizeService service;
    private final OutputFormat format;
    private final ObjectMapper json;
    private final String tokensTopic;
    private final String dlqTopic;

    public OutputRecords(TokenizeService service, OutputFormat format, ObjectMapper json, String tokensTopic, String dlqTopic) {
        this.service = service;
        this.format = format;
        this.json = json;
        this.tokensTopic = tokensTopic;
        this.dlqTopic = dlqTopic;
    }

    public ProducerRecord<byte[], byte[]> of(ConsumerRecord<byte[], byte[]> input) {
        byte[] key = input.key();
        var source = new TokenRecord.Source(input.topic(), input.partition(), input.offset());
        try {
            TokenRecord record = service.tokenize(input.value(), key == null ? null : new String(key, StandardCharsets.UTF_8),
                    source, input.timestamp());
            return new ProducerRecord<>(tokensTopic, key, format.encode(record, json));
        } catch (BadInputException e) {
            return deadLetter(input, e.getMessage(), e);
        } catch (JsonProcessingException | RuntimeException e) {
            // A fault of ours, not of the input; still one record's, so it must not stop the stream.
            return deadLetter(input, "internal error: " + e, e);
        }
    }

    public boolean isDeadLetter(ProducerRecord<?, ?> output) {
        return output.topic().equals(dlqTopic);
    }

    private ProducerRecord<byte[], byte[]> deadLetter(ConsumerRecord<byte[], byte[]> input, String reason, Exception e) {
        Headers headers = new RecordHeaders(input.headers().toArray());
        headers.add(REASON, utf8(reason));
        headers.add(EXCEPTION, utf8(e.getClass().getName()));
        headers.add(SOURCE_TOPIC, utf8(input.topic()));
        headers.add(SOURCE_PARTITION, utf8(Integer.toString(input.partition())));
        headers.add(SOURCE_OFFSET, utf8(Long.toString(input.offset())));
        return new ProducerRecord<>(dlqTopic, null, input.key(), input.value(), headers);
    }

    private static byte[] utf8(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }
}
