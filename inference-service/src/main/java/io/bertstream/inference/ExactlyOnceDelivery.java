package io.bertstream.inference;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Future;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.TopicPartition;

/**
 * Exactly once (consume-transform-produce): predictions, dead letters and the consumed offsets of
 * the rounds of one commit interval go in one transaction, so its cost (several round trips to the
 * broker) is paid a few times a second whatever the load; a {@code read_committed} reader sees
 * a prediction once its transaction commits, up to the interval later. A failure leaves the transaction open; the loop's restart, with the same transactional id,
 * aborts it and resumes from the offsets of the last committed one.
 */
final class ExactlyOnceDelivery implements Delivery {

    private final KafkaProducer<?, ?> producer;
    private final KafkaConsumer<?, ?> consumer;
    private final long intervalNanos;
    private final Map<TopicPartition, OffsetAndMetadata> offsets = new HashMap<>();
    private long openedAt;
    private boolean open;

    ExactlyOnceDelivery(KafkaProducer<?, ?> producer, KafkaConsumer<?, ?> consumer, long intervalNanos) {
        this.producer = producer;
        this.consumer = consumer;
        this.intervalNanos = intervalNanos;
        producer.initTransactions();
    }

    @Override
    public void beginRound() {
        if (!open) {
            producer.beginTransaction();
            open = true;
            openedAt = System.nanoTime();
        }
    }

    @Override
    public void roundSent(List<Future<RecordMetadata>> outputs, Map<TopicPartition, OffsetAndMetadata> nextOffsets) {
        offsets.putAll(nextOffsets); // rounds come in order: a later offset replaces an earlier one
    }

    @Override
    public void commitDue() {
        if (open && System.nanoTime() - openedAt >= intervalNanos) {
            commitAll();
        }
    }

    @Override
    public long nanosUntilDue() {
        return open ? openedAt + intervalNanos - System.nanoTime() : Long.MAX_VALUE;
    }

    @Override
    public void commitAll() {
        if (open) {
            // Once per transaction, not per round: each call waits for the group coordinator.
            producer.sendOffsetsToTransaction(offsets, consumer.groupMetadata());
            producer.commitTransaction();
            offsets.clear();
            open = false;
        }
    }
}
