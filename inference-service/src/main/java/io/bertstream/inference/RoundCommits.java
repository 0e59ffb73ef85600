package io.bertstream.inference;

import java.util.ArrayDeque;
import java.util.Deque;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.TopicPartition;
import org.jboss.logging.Logger;

/**
 * The offsets of the rounds whose outputs are on their way to the broker. A round's offsets are
 * committed only once every one of its outputs — and of the rounds before it — is acknowledged, so
 * the loop need not stop and wait for the broker after each round.
 */
final class RoundCommits {

    private static final Logger LOG = Logger.getLogger(RoundCommits.class);

    private record Round(List<Future<RecordMetadata>> outputs, Map<TopicPartition, OffsetAndMetadata> next) {
        boolean acknowledged() {
            return outputs.stream().allMatch(Future::isDone);
        }
    }

    private final Deque<Round> rounds = new ArrayDeque<>();

    void add(List<Future<RecordMetadata>> outputs, Map<TopicPartition, OffsetAndMetadata> nextOffsets) {
        rounds.add(new Round(outputs, nextOffsets));
    }

    boolean isEmpty() {
        return rounds.isEmpty();
    }

    /** Commits, without waiting, the leading rounds that the broker has fully acknowledged. */
    void commitAcknowledged(KafkaConsumer<?, ?> consumer) {
        Map<TopicPartition, OffsetAndMetadata> offsets = take(false);
        if (!offsets.isEmpty()) {
            consumer.commitAsync(offsets, (done, error) -> {
                if (error != null) {
                    // A later commit covers these offsets; at worst the records are served again.
                    LOG.warnf("an offset commit failed (%s); the records may be served again", error.getMessage());
                }
            });
        }
    }

    /** Waits for every output in flight and commits all rounds (shutdown, rebalance). */
    void commitAll(KafkaConsumer<?, ?> consumer) {
        Map<TopicPartition, OffsetAndMetadata> offsets = take(true);
        if (!offsets.isEmpty()) {
            consumer.commitSync(offsets);
        }
    }

    /** The offsets of the leading rounds (acknowledged ones, or all when {@code wait}), removed from the queue. */
    private Map<TopicPartition, OffsetAndMetadata> take(boolean wait) {
        Map<TopicPartition, OffsetAndMetadata> offsets = new HashMap<>();
        while (!rounds.isEmpty() && (wait || rounds.peek().acknowledged())) {
            Round round = rounds.poll();
            for (Future<RecordMetadata> output : round.outputs()) {
                try {
                    output.get();
                } catch (ExecutionException e) {
                    // Nothing from here on is committed: the loop restarts from the last commit.
                    rounds.clear();
                    throw new IllegalStateException("an output was not acknowledged by the broker: " + e.getCause().getMessage(), e);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    throw new IllegalStateException("interrupted while waiting for the broker", e);
                }
            }
            offsets.putAll(round.next()); // rounds are in order: a later offset replaces an earlier one
        }
        return offsets;
    }
}
