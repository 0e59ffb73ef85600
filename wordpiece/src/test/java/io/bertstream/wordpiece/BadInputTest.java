package io.bertstream.wordpiece;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Hostile input gives a result or a clear exception, in bounded time and memory. */
class BadInputTest {

    private static final BertTokenizer T = BertTokenizerTest.TOKENIZER;
    private static final Duration LIMIT = Duration.ofSeconds(20);

    @TempDir
    Path tmp;

    @Test
    void tenMegabytesWithoutASpaceIsOneUnknownWordInLinearTime() {
        String text = "x".repeat(10_000_000);
        Encoding e = assertTimeoutPreemptively(LIMIT, () -> T.encode(text));
        assertEquals(List.of("[CLS]", "[UNK]", "[SEP]"), e.tokens());
        assertEquals(0, e.offsetStarts()[1]);
        assertEquals(10_000_000, e.offsetEnds()[1]);
    }

    @Test
    void tenMegabytesOfWordsUnderTruncationStopsEarly() {
        String text = "the cat ".repeat(1_250_000);
        Encoding e = assertTimeoutPreemptively(Duration.ofSeconds(5),
                () -> T.withTruncation(Truncation.longestFirst(128)).encode(text));
        assertEquals(128, e.length());
        assertTrue(e.truncated());
    }

    @Test
    void tenMegabytesOfPunctuationIsTenMillionTokens() {
        String text = "!".repeat(10_000_000);
        Encoding e = assertTimeoutPreemptively(LIMIT, () -> T.encode(text));
        assertEquals(10_000_002, e.length());
    }

    @Test
    void unpairedSurrogatesNulAndControlCharactersAreDropped() {
        Encoding e = T.encode("\ud800the\u0000 c\udc00at\u0007 \udbff");
        assertEquals(List.of("[CLS]", "the", "cat", "[SEP]"), e.tokens());
    }

    @Test
    void nullTextIsRejected() {
        assertThrows(NullPointerException.class, () -> T.encode(null));
    }

    @Test
    void brokenFilesGiveMessagesNamingTheProblem() throws Exception {
        Path vocab = tmp.resolve("vocab.txt");
        Files.write(vocab, List.of("[UNK]", "a", "a"));
        IllegalArgumentException dup = assertThrows(IllegalArgumentException.class, () -> Vocabulary.readVocabTxt(vocab));
        assertTrue(dup.getMessage().contains("line 3 repeats the token 'a' of line 2"), dup.getMessage());

        Path json = tmp.resolve("tokenizer.json");
        Files.writeString(json, "{\"model\": {\"type\": \"BPE\", \"vocab\": {}}}");
        IllegalArgumentException bpe = assertThrows(IllegalArgumentException.class, () -> BertTokenizer.load(json));
        assertTrue(bpe.getMessage().contains("model type BPE is not supported"), bpe.getMessage());

        Files.writeString(json, "{\"model\": {\"type\": \"WordPiece\", \"vocab\": {\"[UNK]\": 0}},"
                + " \"truncation\": {\"max_length\": 8, \"stride\": 2}}");
        IllegalArgumentException stride = assertThrows(IllegalArgumentException.class, () -> BertTokenizer.load(json));
        assertTrue(stride.getMessage().contains("stride 2 is not supported"), stride.getMessage());

        Files.writeString(json, "{not json");
        assertThrows(java.io.IOException.class, () -> BertTokenizer.load(json));

        assertThrows(IllegalArgumentException.class, () -> BertTokenizer.load(tmp.resolve("missing")));
    }

    @Test
    void aVocabularyWithoutUnknownTokenFailsOnlyOnUnknownWords() {
        WordPieceModel model = new WordPieceModel(Vocabulary.of(List.of("a", "##b")));
        BertTokenizer t = new BertTokenizer(BertNormalizer.UNCASED, model, List.of(), null, null, null, null);
        assertEquals(List.of("a", "##b"), t.encode("ab").tokens());
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> t.encode("c"));
        assertTrue(e.getMessage().contains("no unknown token [UNK]"), e.getMessage());
    }
}
