package io.bertstream.trainer.data;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.bertstream.wordpiece.Truncation;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;

/**
 * How a classifier was fine-tuned, as far as evaluation must repeat it: the train file (path as
 * given), the validation split (fraction and seed) and the truncation (max length and head+tail).
 * A fine-tuned bundle carries it in config.json as {@code bertstream.finetune}:
 *
 * <pre>{@code
 * "finetune": {"train": "data/imdb/train.jsonl", "validation_fraction": 0.1, "split_seed": 42,
 *              "max_length": 256, "truncation": {"strategy": "head_tail", "head_tokens": 63}}
 * }</pre>
 */
public record FinetuneRecipe(String train, double validationFraction, long splitSeed, int maxLength, int headTokens) {

    private static final ObjectMapper JSON = new ObjectMapper();

    public FinetuneRecipe {
        truncationOf(maxLength, headTokens);
    }

    /** The truncation inputs get: head+tail within {@code maxLength} tokens, special tokens included. */
    public Truncation truncation() {
        return truncationOf(maxLength, headTokens);
    }

    private static Truncation truncationOf(int maxLength, int headTokens) {
        if (maxLength < 3) {
            throw new IllegalArgumentException("max length must leave room for [CLS], [SEP] and a token, got " + maxLength);
        }
        if (headTokens < 0 || headTokens > maxLength - 2) {
            throw new IllegalArgumentException("head tokens must be between 0 and max length - 2 = " + (maxLength - 2) + ", got " + headTokens);
        }
        return Truncation.headTail(maxLength, headTokens);
    }

    /** The train and validation examples of the train file, labels named as {@code labels} (empty: found, sorted). */
    public TrainValidationSplit split(List<String> labels) throws IOException {
        LabelledDataset data = LabelledDataset.read(Path.of(train), labels);
        return TrainValidationSplit.of(data.examples(), validationFraction, splitSeed);
    }

    public ObjectNode toJson() {
        ObjectNode n = JSON.createObjectNode();
        n.put("train", train);
        n.put("validation_fraction", validationFraction);
        n.put("split_seed", splitSeed);
        n.put("max_length", maxLength);
        ObjectNode t = n.putObject("truncation");
        t.put("strategy", "head_tail");
        t.put("head_tokens", headTokens);
        return n;
    }

    /** From a bundle's config.json ({@code bertstream.finetune}); fails when the bundle was not fine-tuned. */
    public static FinetuneRecipe fromConfig(JsonNode config) {
        JsonNode n = config.path("bertstream").path("finetune");
        if (!n.isObject()) {
            throw new IllegalArgumentException("config.json has no bertstream.finetune section: not a fine-tuned bundle");
        }
        String strategy = n.path("truncation").path("strategy").asText();
        if (!strategy.equals("head_tail")) {
            throw new IllegalArgumentException("config.json bertstream.finetune.truncation.strategy is '" + strategy + "'; only head_tail is known");
        }
        for (String field : List.of("train", "validation_fraction", "split_seed", "max_length")) {
            if (!n.hasNonNull(field)) {
                throw new IllegalArgumentException("config.json bertstream.finetune has no " + field);
            }
        }
        return new FinetuneRecipe(n.get("train").asText(), n.get("validation_fraction").asDouble(), n.get("split_seed").asLong(),
                n.get("max_length").asInt(), n.path("truncation").path("head_tokens").asInt());
    }
}
