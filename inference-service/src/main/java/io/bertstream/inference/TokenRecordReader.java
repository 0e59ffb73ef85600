package io.bertstream.inference;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.util.Optional;

/**
 * Reads a {@code bertstream.tokens.v1} record and checks it against the model bundle: ids in the
 * vocabulary, length within the model's positions, a task the bundle has a graph for.
 */
public final class TokenRecordReader {

    static final String SCHEMA = "bertstream.tokens.v1";

    private final ModelBundle bundle;
    private final ObjectMapper json;
    private final Optional<Task> defaultTask;

    /** {@code defaultTask}: the task of a record that names none (else such a record is bad). */
    public TokenRecordReader(ModelBundle bundle, ObjectMapper json, Optional<Task> defaultTask) {
        this.bundle = bundle;
        this.json = json;
        this.defaultTask = defaultTask;
    }

    public InferenceRequest read(byte[] value, String key) {
        JsonNode node;
        try {
            node = value == null ? null : json.readTree(value);
        } catch (IOException e) {
            throw new BadRecordException("not a tokens record: the value is not JSON");
        }
        if (node == null || !node.isObject()) {
            throw new BadRecordException("not a tokens record: the value must be a JSON object");
        }
        String schema = node.path("schema").asText("");
        if (!SCHEMA.equals(schema)) {
            throw new BadRecordException("unknown schema \"" + schema + "\"; this service reads " + SCHEMA);
        }
        String id = node.path("id").asText(null);
        if (id == null) {
            throw new BadRecordException("a tokens record without an id");
        }
        String taskName = node.path("task").asText("");
        Task task = (node.hasNonNull("task") ? Task.fromWireName(taskName) : defaultTask)
                .orElseThrow(() -> new BadRecordException("unknown task \"" + taskName + "\""));
        if (!bundle.graphs().containsKey(task)) {
            throw new BadRecordException("the model " + bundle.name() + " has no graph for the task " + task.wireName()
                    + " (bundle graphs: " + bundle.graphs().keySet().stream().map(Task::wireName).sorted().toList() + ")");
        }
        int[] ids = ints(node, "ids");
        int[] typeIds = ints(node, "type_ids");
        if (ids.length == 0) {
            throw new BadRecordException("a tokens record without ids");
        }
        if (typeIds.length != ids.length) {
            throw new BadRecordException("type_ids has " + typeIds.length + " entries for " + ids.length + " ids");
        }
        if (ids.length > bundle.maxPositions()) {
            throw new BadRecordException(ids.length + " tokens is over the model's limit of " + bundle.maxPositions());
        }
        for (int i = 0; i < ids.length; i++) {
            if (ids[i] < 0 || ids[i] >= bundle.vocabSize()) {
                throw new BadRecordException("token id " + ids[i] + " at position " + i + " is outside the vocabulary of " + bundle.vocabSize());
            }
            if (typeIds[i] != 0 && typeIds[i] != 1) {
                throw new BadRecordException("type id " + typeIds[i] + " at position " + i + " is not 0 or 1");
            }
        }
        if (task == Task.FILL_MASK && !contains(ids, bundle.maskTokenId())) {
            throw new BadRecordException("a fill-mask record without a [MASK] token");
        }
        JsonNode source = node.get("source");
        return new InferenceRequest(id, key, task, ids, typeIds, node.path("truncated").asBoolean(false),
                source == null || source.isNull() ? null : source, node.path("received_at").asLong(0));
    }

    private static int[] ints(JsonNode node, String field) {
        JsonNode array = node.get(field);
        if (array == null || !array.isArray()) {
            throw new BadRecordException("\"" + field + "\" must be an array of integers");
        }
        int[] values = new int[array.size()];
        for (int i = 0; i < values.length; i++) {
            JsonNode v = array.get(i);
            if (!v.canConvertToInt() || !v.isIntegralNumber()) {
                throw new BadRecordException("\"" + field + "\" must be an array of integers; entry " + i + " is " + v);
            }
            values[i] = v.intValue();
        }
        return values;
    }

    private static boolean contains(int[] ids, int id) {
        for (int i : ids) {
            if (i == id) {
                return true;
            }
        }
        return false;
    }
}
