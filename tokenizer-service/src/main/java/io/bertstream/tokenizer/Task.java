package io.bertstream.tokenizer;

import java.util.Arrays;
import java.util.Optional;

/** What a sentence asks of the model; the wire name is the one producers write in {@code task}. */
public enum Task {
    FILL_MASK("fill-mask"),
    CLASSIFICATION("classification"),
    NEXT_SENTENCE("next-sentence"),
    EMBEDDING("embedding");

    private final String wireName;

    Task(String wireName) {
        this.wireName = wireName;
    }

    public String wireName() {
        return wireName;
    }

    public static Optional<Task> fromWireName(String name) {
        return Arrays.stream(values()).filter(t -> t.wireName.equals(name)).findFirst();
    }

    static String allWireNames() {
        return String.join(", ", Arrays.stream(values()).map(Task::wireName).toList());
    }
}
