package io.bertstream.wordpiece;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Locale;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * The encoder on a small hand-written vocabulary, where the expected pieces follow from the
 * WordPiece rule by hand (the HF comparison test covers agreement with the reference at scale).
 */
class BertTokenizerTest {

    static final List<String> VOCAB = List.of("[PAD]", "[UNK]", "[CLS]", "[SEP]", "[MASK]",
            "un", "##aff", "##able", "the", "cat", "sat", "on", "mat", "!", ",", "a", "##a", "##b", "cafe", "中", "x");

    static final BertTokenizer TOKENIZER = BertTokenizer.fromVocabulary(Vocabulary.of(VOCAB), BertNormalizer.UNCASED);

    @Test
    void greedyLongestMatchWithContinuationPieces() {
        Encoding e = TOKENIZER.encode("Unaffable!");
        assertEquals(List.of("[CLS]", "un", "##aff", "##able", "!", "[SEP]"), e.tokens());
        assertArrayEquals(new int[] {2, 5, 6, 7, 13, 3}, e.ids());
        assertArrayEquals(new int[] {-1, 0, 0, 0, 1, -1}, e.wordIds());
        assertArrayEquals(new int[] {1, 0, 0, 0, 0, 1}, e.specialTokensMask());
    }

    @Test
    void aWordWithAnUnmatchablePartIsOneUnknownToken() {
        // "unaffablez": un ##aff ##able, then no piece for "z" -> the whole word is [UNK].
        Encoding e = TOKENIZER.encode("the unaffablez cat");
        assertEquals(List.of("[CLS]", "the", "[UNK]", "cat", "[SEP]"), e.tokens());
        assertEquals(4, e.offsetStarts()[2]);
        assertEquals(14, e.offsetEnds()[2]);
    }

    @Test
    void wordsOverOneHundredCodePointsAreUnknown() {
        assertEquals(List.of("[CLS]", "a", "##a", "[SEP]"), TOKENIZER.encode("aa").tokens());
        assertEquals(2 + 100, TOKENIZER.encode("a".repeat(100)).length());
        assertEquals(List.of("[CLS]", "[UNK]", "[SEP]"), TOKENIZER.encode("a".repeat(101)).tokens());
    }

    @Test
    void accentsAreStrippedCjkIsSplitAndOffsetsPointIntoTheOriginal() {
        String text = "Café中x";
        Encoding e = TOKENIZER.encode(text);
        assertEquals(List.of("[CLS]", "cafe", "中", "x", "[SEP]"), e.tokens());
        assertEquals("Café", text.substring(e.offsetStarts()[1], e.offsetEnds()[1]));
        assertEquals("中", text.substring(e.offsetStarts()[2], e.offsetEnds()[2]));
        assertEquals("x", text.substring(e.offsetStarts()[3], e.offsetEnds()[3]));
    }

    @Test
    void specialTokensInTheTextAreMatchedBeforeNormalization() {
        Encoding e = TOKENIZER.encode("the [MASK] sat [mask]");
        assertEquals(List.of("[CLS]", "the", "[MASK]", "sat", "[UNK]", "[UNK]", "[UNK]", "[SEP]"), e.tokens().subList(0, 8));
        assertEquals(4, e.offsetStarts()[2]);
        assertEquals(10, e.offsetEnds()[2]);
    }

    @Test
    void codePointOffsetsCountSupplementaryCharactersOnce() {
        String first = "😀 the 😀😀 cat";
        String second = "𝔘 mat";
        Encoding e = TOKENIZER.encode(first, second);
        int[][] cp = e.codePointOffsets(first, second);
        assertEquals(List.of("[CLS]", "[UNK]", "the", "[UNK]", "cat", "[SEP]", "[UNK]", "mat", "[SEP]"), e.tokens());
        assertArrayEquals(new int[] {0, 1}, cp[1]);
        assertArrayEquals(new int[] {2, 5}, cp[2]);
        assertArrayEquals(new int[] {6, 8}, cp[3]);
        assertArrayEquals(new int[] {9, 12}, cp[4]);
        assertArrayEquals(new int[] {0, 1}, cp[6]);
        assertArrayEquals(new int[] {2, 5}, cp[7]);
        assertArrayEquals(new int[] {0, 0}, cp[8]);
    }

    @Test
    void pairsGetTypeIdsAndRestartWordIds() {
        Encoding e = TOKENIZER.encode("the cat", "sat on a mat");
        assertEquals(List.of("[CLS]", "the", "cat", "[SEP]", "sat", "on", "a", "mat", "[SEP]"), e.tokens());
        assertArrayEquals(new int[] {0, 0, 0, 0, 1, 1, 1, 1, 1}, e.typeIds());
        assertArrayEquals(new int[] {-1, 0, 1, -1, 0, 1, 2, 3, -1}, e.wordIds());
        assertArrayEquals(new int[] {-1, 0, 0, -1, 1, 1, 1, 1, -1}, e.sequenceIds());
    }

    @Test
    void offsetsOfAsciiTextCoverTheirTokens() {
        Random random = new Random(1);
        String[] words = {"the", "cat", "sat", "on", "a", "mat", "unaffable", "!", ","};
        for (int n = 0; n < 200; n++) {
            StringBuilder sb = new StringBuilder();
            for (int k = random.nextInt(20); k >= 0; k--) {
                String w = words[random.nextInt(words.length)];
                sb.append(random.nextBoolean() ? w.toUpperCase(Locale.ROOT) : w).append(" ".repeat(1 + random.nextInt(3)));
            }
            String text = sb.toString();
            Encoding e = TOKENIZER.encode(text);
            for (int i = 1; i < e.length() - 1; i++) {
                String piece = e.tokens().get(i).replace("##", "");
                assertEquals(piece, text.substring(e.offsetStarts()[i], e.offsetEnds()[i]).toLowerCase(Locale.ROOT), text);
            }
        }
    }

    @Test
    void truncationKeepsAtMostMaxLengthAndSaysSo() {
        BertTokenizer t = TOKENIZER.withTruncation(Truncation.longestFirst(6));
        Encoding single = t.encode("the cat sat on a mat");
        assertEquals(List.of("[CLS]", "the", "cat", "sat", "on", "[SEP]"), single.tokens());
        assertTrue(single.truncated());
        Encoding pair = t.encode("the cat sat", "on");
        // 3 + 1 tokens for 3 places: the longer first sequence gives way.
        assertEquals(List.of("[CLS]", "the", "cat", "[SEP]", "on", "[SEP]"), pair.tokens());
        Encoding left = TOKENIZER.withTruncation(new Truncation(4, Truncation.Strategy.LONGEST_FIRST, Truncation.Direction.LEFT))
                .encode("the cat sat on");
        assertEquals(List.of("[CLS]", "sat", "on", "[SEP]"), left.tokens());
        assertTrue(!TOKENIZER.withTruncation(Truncation.longestFirst(512)).encode("the cat").truncated());
    }

    @Test
    void headTailKeepsTheStartAndTheEndOfALongText() {
        BertTokenizer t = TOKENIZER.withTruncation(Truncation.headTail(7, 2));
        // 8 tokens, 5 places: the first 2 and the last 3.
        Encoding e = t.encode("the cat sat on a mat , x");
        assertEquals(List.of("[CLS]", "the", "cat", "mat", ",", "x", "[SEP]"), e.tokens());
        assertTrue(e.truncated());
        assertEquals("mat", "the cat sat on a mat , x".substring(e.offsetStarts()[3], e.offsetEnds()[3]));
        assertArrayEquals(new int[] {-1, 0, 1, 5, 6, 7, -1}, e.wordIds());
        Encoding fits = t.encode("the cat sat on a");
        assertEquals(List.of("[CLS]", "the", "cat", "sat", "on", "a", "[SEP]"), fits.tokens());
        assertTrue(!fits.truncated());
    }

    @Test
    void headTailWithAHeadAsLongAsTheRoomIsACutFromTheRight() {
        BertTokenizer t = TOKENIZER.withTruncation(Truncation.headTail(5, 10));
        assertEquals(List.of("[CLS]", "the", "cat", "sat", "[SEP]"), t.encode("the cat sat on a mat").tokens());
        BertTokenizer tailOnly = TOKENIZER.withTruncation(Truncation.headTail(5, 0));
        assertEquals(List.of("[CLS]", "on", "a", "mat", "[SEP]"), tailOnly.encode("the cat sat on a mat").tokens());
    }

    @Test
    void headTailCutsPairsLongestFirst() {
        Encoding headTail = TOKENIZER.withTruncation(Truncation.headTail(6, 1)).encode("the cat sat", "on");
        Encoding longestFirst = TOKENIZER.withTruncation(Truncation.longestFirst(6)).encode("the cat sat", "on");
        assertEquals(longestFirst.tokens(), headTail.tokens());
        assertEquals(List.of("[CLS]", "the", "cat", "[SEP]", "on", "[SEP]"), headTail.tokens());
    }

    @Test
    void headTailRejectsNonsense() {
        assertThrows(IllegalArgumentException.class, () -> Truncation.headTail(8, -1));
        assertThrows(IllegalArgumentException.class,
                () -> new Truncation(8, Truncation.Strategy.HEAD_TAIL, Truncation.Direction.LEFT, 2));
        assertThrows(IllegalArgumentException.class,
                () -> new Truncation(8, Truncation.Strategy.LONGEST_FIRST, Truncation.Direction.RIGHT, 2));
    }

    @Test
    void truncatedIsExactWhenTheTextEndsAtTheMaxLength() {
        BertTokenizer t = TOKENIZER.withTruncation(Truncation.longestFirst(6));
        assertTrue(!t.encode("the cat sat on a mat", null, false).truncated());
        assertTrue(!t.encode("the cat sat on a mat \u0000 \t", null, false).truncated());
        assertTrue(t.encode("the cat sat on a mat !", null, false).truncated());
        assertTrue(t.encode("the cat sat on a mat [MASK]", null, false).truncated());
        assertTrue(t.encode("the cat sat on a [MASK] x", null, false).truncated());
    }

    @Test
    void truncationTooShortForTheSpecialTokensIsAClearError() {
        BertTokenizer t = TOKENIZER.withTruncation(Truncation.longestFirst(2));
        assertEquals(List.of("[CLS]", "[SEP]"), t.encode("the cat").tokens());
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> t.encode("the", "cat"));
        assertTrue(e.getMessage().contains("special tokens"), e.getMessage());
        BertTokenizer onlySecond = TOKENIZER.withTruncation(new Truncation(5, Truncation.Strategy.ONLY_SECOND, Truncation.Direction.RIGHT));
        assertThrows(IllegalArgumentException.class, () -> onlySecond.encode("the cat sat on", "mat"));
        assertEquals(List.of("[CLS]", "the", "[SEP]", "cat", "[SEP]"), onlySecond.encode("the", "cat sat on").tokens());
    }

    @Test
    void paddingFixedAndBatchLongestOnEitherSide() {
        Encoding fixed = TOKENIZER.withPadding(Padding.fixed(6, 0)).encode("the cat");
        assertArrayEquals(new int[] {2, 8, 9, 3, 0, 0}, fixed.ids());
        assertArrayEquals(new int[] {1, 1, 1, 1, 0, 0}, fixed.attentionMask());
        assertArrayEquals(new int[] {1, 0, 0, 1, 1, 1}, fixed.specialTokensMask());
        List<Encoding> batch = TOKENIZER.withPadding(new Padding(0, 4, Padding.Direction.LEFT, 0, 0, "[PAD]"))
                .encodeBatch(List.of("the", "the cat sat"));
        assertArrayEquals(new int[] {0, 0, 0, 0, 0, 2, 8, 3}, batch.get(0).ids());
        assertArrayEquals(new int[] {0, 0, 0, 0, 0, 1, 1, 1}, batch.get(0).attentionMask());
        assertArrayEquals(new int[] {0, 0, 0, 2, 8, 9, 10, 3}, batch.get(1).ids());
    }

    @Test
    void decodeJoinsPiecesAndDropsSpecialTokensWhenAsked() {
        Encoding e = TOKENIZER.encode("the unaffable cat , sat !");
        assertEquals("the unaffable cat, sat!", TOKENIZER.decode(e.ids(), true));
        assertEquals("[CLS] the unaffable cat, sat! [SEP]", TOKENIZER.decode(e.ids(), false));
    }

    @Test
    void concurrentEncodingGivesTheSameResultsAsSequential() throws Exception {
        List<String> texts = new java.util.ArrayList<>();
        for (int i = 0; i < 2000; i++) {
            texts.add("the cat sat on a mat ".repeat(i % 17) + " unaffable Café 中 " + "!".repeat(i % 5));
        }
        List<int[]> sequential = texts.stream().map(t -> TOKENIZER.encode(t).ids()).toList();
        try (var pool = java.util.concurrent.Executors.newFixedThreadPool(4)) {
            List<java.util.concurrent.Future<int[]>> futures = new java.util.ArrayList<>();
            for (String t : texts) {
                futures.add(pool.submit(() -> TOKENIZER.encode(t).ids()));
            }
            for (int i = 0; i < texts.size(); i++) {
                assertArrayEquals(sequential.get(i), futures.get(i).get());
            }
        }
    }

    @Test
    void withoutSpecialTokens() {
        assertEquals(List.of("the", "cat"), TOKENIZER.encode("the cat", null, false).tokens());
    }
}
