package io.bertstream.inference;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.util.Optional;

/**
 * Reads a {@code tokens} record — binary {@value TokensV2Reader#SCHEMA} or JSON {@value #V1_SCHEMA},
 * told apart by the first byte — and checks it against the model bundle: ids in the vocabulary,
 * length within the model's positions, a task the bundle has a graph for.
 */
public final class TokenRecordReader {

    static final String V1_SCHEMA = "bertstream.tokens.v1";

    private final ModelBundle bundle;
    private final ObjectMapper json;
    private final Optional<Task> defaultTask;

    /** {@code defaultTask}: the task of a record that names none (else such a record is bad). */
    public TokenRecordReader(ModelBundle bundle, ObjectMapper json, Optional<Task> defaultTask) {
        this.bundle = bundle;
        this.json = json;
        this.defaultTask = defaultTask;
    }

    /** @throws BadRecordException with the dead-letter reason */
    public InferenceRequest read(byte[] value, String key) {
        return checked(TokensV2Reader.isBinary(value) ? TokensV2Reader.read(value, key) : readJson(value, key));
    }

    private InferenceRequest readJson(byte[] value, String key) {
        JsonNode node;
        try {
            node = value == null ? null : json.readTree(value);
        } catch (IOException e) {
            throw new BadRecordException("not a tokens record: the value is not JSON (" + V1_SCHEMA
                    + ") and does not start with the " + TokensV2Reader.SCHEMA + " marker");
        }
        if (node == null || !node.isObject()) {
            throw new BadRecordException("not a tokens record: the value must be a JSON object");
        }
        String schema = node.path("schema").asText("");
        if (!V1_SCHEMA.equals(schema)) {
            throw new BadRecordException("unknown schema \"" + schema + "\"; this service reads " + V1_SCHEMA + " (JSON) and "
                    + TokensV2Reader.SCHEMA + " (binary)");
        }
        String id = node.path("id").asText(null);
        if (id == null) {
            throw new BadRecordException("a tokens record without an id");
        }
        Task task = null;
        if (node.hasNonNull("task")) {
            String taskName = node.get("task").asText();
            task = Task.fromWireName(taskName).orElseThrow(() -> new BadRecordException("unknown task \"" + taskName + "\""));
        }
        int[] ids = ints(node, "ids");
        int[] typeIds = ints(node, "type_ids");
        if (typeIds.length != ids.length) {
            throw new BadRecordException("type_ids has " + typeIds.length + " entries for " + ids.length + " ids");
        }
        return new InferenceRequest(id, key, task, ids, typeIds, node.path("truncated").asBoolean(false),
                source(node.get("source")), node.path("received_at").asLong(0));
    }

    private static InferenceRequest.Source source(JsonNode source) {
        if (source == null || source.isNull()) {
            return null;
        }
        if (!source.path("topic").isTextual() || !source.path("partition").canConvertToInt() || !source.path("offset").canConvertToLong()) {
            throw new BadRecordException("\"source\" must be an object with a topic, a partition and an offset");
        }
        return new InferenceRequest.Source(source.get("topic").asText(), source.get("partition").asInt(), source.get("offset").asLong());
    }

    /** The checks against the model, the same for both layouts. */
    private InferenceRequest checked(InferenceRequest request) {
        Task task = request.task();
        if (task == null) {
            request = request.withTask(defaultTask.orElseThrow(
                    () -> new BadRecordException("a tokens record without a task, and the service has no default task")));
            task = request.task();
        }
        if (!bundle.graphs().containsKey(task)) {
            throw new BadRecordException("the model " + bundle.name() + " has no graph for the task " + task.wireName()
                    + " (bundle graphs: " + bundle.graphs().keySet().stream().map(Task::wireName).sorted().toList() + ")");
        }
        int[] ids = request.ids();
        int[] typeIds = request.typeIds();
        if (ids.length == 0) {
            throw new BadRecordException("a tokens record without ids");
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
        return request;
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
