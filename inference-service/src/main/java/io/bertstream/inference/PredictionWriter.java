package io.bertstream.inference;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * The value written to {@code predictions}, schema {@value #SCHEMA} (documented in the README): the
 * input's id, key and provenance, the task, the model, the result and the timings.
 */
public final class PredictionWriter {

    public static final String SCHEMA = "bertstream.predictions.v1";

    private final ModelBundle bundle;
    private final ObjectMapper json;

    public PredictionWriter(ModelBundle bundle, ObjectMapper json) {
        this.bundle = bundle;
        this.json = json;
    }

    /**
     * @param queueMs how long the record waited for its batch
     * @param inferenceMs how long its batch ran
     */
    public ObjectNode prediction(InferenceRequest request, ObjectNode result, double queueMs, double inferenceMs, long now) {
        ObjectNode node = json.createObjectNode();
        node.put("schema", SCHEMA);
        node.put("id", request.id());
        node.put("key", request.key());
        node.put("task", request.task().wireName());
        node.put("truncated", request.truncated());
        node.set("result", result);
        ObjectNode model = node.putObject("model");
        model.put("name", bundle.name());
        model.put("version", bundle.version());
        ObjectNode timings = node.putObject("timings_ms");
        timings.put("queue", round(queueMs));
        timings.put("inference", round(inferenceMs));
        if (request.receivedAt() > 0) {
            timings.put("end_to_end", now - request.receivedAt());
        }
        InferenceRequest.Source source = request.source();
        if (source != null) {
            node.putObject("source").put("topic", source.topic()).put("partition", source.partition()).put("offset", source.offset());
        }
        return node;
    }

    public byte[] bytes(ObjectNode prediction) {
        try {
            return json.writeValueAsBytes(prediction);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot write a prediction as JSON", e);
        }
    }

    private static double round(double ms) {
        return Math.round(ms * 1000) / 1000.0;
    }
}
