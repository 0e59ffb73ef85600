package io.bertstream.tokenizer;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;

/** The value layout of the records on the {@code tokens} topic ({@code bertstream.tokenizer.output-format}). */
public enum OutputFormat {

    /** {@value TokensV2Writer#SCHEMA}, the default: half the bytes of JSON, a fraction of its encode and decode time. */
    BINARY {
        @Override
        public byte[] encode(TokenRecord record, ObjectMapper json) {
            return TokensV2Writer.write(record);
        }
    },

    /** {@value TokenRecord#SCHEMA}, for readers that know only JSON. */
    JSON {
        @Override
        public byte[] encode(TokenRecord record, ObjectMapper json) throws JsonProcessingException {
            return json.writeValueAsBytes(record);
        }
    };

    public abstract byte[] encode(TokenRecord record, ObjectMapper json) throws JsonProcessingException;
}
