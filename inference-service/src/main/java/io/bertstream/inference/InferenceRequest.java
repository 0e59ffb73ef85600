package io.bertstream.inference;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * One tokens record, checked against the model: what to run and what to echo in the prediction.
 *
 * @param source the tokens record's {@code source} object, echoed as it came (may be null)
 * @param receivedAt when the sentence reached Kafka (ms), for end-to-end latency; 0 when unknown
 */
public record InferenceRequest(
        String id, String key, Task task, int[] ids, int[] typeIds, boolean truncated, JsonNode source, long receivedAt) {

    public int length() {
        return ids.length;
    }
}
