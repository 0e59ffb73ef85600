package io.bertstream.trainer.data;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;

/**
 * One labelled example: {@code {"id": ..., "text": ..., "label": ...}}, with {@code text_pair}
 * for tasks on sentence pairs (null for single texts).
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record LabelledText(String id, String text, String label, @JsonProperty("text_pair") String textPair) {

    public LabelledText(String id, String text, String label) {
        this(id, text, label, null);
    }
}
