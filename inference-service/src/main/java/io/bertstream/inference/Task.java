package io.bertstream.inference;

import java.util.Arrays;
import java.util.Optional;

/**
 * What a record asks of the model (the wire names of the tokens schema) and the bundle graph that
 * answers it.
 */
public enum Task {
    FILL_MASK("fill-mask", "fill_mask_top_k"),
    CLASSIFICATION("classification", "classifier"),
    NEXT_SENTENCE("next-sentence", "next_sentence"),
    EMBEDDING("embedding", "embeddings");

    private final String wireName;
    private final String graph;

    Task(String wireName, String graph) {
        this.wireName = wireName;
        this.graph = graph;
    }

    public String wireName() {
        return wireName;
    }

    /** The graph's key in the bundle's config.json {@code bertstream.graphs}. */
    public String graph() {
        return graph;
    }

    public static Optional<Task> fromWireName(String name) {
        return Arrays.stream(values()).filter(t -> t.wireName.equals(name)).findFirst();
    }
}
