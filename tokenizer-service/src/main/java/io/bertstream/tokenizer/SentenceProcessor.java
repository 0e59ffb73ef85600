package io.bertstream.tokenizer;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.smallrye.reactive.messaging.kafka.api.IncomingKafkaRecordMetadata;
import io.smallrye.reactive.messaging.kafka.api.OutgoingKafkaRecordMetadata;
import jakarta.enterprise.context.ApplicationScoped;
import java.nio.charset.StandardCharsets;
import org.eclipse.microprofile.reactive.messaging.Incoming;
import org.eclipse.microprofile.reactive.messaging.Message;
import org.eclipse.microprofile.reactive.messaging.Outgoing;

/**
 * {@code sentences} → {@code tokens}. The output message carries the input's acknowledgement, so the
 * input's offset is committed only once the broker has the output. A bad input is nacked with a
 * {@link BadInputException}: the channel's dead-letter strategy writes it to {@code dlq} with the
 * reason and its topic/partition/offset in headers (and commits it once written); the stream goes on.
 */
@ApplicationScoped
public class SentenceProcessor {

    private final TokenizeService service;
    private final ObjectMapper json;
    private final Counter in;
    private final Counter out;
    private final Counter failed;
    private final Timer tokenizeTime;

    SentenceProcessor(TokenizeService service, ObjectMapper json, MeterRegistry registry) {
        this.service = service;
        this.json = json;
        this.in = registry.counter("bertstream.tokenizer.records.in");
        this.out = registry.counter("bertstream.tokenizer.records.out");
        this.failed = registry.counter("bertstream.tokenizer.records.failed");
        this.tokenizeTime = Timer.builder("bertstream.tokenizer.tokenize")
                .description("Time to decode, check and tokenize one record")
                .publishPercentileHistogram()
                .register(registry);
    }

    @Incoming("sentences")
    @Outgoing("tokens")
    public Message<byte[]> tokenize(Message<byte[]> message) {
        in.increment();
        @SuppressWarnings("unchecked")
        IncomingKafkaRecordMetadata<byte[], byte[]> meta = message.getMetadata(IncomingKafkaRecordMetadata.class)
                .orElseThrow(() -> new IllegalStateException("the sentences channel must be a Kafka channel"));
        byte[] key = meta.getKey();
        var source = new TokenRecord.Source(meta.getTopic(), meta.getPartition(), meta.getOffset());
        TokenRecord record;
        try {
            record = tokenizeTime.record(() -> service.tokenize(message.getPayload(),
                    key == null ? null : new String(key, StandardCharsets.UTF_8), source, meta.getTimestamp().toEpochMilli()));
        } catch (BadInputException e) {
            // Nacked, the record goes to the dead letters; null skips it here and the stream goes on.
            failed.increment();
            message.nack(e);
            return null;
        }
        out.increment();
        return message.withPayload(toJson(record))
                .addMetadata(OutgoingKafkaRecordMetadata.<byte[]>builder().withKey(key).build());
    }

    private byte[] toJson(TokenRecord record) {
        try {
            return json.writeValueAsBytes(record);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot write a token record as JSON", e);
        }
    }
}
