package io.bertstream.tokenizer;

import io.quarkus.runtime.Quarkus;
import io.smallrye.mutiny.Uni;
import io.smallrye.reactive.messaging.MutinyEmitter;
import io.smallrye.reactive.messaging.kafka.KafkaClientService;
import io.smallrye.reactive.messaging.kafka.KafkaConsumer;
import io.smallrye.reactive.messaging.kafka.KafkaProducer;
import io.smallrye.reactive.messaging.kafka.api.IncomingKafkaRecordBatchMetadata;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Collectors;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.TopicPartition;
import org.eclipse.microprofile.reactive.messaging.Channel;
import org.eclipse.microprofile.reactive.messaging.Message;
import org.jboss.logging.Logger;

/**
 * Writes a batch's outputs (token records and dead letters alike, in input order) with the
 * {@code tokens} channel's producer and acknowledges the batch only once the broker has every one
 * of them. At-least-once: the acknowledged batch's offsets are then committed by the channel.
 * Exactly-once ({@code bertstream.exactly-once}, a transactional producer): the outputs and the
 * batch's next offsets commit in one Kafka transaction; on any failure the transaction is aborted
 * and the consumer rewound to the last committed offsets, so the batch is read again.
 */
@ApplicationScoped
public class TokenWriter {

    static final String CHANNEL = "tokens";

    /**
     * Declares the channel, so the connector creates its producer; records go through that producer
     * itself ({@link KafkaClientService}): a whole batch in one task on its sending thread, in order,
     * inside a transaction when there is one. (A KafkaTransactions emitter here would make Quarkus
     * configure the producer as transactional in at-least-once mode too.)
     */
    @Inject
    @Channel(CHANNEL)
    MutinyEmitter<byte[]> channel;

    private static final Logger LOG = Logger.getLogger(TokenWriter.class);
    private static final int MAX_FAILED_TRANSACTIONS = 5;
    private final AtomicInteger failedInARow = new AtomicInteger();

    @Inject
    KafkaClientService clients;

    @Inject
    TokenizerSettings settings;

    Uni<Void> write(Message<?> batch, List<ProducerRecord<byte[], byte[]>> outputs) {
        Uni<Void> written = settings.exactlyOnce() ? inTransaction(batch, outputs) : sendAll(outputs);
        return written.onItemOrFailure().transformToUni((ok, failure) ->
                Uni.createFrom().completionStage(failure == null ? batch.ack() : batch.nack(failure)));
    }

    private Uni<Void> inTransaction(Message<?> batch, List<ProducerRecord<byte[], byte[]>> outputs) {
        @SuppressWarnings("unchecked")
        IncomingKafkaRecordBatchMetadata<byte[], byte[]> polled = batch.getMetadata(IncomingKafkaRecordBatchMetadata.class)
                .orElseThrow(() -> new IllegalStateException("the sentences channel must be a Kafka channel in batch mode"));
        Map<TopicPartition, OffsetAndMetadata> next = polled.getOffsets().entrySet().stream()
                .collect(Collectors.toMap(Map.Entry::getKey, e -> new OffsetAndMetadata(e.getValue().offset() + 1)));
        KafkaProducer<byte[], byte[]> producer = producer();
        KafkaConsumer<byte[], byte[]> consumer = clients.getConsumer(polled.getChannel());
        return producer.beginTransaction()
                .chain(() -> sendAll(outputs))
                .chain(consumer::consumerGroupMetadata)
                .chain(group -> group.generationId() == polled.getConsumerGroupGenerationId()
                        ? producer.sendOffsetsToTransaction(next, group)
                        // A rebalance since the poll: these partitions may be another instance's now.
                        : Uni.createFrom().failure(new IllegalStateException("the consumer group rebalanced since the batch was polled")))
                .chain(producer::commitTransaction)
                .onItem().invoke(() -> failedInARow.set(0))
                .onFailure().call(failure -> producer.abortTransaction().onFailure().recoverWithNull()
                        .chain(consumer::resetToLastCommittedPositions)
                        .invoke(() -> giveUpAfterRepeatedFailures(failure)));
    }

    /**
     * The batch is polled again after an aborted transaction; one that keeps failing (a fenced
     * producer, a refused record, no authorization) would be retried forever while the service
     * looks healthy, so after a few in a row the service exits and its supervisor sees it.
     */
    private void giveUpAfterRepeatedFailures(Throwable failure) {
        int failed = failedInARow.incrementAndGet();
        LOG.warnf("exactly-once: transaction %d in a row aborted (%s); the batch is polled again", failed, failure.toString());
        if (failed >= MAX_FAILED_TRANSACTIONS) {
            LOG.errorf("exactly-once: %d transactions in a row failed; exiting so that the service is restarted", failed);
            Quarkus.asyncExit(1);
        }
    }

    /** One task on the producer's sending thread sends them all, so they keep their order. */
    private Uni<Void> sendAll(List<ProducerRecord<byte[], byte[]>> outputs) {
        return producer().runOnSendingThread(producer -> {
            CompletableFuture<?>[] acks = new CompletableFuture<?>[outputs.size()];
            for (int i = 0; i < acks.length; i++) {
                CompletableFuture<RecordMetadata> ack = new CompletableFuture<>();
                producer.send(outputs.get(i), (written, e) -> {
                    if (e == null) {
                        ack.complete(written);
                    } else {
                        ack.completeExceptionally(e);
                    }
                });
                acks[i] = ack;
            }
            return CompletableFuture.allOf(acks);
        }).chain(all -> Uni.createFrom().completionStage(all));
    }

    private KafkaProducer<byte[], byte[]> producer() {
        return clients.getProducer(CHANNEL);
    }
}
