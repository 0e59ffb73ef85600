package io.bertstream.trainer.train;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.bertstream.trainer.bert.BertConfig;
import io.bertstream.trainer.bert.BertForSequenceClassification;
import io.bertstream.trainer.data.FinetuneRecipe;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * A fine-tuned classifier read from a folder ({@code finetune}'s output or its bundle):
 * {@value Checkpoint#WEIGHTS} with config.json, whose {@code id2label} names the classes and
 * whose {@code bertstream.finetune} (when there) says how inputs were truncated.
 */
public record ClassifierFolder(BertForSequenceClassification model, List<String> labels, FinetuneRecipe recipe) {
    private static final ObjectMapper JSON = new ObjectMapper();

    /** Whether {@code dir}'s config.json describes a sequence classifier. */
    public static boolean isClassifier(Path dir) throws IOException {
        Path file = dir.resolve("config.json");
        if (!Files.isRegularFile(file)) return false;
        JsonNode config = JSON.readTree(file.toFile());
        return config.path("id2label").size() > 0 && config.path("architectures").toString().contains("BertForSequenceClassification");
    }

    public static ClassifierFolder load(Path dir) throws IOException {
        Path configFile = dir.resolve("config.json"), weights = dir.resolve(Checkpoint.WEIGHTS);
        if (!Files.isRegularFile(configFile) || !Files.isRegularFile(weights)) {
            throw new IOException(dir + ": a classifier needs config.json and " + Checkpoint.WEIGHTS);
        }
        JsonNode config = JSON.readTree(configFile.toFile());
        List<String> labels;
        try {
            labels = labels(configFile, config);
        } catch (IllegalArgumentException e) {
            throw new IOException(e.getMessage(), e);
        }
        BertForSequenceClassification model = new BertForSequenceClassification(BertConfig.fromJson(config), labels.size(), 0);
        Checkpoint.requireAll(model.parameters(), SafeTensors.read(weights).tensors());
        FinetuneRecipe recipe = config.path("bertstream").has("finetune") ? FinetuneRecipe.fromConfig(config) : null;
        return new ClassifierFolder(model, labels, recipe);
    }

    /** The class names of a config.json's {@code id2label}, in id order; an {@link IllegalArgumentException} names what is wrong. */
    public static List<String> labels(Path configFile, JsonNode config) {
        JsonNode id2label = config.path("id2label");
        if (id2label.size() < 2) throw new IllegalArgumentException(configFile + ": id2label must name at least two classes");
        List<String> labels = new ArrayList<>();
        for (int i = 0; i < id2label.size(); i++) {
            JsonNode name = id2label.get(Integer.toString(i));
            if (name == null) throw new IllegalArgumentException(configFile + ": id2label has no entry \"" + i + "\"");
            labels.add(name.asText());
        }
        return List.copyOf(labels);
    }
}
