package io.bertstream.trainer.train;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.BufferedWriter;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;

/**
 * Metrics as JSON lines, one object per record, each with a {@code step} and a {@code kind}
 * ({@code train} or {@code eval}). Opening for a resumed run drops the records after the
 * checkpoint's step, which the interrupted run wrote but the resumed one will write again.
 */
public final class MetricsLog implements AutoCloseable {
    private static final ObjectMapper JSON = new ObjectMapper();
    private final BufferedWriter out;

    private MetricsLog(BufferedWriter out) {
        this.out = out;
    }

    public static MetricsLog open(Path file, long keepUpToStep) throws IOException {
        List<String> kept = new ArrayList<>();
        if (keepUpToStep > 0 && Files.isRegularFile(file)) {
            for (String line : Files.readAllLines(file, StandardCharsets.UTF_8)) {
                if (!line.isBlank() && JSON.readTree(line).path("step").asLong() <= keepUpToStep) kept.add(line);
            }
        }
        Files.write(file, kept, StandardCharsets.UTF_8);
        return new MetricsLog(Files.newBufferedWriter(file, StandardCharsets.UTF_8, StandardOpenOption.APPEND));
    }

    public ObjectNode record(String kind, long step) {
        ObjectNode n = JSON.createObjectNode();
        n.put("kind", kind);
        n.put("step", step);
        return n;
    }

    public void write(ObjectNode record) throws IOException {
        out.write(record.toString());
        out.newLine();
        out.flush();
    }

    public static List<JsonNode> read(Path file) throws IOException {
        List<JsonNode> records = new ArrayList<>();
        for (String line : Files.readAllLines(file, StandardCharsets.UTF_8)) if (!line.isBlank()) records.add(JSON.readTree(line));
        return records;
    }

    @Override
    public void close() throws IOException {
        out.close();
    }
}
