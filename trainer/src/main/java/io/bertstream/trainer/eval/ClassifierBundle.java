package io.bertstream.trainer.eval;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.bertstream.trainer.data.FinetuneRecipe;
import io.bertstream.trainer.train.ClassifierFolder;
import io.bertstream.wordpiece.BertTokenizer;
import io.bertstream.wordpiece.Truncation;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * A classifier bundle as evaluation needs it: the classifier graph, the label names (id2label, in
 * id order), the tokenizer truncating as in fine-tuning ({@code bertstream.finetune}; longest-first
 * to the model's positions when the bundle does not say), and the fine-tuning recipe when recorded.
 */
public record ClassifierBundle(Path dir, Path graph, List<String> labels, BertTokenizer tokenizer, FinetuneRecipe recipe) {
    private static final ObjectMapper JSON = new ObjectMapper();
    /** The graph's key in config.json's bertstream.graphs (onnx.BertGraph.CLASSIFIER, which this layer may not import). */
    private static final String GRAPH_KEY = "classifier";

    /** Reads {@code dir}; a missing folder, config.json, classifier graph or id2label is an {@link IllegalArgumentException} naming it. */
    public static ClassifierBundle read(Path dir) throws IOException {
        if (!Files.isDirectory(dir)) throw new IllegalArgumentException(dir + ": no such folder");
        Path configFile = dir.resolve("config.json");
        if (!Files.isRegularFile(configFile)) throw new IllegalArgumentException(dir + ": no config.json, so not a model bundle");
        JsonNode config = JSON.readTree(configFile.toFile());
        String graphPath = config.path("bertstream").path("graphs").path(GRAPH_KEY).asText(null);
        if (graphPath == null) {
            throw new IllegalArgumentException(dir + ": no classifier graph (config.json bertstream.graphs has no \"" + GRAPH_KEY
                    + "\"); fine-tune one with ./bertstream finetune, or evaluate a pre-trained model with eval --model DIR");
        }
        Path graph = dir.resolve(graphPath);
        if (!Files.isRegularFile(graph)) throw new IllegalArgumentException(dir + ": config.json lists the classifier graph " + graphPath + " but the file is missing");
        List<String> labels = ClassifierFolder.labels(configFile, config);
        FinetuneRecipe recipe = config.path("bertstream").has("finetune") ? FinetuneRecipe.fromConfig(config) : null;
        Truncation truncation = recipe != null ? recipe.truncation() : Truncation.longestFirst(config.path("max_position_embeddings").asInt(512));
        return new ClassifierBundle(dir, graph, labels, BertTokenizer.load(dir).withTruncation(truncation), recipe);
    }

    /** The truncation as recorded in config.json terms, for metrics.json. */
    public String describeTruncation() {
        Truncation t = tokenizer.truncation();
        return t.strategy() == Truncation.Strategy.HEAD_TAIL
                ? "head+tail to " + t.maxLength() + " tokens (" + t.headTokens() + " from the start)"
                : t.strategy().name().toLowerCase(java.util.Locale.ROOT) + " to " + t.maxLength() + " tokens";
    }
}
