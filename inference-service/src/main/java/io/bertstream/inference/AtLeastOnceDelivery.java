package io.bertstream.inference;

import java.util.List;
import java.util.Map;
import java.util.concurrent.Future;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.TopicPartition;

/**
 * At least once: a round's offsets are committed, at the commit interval, once the broker has
 * acknowledged its outputs and those of the rounds before it. Predictions are visible as soon as
 * they are written, so committing sooner would only cost the broker work.
 */
final class AtLeastOnceDelivery implements Delivery {

    private final KafkaConsumer<?, ?> consumer;
    private final long intervalNanos;
    private final RoundCommits rounds = new RoundCommits();
    private long lastCommit = System.nanoTime();

    AtLeastOnceDelivery(KafkaConsumer<?, ?> consumer, long intervalNanos) {
        this.consumer = consumer;
        this.intervalNanos = intervalNanos;
    }

    @Override
    public void beginRound() {}

    @Override
    public void roundSent(List<Future<RecordMetadata>> outputs, Map<TopicPartition, OffsetAndMetadata> nextOffsets) {
        rounds.add(outputs, nextOffsets);
    }

    @Override
    public void commitDue() {
        if (System.nanoTime() - lastCommit >= intervalNanos) {
            rounds.commitAcknowledged(consumer);
            lastCommit = System.nanoTime();
        }
    }

    @Override
    public long nanosUntilDue() {
        return rounds.isEmpty() ? Long.MAX_VALUE : lastCommit + intervalNanos - System.nanoTime();
    }

    @Override
    public void commitAll() {
        rounds.commitAll(consumer);
    }
}
