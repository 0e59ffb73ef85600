package io.bertstream.kafka;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.Callable;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code ./bertstream consume}: prints the records of a topic, one value per line. */
@Command(name = "consume", mixinStandardHelpOptions = true,
        description = "Print a topic's records (default: predictions), one value per line.")
public final class ConsumeCli implements Callable<Integer> {

    @Option(names = "--topic", defaultValue = "predictions", description = "Topic (default: ${DEFAULT-VALUE}).")
    String topic;

    @Option(names = "--from-beginning", description = "Start at the earliest record (default: only new ones).")
    boolean fromBeginning;

    @Option(names = "--max", defaultValue = "0", description = "Stop after this many records (0: no limit).")
    long max;

    @Option(names = "--idle-timeout", defaultValue = "0", description = "Stop after this many seconds without a record (0: never).")
    long idleSeconds;

    @Option(names = "--key", description = "Only records with this key (they count towards --max).")
    String onlyKey;

    @Option(names = "--keys", description = "Print the key and a tab before each value.")
    boolean keys;

    @Option(names = "--headers", description = "Print the headers (name=value, comma separated) and a tab before each value.")
    boolean headers;

    @Option(names = "--group", description = "Consumer group (default: a new one each run, committing nothing).")
    String group;

    @Option(names = "--bootstrap-servers", description = "Kafka address (default: KAFKA_BOOTSTRAP_SERVERS, else " + ClientSettings.DEFAULT_BOOTSTRAP + ").")
    String bootstrap;

    public static void main(String[] args) {
        System.exit(ClientSettings.commandLine(new ConsumeCli()).execute(args));
    }

    @Override
    public Integer call() {
        Map<String, Object> config = ClientSettings.of(ClientSettings.bootstrap(bootstrap), System.getenv());
        config.put(ConsumerConfig.GROUP_ID_CONFIG, group != null ? group : "bertstream-consume-" + UUID.randomUUID());
        config.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, group != null);
        config.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, fromBeginning ? "earliest" : "latest");
        long seen = 0;
        long idleSince = System.nanoTime();
        try (var consumer = new KafkaConsumer<>(config, new ByteArrayDeserializer(), new ByteArrayDeserializer())) {
            consumer.subscribe(List.of(topic));
            while (max == 0 || seen < max) {
                var records = consumer.poll(Duration.ofMillis(250));
                if (records.isEmpty()) {
                    if (idleSeconds > 0 && System.nanoTime() - idleSince > idleSeconds * 1_000_000_000L) {
                        break;
                    }
                    continue;
                }
                idleSince = System.nanoTime();
                for (ConsumerRecord<byte[], byte[]> r : records) {
                    if (onlyKey != null && (r.key() == null || !onlyKey.equals(new String(r.key(), StandardCharsets.UTF_8)))) {
                        continue;
                    }
                    System.out.println(format(r));
                    if (++seen == max) {
                        break;
                    }
                }
                System.out.flush();
            }
        }
        System.err.println("consume: " + seen + " records from " + topic);
        return 0;
    }

    private String format(ConsumerRecord<byte[], byte[]> r) {
        StringBuilder sb = new StringBuilder();
        if (keys) {
            sb.append(r.key() == null ? "" : new String(r.key(), StandardCharsets.UTF_8)).append('\t');
        }
        if (headers) {
            boolean first = true;
            for (Header h : r.headers()) {
                sb.append(first ? "" : ",").append(h.key()).append('=').append(new String(h.value(), StandardCharsets.UTF_8));
                first = false;
            }
            sb.append('\t');
        }
        return sb.append(r.value() == null ? "" : new String(r.value(), StandardCharsets.UTF_8)).toString();
    }
}
