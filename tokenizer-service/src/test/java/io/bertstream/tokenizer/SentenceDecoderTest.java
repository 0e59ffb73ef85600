package io.bertstream.tokenizer;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class SentenceDecoderTest {

    private final SentenceDecoder decoder = new SentenceDecoder(100, Task.CLASSIFICATION, new ObjectMapper());

    private SentenceRequest decode(String value) {
        return decoder.decode(value.getBytes(StandardCharsets.UTF_8), "sentences/0/7");
    }

    private String reason(byte[] value) {
        return assertThrows(BadInputException.class, () -> decoder.decode(value, "sentences/0/7")).getMessage();
    }

    private String reason(String value) {
        return reason(value.getBytes(StandardCharsets.UTF_8));
    }

    @Test
    void plainTextGetsTheRecordCoordinatesAsIdAndTheDefaultTask() {
        assertEquals(new SentenceRequest("sentences/0/7", "A fine film.", null, Task.CLASSIFICATION), decode("A fine film."));
    }

    @Test
    void plainTextWithAMaskIsFillMask() {
        assertEquals(Task.FILL_MASK, decode("Paris is the [MASK] of France.").task());
    }

    @Test
    void jsonCarriesIdTextPairAndTask() {
        var request = decode("  {\"id\": 42, \"text\": \"I came.\", \"text_pair\": \"I saw.\"}");
        assertEquals(new SentenceRequest("42", "I came.", "I saw.", Task.NEXT_SENTENCE), request);
        var explicit = decode("{\"id\": \"r-1\", \"text\": \"x\", \"task\": \"embedding\", \"extra\": [1]}");
        assertEquals(new SentenceRequest("r-1", "x", null, Task.EMBEDDING), explicit);
        assertNull(decode("{\"text\": \"no id\"}").textPair());
        assertEquals("sentences/0/7", decode("{\"text\": \"no id\"}").id());
    }

    @Test
    void textThatOnlyLooksLikeJsonInsideIsPlain() {
        assertEquals("say {\"a\": 1}", decode("say {\"a\": 1}").text());
    }

    @Test
    void badInputIsRejectedWithAReason() {
        assertTrue(reason(new byte[0]).startsWith("empty record"));
        assertTrue(reason("   \n\t ").startsWith("empty text"));
        assertTrue(reason("x".repeat(101)).contains("101 bytes is over the limit of 100 bytes"));
        assertTrue(reason(new byte[] {'o', 'k', (byte) 0xff, 'x'}).contains("not valid UTF-8: a malformed sequence at byte 2"));
        assertTrue(reason(new byte[] {'o', (byte) 0xed, (byte) 0xa0, (byte) 0x80}).contains("not valid UTF-8"), "an encoded lone surrogate");
        assertTrue(reason("{\"text\": \"abc\"").startsWith("JSON that does not parse"));
        assertTrue(reason("{\"text\": 42}").contains("\"text\" must be a string, not number"));
        assertTrue(reason("{\"txt\": \"a\"}").contains("no \"text\" string"));
        assertTrue(reason("{\"text\": \"a\", \"id\": [1]}").contains("\"id\" must be a string or an integer"));
        assertTrue(reason("{\"text\": \"a\", \"task\": \"translate\"}").contains("unknown task \"translate\""));
        assertTrue(reason("{\"text\": \"a\", \"task\": \"next-sentence\"}").contains("needs a \"text_pair\""));
        assertTrue(reason("{\"text\": \"a\", \"task\": \"fill-mask\"}").contains("needs at least one [MASK]"));
    }
}
