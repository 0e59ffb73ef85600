package io.bertstream.tokenizer;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.DistributionSummary;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.smallrye.mutiny.Uni;
import io.smallrye.mutiny.infrastructure.Infrastructure;
import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.ArrayList;
import java.util.List;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.eclipse.microprofile.reactive.messaging.Incoming;
import org.eclipse.microprofile.reactive.messaging.Message;

/**
 * {@code sentences} → {@code tokens}, a polled batch at a time: the batch is tokenized on
 * {@code bertstream.tokenizer.threads} threads (off the event loop), every record becomes a token
 * record or a dead letter, and {@link TokenWriter} acknowledges the batch once the broker has them
 * all. Batches are handled one after the other, so one key's outputs keep their order.
 */
@ApplicationScoped
public class SentenceProcessor {

    private final OutputRecords outputs;
    private final ParallelMap parallel;
    private final TokenWriter writer;
    private final Counter in;
    private final Counter out;
    private final Counter failed;
    private final Timer tokenizeTime;
    private final DistributionSummary batchSize;

    SentenceProcessor(TokenizeService service, ObjectMapper json, TokenizerSettings settings, TokenWriter writer, MeterRegistry registry) {
        this.outputs = new OutputRecords(service, settings.tokenizer().outputFormat(), json, settings.topics().tokens(), settings.topics().dlq());
        this.parallel = new ParallelMap(settings.tokenizer().threads());
        this.writer = writer;
        this.in = registry.counter("bertstream.tokenizer.records.in");
        this.out = registry.counter("bertstream.tokenizer.records.out");
        this.failed = registry.counter("bertstream.tokenizer.records.failed");
        this.tokenizeTime = Timer.builder("bertstream.tokenizer.tokenize")
                .description("Time to decode, check, tokenize and encode one record")
                .publishPercentileHistogram()
                .register(registry);
        this.batchSize = DistributionSummary.builder("bertstream.tokenizer.batch.size")
                .description("Records per polled batch")
                .publishPercentileHistogram()
                .register(registry);
    }

    @Incoming("sentences")
    public Uni<Void> tokenize(Message<ConsumerRecords<byte[], byte[]>> batch) {
        List<ConsumerRecord<byte[], byte[]>> inputs = new ArrayList<>(batch.getPayload().count());
        batch.getPayload().forEach(inputs::add);
        in.increment(inputs.size());
        batchSize.record(inputs.size());
        return Uni.createFrom().item(() -> parallel.map(inputs, this::output))
                .runSubscriptionOn(Infrastructure.getDefaultWorkerPool())
                .chain(records -> writer.write(batch, records));
    }

    private ProducerRecord<byte[], byte[]> output(ConsumerRecord<byte[], byte[]> input) {
        ProducerRecord<byte[], byte[]> output = tokenizeTime.record(() -> outputs.of(input));
        (outputs.isDeadLetter(output) ? failed : out).increment();
        return output;
    }

    @PreDestroy
    void close() {
        parallel.close();
    }
}
