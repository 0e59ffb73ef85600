package io.bertstream.wordpiece;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Saving and loading the Hugging Face files keeps the tokenizer's behaviour and settings. */
class TokenizerFilesTest {

    @TempDir
    Path tmp;

    @Test
    void saveThenLoadGivesTheSameTokenizer() throws Exception {
        BertTokenizer original = BertTokenizerTest.TOKENIZER
                .withTruncation(new Truncation(7, Truncation.Strategy.ONLY_FIRST, Truncation.Direction.LEFT))
                .withPadding(new Padding(9, 0, Padding.Direction.RIGHT, 0, 0, "[PAD]"));
        original.save(tmp);
        BertTokenizer loaded = BertTokenizer.load(tmp);
        assertEquals(original.truncation(), loaded.truncation());
        assertEquals(original.padding(), loaded.padding());
        assertEquals(original.normalizer(), loaded.normalizer());
        assertEquals(original.addedTokens(), loaded.addedTokens());
        for (String text : List.of("the cat sat on a mat", "Unaffable [MASK] café", "")) {
            Encoding a = original.encode(text, "the mat");
            Encoding b = loaded.encode(text, "the mat");
            assertArrayEquals(a.ids(), b.ids());
            assertArrayEquals(a.typeIds(), b.typeIds());
            assertArrayEquals(a.offsetStarts(), b.offsetStarts());
        }
        assertEquals(BertTokenizerTest.VOCAB, Files.readAllLines(tmp.resolve("vocab.txt")));
    }

    @Test
    void aVocabularyFolderTakesItsCasingFromTokenizerConfig() throws Exception {
        Files.write(tmp.resolve("vocab.txt"), List.of("[PAD]", "[UNK]", "[CLS]", "[SEP]", "Cat", "cat"));
        assertEquals(List.of("[CLS]", "cat", "[SEP]"), BertTokenizer.load(tmp).encode("Cat").tokens());
        Files.writeString(tmp.resolve("tokenizer_config.json"), "{\"do_lower_case\": false}");
        BertTokenizer cased = BertTokenizer.load(tmp);
        assertFalse(cased.normalizer().lowercase());
        assertEquals(List.of("[CLS]", "Cat", "[SEP]"), cased.encode("Cat").tokens());
    }

    @Test
    void bertProcessingIsReadAsTheBertTemplate() throws Exception {
        Path json = tmp.resolve("tokenizer.json");
        Files.writeString(json, """
                {"model": {"type": "WordPiece", "unk_token": "[UNK]", "vocab": {"[UNK]": 0, "[CLS]": 1, "[SEP]": 2, "hi": 3}},
                 "normalizer": {"type": "BertNormalizer", "lowercase": true},
                 "pre_tokenizer": {"type": "BertPreTokenizer"},
                 "post_processor": {"type": "BertProcessing", "sep": ["[SEP]", 2], "cls": ["[CLS]", 1]}}
                """);
        Encoding e = BertTokenizer.load(json).encode("Hi", "hi");
        assertArrayEquals(new int[] {1, 3, 2, 3, 2}, e.ids());
        assertArrayEquals(new int[] {0, 0, 0, 1, 1}, e.typeIds());
        String written = Files.readString(json);
        assertTrue(written.contains("BertProcessing"));
    }
}
