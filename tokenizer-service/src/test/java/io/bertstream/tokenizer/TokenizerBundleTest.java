package io.bertstream.tokenizer;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.bertstream.wordpiece.Truncation;
import org.junit.jupiter.api.Test;

/** The service cuts texts as the bundle's classifier was fine-tuned: head+tail when its config.json says so. */
class TokenizerBundleTest {

    private static final ObjectMapper JSON = new ObjectMapper();

    @Test
    void aFineTunedBundleGetsHeadAndTail() throws Exception {
        var config = JSON.readTree("""
                {"max_position_embeddings": 512, "bertstream": {"finetune": {"max_length": 128,
                 "truncation": {"strategy": "head_tail", "head_tokens": 31}}}}""");
        Truncation t = TokenizerBundle.truncation(config, 128);
        assertEquals(Truncation.Strategy.HEAD_TAIL, t.strategy());
        assertEquals(31, t.headTokens());
        assertEquals(128, t.maxLength());
        assertEquals(15, TokenizerBundle.truncation(config, 64).headTokens(), "the same share of a shorter limit");
        assertEquals(62, TokenizerBundle.truncation(JSON.readTree("""
                {"bertstream": {"finetune": {"max_length": 64, "truncation": {"strategy": "head_tail", "head_tokens": 64}}}}"""), 64)
                .headTokens(), "the head never takes all of the room");
    }

    @Test
    void otherBundlesGetLongestFirst() throws Exception {
        assertEquals(Truncation.longestFirst(64), TokenizerBundle.truncation(null, 64));
        assertEquals(Truncation.longestFirst(64), TokenizerBundle.truncation(JSON.readTree("{\"bertstream\": {\"graphs\": {}}}"), 64));
    }
}
