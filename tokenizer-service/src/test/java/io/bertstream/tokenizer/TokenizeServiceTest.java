package io.bertstream.tokenizer;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.bertstream.wordpiece.BertTokenizer;
import io.bertstream.wordpiece.Truncation;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

class TokenizeServiceTest {

    static final Path BUNDLE = Path.of("src/test/resources/bundle");
    static BertTokenizer tokenizer;
    static TokenizeService service;

    @BeforeAll
    static void load() throws Exception {
        tokenizer = BertTokenizer.load(BUNDLE).withTruncation(Truncation.longestFirst(12));
        service = new TokenizeService(tokenizer, new SentenceDecoder(1000, Task.CLASSIFICATION, new ObjectMapper()));
    }

    private static TokenRecord tokenize(String value) {
        return service.tokenize(value.getBytes(StandardCharsets.UTF_8), "k", new TokenRecord.Source("sentences", 1, 9), 5L);
    }

    @Test
    void aSentenceBecomesTheTokenizersEncodingWithItsProvenance() {
        TokenRecord r = tokenize("The movie was great!");
        // [CLS] the movie was great ! [SEP], by the vocabulary's ids
        int[] expected = {tokenizer.tokenId("[CLS]"), tokenizer.tokenId("the"), tokenizer.tokenId("movie"),
                tokenizer.tokenId("was"), tokenizer.tokenId("great"), tokenizer.tokenId("!"), tokenizer.tokenId("[SEP]")};
        assertArrayEquals(expected, r.ids());
        assertArrayEquals(new int[7], r.typeIds());
        assertArrayEquals(new int[] {1, 1, 1, 1, 1, 1, 1}, r.attentionMask());
        assertEquals("sentences/1/9", r.id());
        assertEquals("k", r.key());
        assertEquals("classification", r.task());
        assertEquals(TokenRecord.SCHEMA, r.schema());
        assertFalse(r.truncated());
        assertEquals(5L, r.receivedAt());
    }

    @Test
    void aPairHasSegmentIds() {
        TokenRecord r = tokenize("{\"id\": \"p\", \"text\": \"i loved it\", \"text_pair\": \"the end\"}");
        assertEquals("next-sentence", r.task());
        assertArrayEquals(new int[] {0, 0, 0, 0, 0, 1, 1, 1}, r.typeIds());
    }

    @Test
    void longTextIsTruncatedAndSaysSo() {
        TokenRecord r = tokenize("the movie was great and the story was good and the end was the best ever");
        assertEquals(12, r.ids().length);
        assertTrue(r.truncated());
    }

    @Test
    void aMaskCutOffByTruncationIsBadInput() {
        var e = assertThrows(BadInputException.class,
                () -> tokenize("the movie was great and the story was good and the end was [MASK]"));
        assertTrue(e.getMessage().contains("cut off by the truncation to 12 tokens"), e.getMessage());
    }

    @Test
    void textWithNothingTokenizableIsBadInput() {
        var e = assertThrows(BadInputException.class, () -> tokenize("\u0000\u200b\u0001"));
        assertTrue(e.getMessage().startsWith("no tokens left after cleaning"), e.getMessage());
    }
}
