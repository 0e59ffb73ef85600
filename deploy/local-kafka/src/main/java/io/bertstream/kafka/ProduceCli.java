package io.bertstream.kafka;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.Future;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.serialization.StringSerializer;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * {@code ./bertstream produce}: one record per input line (stdin or files) to {@code sentences}.
 * A line is sent as it is — plain text or a JSON request; with {@code --pairs}, a tab splits it into
 * a sentence pair, sent as JSON.
 */
@Command(name = "produce", mixinStandardHelpOptions = true,
        description = "Send lines (stdin or files) to a topic, one record per line; waits until the broker has them all.")
public final class ProduceCli implements Callable<Integer> {

    @Parameters(paramLabel = "FILE", description = "Files to send (default: stdin).")
    List<Path> files = new ArrayList<>();

    @Option(names = "--topic", defaultValue = "sentences", description = "Topic (default: ${DEFAULT-VALUE}).")
    String topic;

    @Option(names = "--key", description = "Record key for every line (default: none; a key keeps its records in order).")
    String key;

    @Option(names = "--pairs", description = "A tab splits a line into text and text_pair (sent as JSON).")
    boolean pairs;

    @Option(names = "--bootstrap-servers", description = "Kafka address (default: KAFKA_BOOTSTRAP_SERVERS, else " + ClientSettings.DEFAULT_BOOTSTRAP + ").")
    String bootstrap;

    public static void main(String[] args) {
        System.exit(ClientSettings.commandLine(new ProduceCli()).execute(args));
    }

    @Override
    public Integer call() throws Exception {
        Map<String, Object> config = ClientSettings.of(ClientSettings.bootstrap(bootstrap), System.getenv());
        config.put(ProducerConfig.ACKS_CONFIG, "all");
        config.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true);
        config.put(ProducerConfig.MAX_BLOCK_MS_CONFIG, 15_000);
        List<Future<RecordMetadata>> sent = new ArrayList<>();
        try (var producer = new KafkaProducer<>(config, new StringSerializer(), new StringSerializer())) {
            if (files.isEmpty()) {
                send(new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8)), producer, sent);
            }
            for (Path file : files) {
                try (BufferedReader reader = Files.newBufferedReader(file)) {
                    send(reader, producer, sent);
                }
            }
            producer.flush();
            for (Future<RecordMetadata> f : sent) {
                f.get();
            }
        }
        System.err.println("produce: " + sent.size() + " records to " + topic);
        return 0;
    }

    private void send(BufferedReader reader, KafkaProducer<String, String> producer, List<Future<RecordMetadata>> sent) {
        try {
            for (String line = reader.readLine(); line != null; line = reader.readLine()) {
                if (!line.isBlank()) {
                    sent.add(producer.send(new ProducerRecord<>(topic, key, pairs ? pairJson(line) : line)));
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static String pairJson(String line) {
        int tab = line.indexOf('\t');
        if (tab < 0) {
            return "{\"text\": " + quote(line) + "}";
        }
        return "{\"text\": " + quote(line.substring(0, tab)) + ", \"text_pair\": " + quote(line.substring(tab + 1)) + "}";
    }

    private static String quote(String s) {
        StringBuilder sb = new StringBuilder("\"");
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            switch (c) {
                case '"' -> sb.append("\\\"");
                case '\\' -> sb.append("\\\\");
                default -> {
                    if (c < 0x20) {
                        sb.append(String.format("\\u%04x", (int) c));
                    } else {
                        sb.append(c);
                    }
                }
            }
        }
        return sb.append('"').toString();
    }
}
