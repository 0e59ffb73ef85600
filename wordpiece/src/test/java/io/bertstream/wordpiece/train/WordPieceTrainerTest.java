package io.bertstream.wordpiece.train;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.bertstream.wordpiece.BertNormalizer;
import io.bertstream.wordpiece.BertTokenizer;
import io.bertstream.wordpiece.Vocabulary;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The trainer's rules, on corpora small enough to work the merges out by hand. */
class WordPieceTrainerTest {

    private static Vocabulary train(WordPieceTrainer.Settings settings, String... lines) {
        WordPieceTrainer trainer = new WordPieceTrainer(settings);
        for (String line : lines) {
            trainer.addText(line);
        }
        return trainer.train();
    }

    @Test
    void specialTokensThenAlphabetThenMergesByFrequency() {
        // Words: "low" x5, "lower" x2, "newest" x6 (all lowercased first).
        Vocabulary v = train(WordPieceTrainer.Settings.bert(40), "Low low low low low", "lower lower", "newest ".repeat(6));
        assertEquals(Vocabulary.BERT_SPECIAL_TOKENS, v.tokens().subList(0, 5));
        // The alphabet: word-initial characters, then "##" forms of characters seen inside words, each sorted.
        assertEquals(List.of("e", "l", "n", "o", "r", "s", "t", "w"), v.tokens().subList(5, 13));
        assertEquals(List.of("##e", "##o", "##r", "##s", "##t", "##w"), v.tokens().subList(13, 19));
        // Most frequent pair first: (##w, ##e) occurs 6 times in "newest" and 2 in "lower" = 8,
        // more than (##e, ##w), (##e, ##s), (##s, ##t) (6 each) and (l, ##o), (##o, ##w) (7 each).
        assertEquals("##we", v.token(19));
        // Merging stops when no pair is left, short of the size: every word is then one token.
        assertTrue(v.contains("low") && v.contains("lower") && v.contains("newest"));
        assertTrue(v.size() < 40);
    }

    @Test
    void minimumFrequencyStopsMerging() {
        Vocabulary v = train(WordPieceTrainer.Settings.bert(100).withMinFrequency(3), "ab ab ab cd cd");
        // (a, ##b) occurs 3 times and is merged; (c, ##d) only twice and is not.
        assertTrue(v.contains("ab"));
        assertFalse(v.contains("cd"));
    }

    @Test
    void alphabetLimitKeepsTheMostFrequentCharacters() {
        Vocabulary v = train(WordPieceTrainer.Settings.bert(100).withLimitAlphabet(2), "aaa bbb c");
        assertTrue(v.contains("a") && v.contains("b"));
        assertFalse(v.contains("c"));
    }

    @Test
    void trainingIsDeterministicAndFrequentWordsBecomeWholeTokens() {
        String[] corpus = {"the quick brown fox jumps over the lazy dog", "the dog sleeps", "a quick fox"};
        Vocabulary a = train(WordPieceTrainer.Settings.bert(60), corpus);
        Vocabulary b = train(WordPieceTrainer.Settings.bert(60), corpus);
        assertEquals(a.tokens(), b.tokens());
        assertTrue(a.contains("the"));
        BertTokenizer t = BertTokenizer.fromVocabulary(a, BertNormalizer.UNCASED);
        assertEquals(List.of("[CLS]", "the", "[SEP]"), t.encode("The").tokens());
    }

    @Test
    void theDistinctWordBoundForgetsRareWords() {
        WordPieceTrainer trainer = new WordPieceTrainer(WordPieceTrainer.Settings.bert(50).withMaxDistinctWords(10));
        for (int i = 0; i < 1000; i++) {
            trainer.addText("common w" + i);
        }
        assertTrue(trainer.wordsForgotten() > 900, "forgot " + trainer.wordsForgotten());
        assertEquals(2000, trainer.wordsSeen());
        assertTrue(trainer.train().contains("common"));
    }

    @Test
    void theAlphabetIsKeptWholeEvenBeyondTheSize() {
        Vocabulary v = train(WordPieceTrainer.Settings.bert(6), "abc");
        assertEquals(List.of("[PAD]", "[UNK]", "[CLS]", "[SEP]", "[MASK]", "a", "b", "c", "##b", "##c"), v.tokens());
    }
}
