package io.bertstream.inference;

import java.util.List;
import java.util.Map;
import java.util.concurrent.Future;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.TopicPartition;

/**
 * How a round's outputs and the offsets it consumed reach Kafka: {@link AtLeastOnceDelivery}
 * (offsets committed after the outputs are acknowledged) or {@link ExactlyOnceDelivery} (both in
 * one transaction).
 */
interface Delivery {

    /** Before a round's outputs are sent. */
    void beginRound();

    /** After a round's outputs are sent; {@code nextOffsets}: where its partitions resume. */
    void roundSent(List<Future<RecordMetadata>> outputs, Map<TopicPartition, OffsetAndMetadata> nextOffsets);

    /** Commits what is due: what was sent at least the commit interval ago. */
    void commitDue();

    /** How long until a commit is due (the longest the loop may wait for records); a long time when nothing waits. */
    long nanosUntilDue();

    /** Waits for every output sent and commits it all (shutdown, partitions revoked). */
    void commitAll();
}
