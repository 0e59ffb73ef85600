package io.bertstream.inference;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.EnumMap;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * What the service needs from a model bundle's config.json: the model's limits, its labels, the
 * graph of each task it can serve, and a version. Refuses a missing or inconsistent bundle with a
 * message that names what is wrong.
 *
 * @param version the first 12 hex digits of config.json's SHA-256: changes with every export
 */
public record ModelBundle(
        Path dir,
        String name,
        String version,
        int vocabSize,
        int maxPositions,
        int maskTokenId,
        List<String> labels,
        List<String> vocabulary,
        Map<Task, Path> graphs) {

    public static ModelBundle read(Path dir, String name, ObjectMapper json) {
        Path configFile = dir.resolve("config.json");
        if (!Files.isDirectory(dir)) {
            throw new IllegalStateException("the model bundle " + dir + " does not exist: build one with `./bertstream demo` "
                    + "(or export), or point bertstream.bundle / BERTSTREAM_BUNDLE at one");
        }
        if (!Files.isRegularFile(configFile)) {
            throw new IllegalStateException("the model bundle " + dir + " has no config.json");
        }
        JsonNode config;
        byte[] bytes;
        try {
            bytes = Files.readAllBytes(configFile);
            config = json.readTree(bytes);
        } catch (IOException e) {
            throw new IllegalStateException("cannot read " + configFile + ": " + e.getMessage(), e);
        }
        int vocabSize = positive(config, "vocab_size", configFile);
        int maxPositions = positive(config, "max_position_embeddings", configFile);
        JsonNode ours = config.path("bertstream");
        Map<Task, Path> graphs = new EnumMap<>(Task.class);
        for (Task task : Task.values()) {
            JsonNode path = ours.path("graphs").get(task.graph());
            if (path != null) {
                Path file = dir.resolve(path.asText());
                if (!Files.isRegularFile(file)) {
                    throw new IllegalStateException("config.json lists the graph " + task.graph() + " at " + path.asText()
                            + ", but " + file + " does not exist");
                }
                graphs.put(task, file);
            }
        }
        if (graphs.isEmpty()) {
            throw new IllegalStateException(configFile + " lists no graph this service can run (bertstream.graphs: "
                    + String.join(", ", List.of(Task.values()).stream().map(Task::graph).toList()) + ")");
        }
        int maskTokenId = ours.path("mask_token_id").asInt(-1);
        if (graphs.containsKey(Task.FILL_MASK) && (maskTokenId < 0 || maskTokenId >= vocabSize)) {
            throw new IllegalStateException(configFile + ": bertstream.mask_token_id is missing or outside the vocabulary of " + vocabSize);
        }
        List<String> labels = labels(config, configFile);
        if (graphs.containsKey(Task.CLASSIFICATION) && labels.isEmpty()) {
            throw new IllegalStateException(configFile + " has a classifier graph but no id2label");
        }
        return new ModelBundle(dir, name, version(bytes), vocabSize, maxPositions, maskTokenId, labels,
                vocabulary(dir.resolve("vocab.txt"), vocabSize), Map.copyOf(graphs));
    }

    /** The tokens by id, to name fill-mask answers; its size must be the model's vocab_size. */
    private static List<String> vocabulary(Path vocabTxt, int vocabSize) {
        List<String> tokens;
        try {
            tokens = Files.readAllLines(vocabTxt);
        } catch (IOException e) {
            throw new IllegalStateException("cannot read the bundle's vocabulary " + vocabTxt + ": " + e.getMessage(), e);
        }
        if (tokens.size() != vocabSize) {
            throw new IllegalStateException("the bundle is inconsistent: " + vocabTxt + " has " + tokens.size()
                    + " tokens, config.json says vocab_size " + vocabSize);
        }
        return List.copyOf(tokens);
    }

    /** id2label in id order; empty without a classifier. */
    private static List<String> labels(JsonNode config, Path configFile) {
        Map<Integer, String> byId = new TreeMap<>();
        config.path("id2label").fields().forEachRemaining(e -> byId.put(Integer.parseInt(e.getKey()), e.getValue().asText()));
        List<String> labels = List.copyOf(byId.values());
        for (int i = 0; i < labels.size(); i++) {
            if (!byId.containsKey(i)) {
                throw new IllegalStateException(configFile + ": id2label must number its labels 0.." + (labels.size() - 1));
            }
        }
        return labels;
    }

    private static int positive(JsonNode config, String field, Path file) {
        int value = config.path(field).asInt(0);
        if (value <= 0) {
            throw new IllegalStateException(file + ": \"" + field + "\" is missing or not a positive integer");
        }
        return value;
    }

    private static String version(byte[] config) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(config)).substring(0, 12);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
