package io.bertstream.inference;

/**
 * One tokens record: what to run and what to echo in the prediction. The readers decode it; {@link
 * TokenRecordReader} checks it against the model.
 *
 * @param task null when the record names none (the reader then gives it the default task)
 * @param source where the sentence came from, echoed in the prediction (null when the record has none)
 * @param receivedAt when the sentence reached Kafka (ms), for end-to-end latency; 0 when unknown
 */
public record InferenceRequest(
        String id, String key, Task task, int[] ids, int[] typeIds, boolean truncated, Source source, long receivedAt) {

    public record Source(String topic, int partition, long offset) {}

    public int length() {
        return ids.length;
    }

    InferenceRequest withTask(Task task) {
        return new InferenceRequest(id, key, task, ids, typeIds, truncated, source, receivedAt);
    }
}
