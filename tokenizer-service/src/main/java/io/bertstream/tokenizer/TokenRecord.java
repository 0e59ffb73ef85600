package io.bertstream.tokenizer;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;

/**
 * One input's tokens: what the inference-service needs to batch the record (ids, type ids,
 * attention mask: no padding, so the mask is all ones) and to answer it (id, key, task, the text
 * for the prediction). Written to the {@code tokens} topic in the configured {@link OutputFormat};
 * as JSON it is schema {@value #SCHEMA} (documented in the README), which {@code POST /tokenize}
 * returns too.
 *
 * @param receivedAt the input record's timestamp (ms since the epoch), for end-to-end latency
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record TokenRecord(
        @JsonProperty("schema") String schema,
        @JsonProperty("id") String id,
        @JsonProperty("key") String key,
        @JsonProperty("task") String task,
        @JsonProperty("ids") int[] ids,
        @JsonProperty("type_ids") int[] typeIds,
        @JsonProperty("attention_mask") int[] attentionMask,
        @JsonProperty("truncated") boolean truncated,
        @JsonProperty("text") String text,
        @JsonProperty("text_pair") String textPair,
        @JsonProperty("source") Source source,
        @JsonProperty("received_at") long receivedAt) {

    public static final String SCHEMA = "bertstream.tokens.v1";

    /** Where the input came from; absent for requests that did not come through Kafka. */
    public record Source(
            @JsonProperty("topic") String topic,
            @JsonProperty("partition") int partition,
            @JsonProperty("offset") long offset) {

        /** The id of an input that brings none. */
        public String asId() {
            return topic + "/" + partition + "/" + offset;
        }
    }
}
