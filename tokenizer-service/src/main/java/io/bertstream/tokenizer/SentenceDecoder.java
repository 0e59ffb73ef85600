package io.bertstream.tokenizer;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.CharsetDecoder;
import java.nio.charset.CoderResult;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;

/**
 * Turns a record value into a {@link SentenceRequest}, or throws {@link BadInputException} with the
 * reason. A value is either plain UTF-8 text (what {@code kcat -P} sends) or, when its first
 * non-blank character is <code>{</code>, JSON: {@code {"id": ..., "text": ..., "text_pair": ...,
 * "task": ...}}. Task when none is given: {@code next-sentence} for a pair, {@code fill-mask} when
 * the text holds {@code [MASK]}, else the configured default.
 */
public final class SentenceDecoder {

    static final String MASK = "[MASK]";

    private final int maxTextBytes;
    private final Task defaultTask;
    private final ObjectMapper json;

    public SentenceDecoder(int maxTextBytes, Task defaultTask, ObjectMapper json) {
        this.maxTextBytes = maxTextBytes;
        this.defaultTask = defaultTask;
        this.json = json;
    }

    /** {@code fallbackId}: the id of a record that brings none (its topic/partition/offset). */
    public SentenceRequest decode(byte[] value, String fallbackId) {
        if (value == null || value.length == 0) {
            throw new BadInputException("empty record: there is no text to tokenize");
        }
        if (value.length > maxTextBytes) {
            throw new BadInputException("record of " + value.length + " bytes is over the limit of " + maxTextBytes
                    + " bytes (bertstream.tokenizer.max-text-bytes)");
        }
        String text = strictUtf8(value);
        return isJson(text) ? fromJson(text, fallbackId) : request(fallbackId, text, null, null);
    }

    private SentenceRequest fromJson(String text, String fallbackId) {
        JsonNode node;
        try {
            node = json.readTree(text);
        } catch (JsonProcessingException e) {
            throw new BadInputException("JSON that does not parse: " + e.getOriginalMessage());
        }
        if (!node.isObject()) {
            throw new BadInputException("JSON input must be an object with a \"text\" field");
        }
        JsonNode id = node.get("id");
        String requestId;
        if (id == null || id.isNull()) {
            requestId = fallbackId;
        } else if (id.isTextual() || id.isIntegralNumber()) {
            requestId = id.asText();
        } else {
            throw new BadInputException("\"id\" must be a string or an integer, not " + id.getNodeType().name().toLowerCase());
        }
        return request(requestId, requiredString(node, "text"), optionalString(node, "text_pair"), optionalString(node, "task"));
    }

    private SentenceRequest request(String id, String text, String textPair, String taskName) {
        if (text.isBlank()) {
            throw new BadInputException("empty text: there is nothing to tokenize");
        }
        Task task = taskName == null ? inferTask(text, textPair) : Task.fromWireName(taskName).orElseThrow(
                () -> new BadInputException("unknown task \"" + taskName + "\"; known tasks: " + Task.allWireNames()));
        if (task == Task.NEXT_SENTENCE && (textPair == null || textPair.isBlank())) {
            throw new BadInputException("task next-sentence needs a \"text_pair\"");
        }
        if (task == Task.FILL_MASK && !text.contains(MASK) && (textPair == null || !textPair.contains(MASK))) {
            throw new BadInputException("task fill-mask needs at least one " + MASK + " in the text");
        }
        return new SentenceRequest(id, text, textPair, task);
    }

    private Task inferTask(String text, String textPair) {
        if (textPair != null) {
            return Task.NEXT_SENTENCE;
        }
        return text.contains(MASK) ? Task.FILL_MASK : defaultTask;
    }

    private static String requiredString(JsonNode node, String field) {
        String value = optionalString(node, field);
        if (value == null) {
            throw new BadInputException("JSON input has no \"" + field + "\" string");
        }
        return value;
    }

    private static String optionalString(JsonNode node, String field) {
        JsonNode value = node.get(field);
        if (value == null || value.isNull()) {
            return null;
        }
        if (!value.isTextual()) {
            throw new BadInputException("\"" + field + "\" must be a string, not " + value.getNodeType().name().toLowerCase());
        }
        return value.textValue();
    }

    private static boolean isJson(String text) {
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (!Character.isWhitespace(c)) {
                return c == '{';
            }
        }
        return false;
    }

    private static String strictUtf8(byte[] value) {
        CharsetDecoder decoder = StandardCharsets.UTF_8.newDecoder()
                .onMalformedInput(CodingErrorAction.REPORT)
                .onUnmappableCharacter(CodingErrorAction.REPORT);
        ByteBuffer in = ByteBuffer.wrap(value);
        CharBuffer out = CharBuffer.allocate(value.length); // UTF-8 never decodes to more chars than bytes
        CoderResult result = decoder.decode(in, out, true);
        if (result.isError()) {
            throw new BadInputException("not valid UTF-8: a malformed sequence at byte " + in.position() + " of " + value.length);
        }
        decoder.flush(out);
        return out.flip().toString();
    }
}
