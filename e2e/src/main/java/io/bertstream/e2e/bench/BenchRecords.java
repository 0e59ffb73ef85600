package io.bertstream.e2e.bench;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.bertstream.tokenizer.OutputFormat;
import io.bertstream.tokenizer.TokenRecord;
import io.bertstream.wordpiece.Encoding;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.IntFunction;
import java.util.concurrent.locks.LockSupport;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;

/**
 * The inputs of the stream benchmarks, id {@code r<i>} for the i-th: token records for the
 * inference-service (written by the tokenizer-service's own code), or JSON sentences for the whole path; sent flat out or at a
 * fixed rate, the send time of each kept for latency.
 */
final class BenchRecords {

    private static final ObjectMapper JSON = new ObjectMapper();

    private final IntFunction<byte[]> values;
    /** System.nanoTime when record i was handed to the producer (its produce timestamp), 0 before. */
    final long[] sentAt;

    private BenchRecords(int size, IntFunction<byte[]> values) {
        this.values = values;
        this.sentAt = new long[size];
    }

    /** Token records of the encodings (without their text), for the inference-service, in {@code format}. */
    static BenchRecords tokens(List<Encoding> encodings, String task, OutputFormat format) {
        return new BenchRecords(encodings.size(), i -> {
            Encoding e = encodings.get(i);
            var record = new TokenRecord(TokenRecord.SCHEMA, "r" + i, null, task, e.ids(), e.typeIds(), e.attentionMask(), false, "",
                    null, null, System.currentTimeMillis());
            try {
                return format.encode(record, JSON);
            } catch (JsonProcessingException ex) {
                throw new UncheckedIOException(ex);
            }
        });
    }

    /** JSON sentences of the texts, for the tokenizer-service. */
    static BenchRecords sentences(List<String> texts, String task) {
        return new BenchRecords(texts.size(), i -> JSON.createObjectNode().put("id", "r" + i).put("text", texts.get(i)).put("task", task)
                .toString().getBytes(StandardCharsets.UTF_8));
    }

    int size() {
        return sentAt.length;
    }

    /** Index of the record with {@code id}, as the prediction echoes it. */
    static int index(String id) {
        return Integer.parseInt(id, 1, id.length(), 10);
    }

    /**
     * Creates the topic before the service subscribes to it: a consumer that finds its topic
     * missing looks again only at its next metadata refresh, minutes later.
     */
    static void createTopic(String bootstrap, String topic) throws Exception {
        try (Admin admin = Admin.create(Map.<String, Object>of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap))) {
            admin.createTopics(List.of(new NewTopic(topic, Optional.empty(), Optional.empty()))).all().get();
        }
    }

    /** Sends records {@code from} to {@code to} (exclusive); {@code perSecond} 0 means as fast as the producer goes. */
    void produce(String bootstrap, String topic, int from, int to, double perSecond) {
        var config = Map.<String, Object>of(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap, ProducerConfig.LINGER_MS_CONFIG, 0);
        long start = System.nanoTime();
        try (var producer = new KafkaProducer<>(config, new ByteArraySerializer(), new ByteArraySerializer())) {
            for (int i = from; i < to; i++) {
                if (perSecond > 0) {
                    // Sleep, not spin: a spinning producer would take a core from the service it measures.
                    long wait = start + (long) ((i - from) / perSecond * 1e9) - System.nanoTime();
                    if (wait > 0) {
                        LockSupport.parkNanos(wait);
                    }
                }
                byte[] key = ("k" + (i % 16)).getBytes(StandardCharsets.UTF_8);
                sentAt[i] = System.nanoTime();
                producer.send(new ProducerRecord<>(topic, key, values.apply(i)));
            }
        }
    }
}
