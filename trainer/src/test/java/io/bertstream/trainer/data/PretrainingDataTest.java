package io.bertstream.trainer.data;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.bertstream.trainer.bert.PretrainingTargets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Example building, masking, batching and the resumable stream, on synthetic token documents. */
class PretrainingDataTest {
    // ids: 0 [PAD], 1 [UNK], 2 [CLS], 3 [SEP], 4 [MASK], 5..99 words, 100..199 "##" pieces
    private static final int VOCAB = 200;
    private static final SpecialTokens SPECIAL = special();

    @TempDir
    Path dir;

    private static SpecialTokens special() {
        boolean[] continuation = new boolean[VOCAB], special = new boolean[VOCAB];
        for (int i = 100; i < VOCAB; i++) continuation[i] = true;
        for (int i = 0; i < 5; i++) special[i] = true;
        return new SpecialTokens(0, 2, 3, 4, VOCAB, continuation, special);
    }

    /** Document d: sentences of consecutive "positions" so that continuity is checkable; token = 5 + (d·7 + k) % 95. */
    private static TokenizedDocuments documents(int count, int sentences, int sentenceLength) {
        List<int[][]> docs = new ArrayList<>();
        for (int d = 0; d < count; d++) {
            int[][] doc = new int[sentences][sentenceLength];
            for (int s = 0; s < sentences; s++) for (int k = 0; k < sentenceLength; k++) doc[s][k] = 5 + (d * 31 + s * sentenceLength + k) % 95;
            docs.add(doc);
        }
        return new TokenizedDocuments(docs);
    }

    @Test
    void examplesAreBertPairsWithinTheLengthAndHalfRandom() {
        List<PretrainingExample> examples = new ExampleBuilder(32, 0.0, SPECIAL).build(documents(40, 30, 6), 1);
        int random = 0;
        for (PretrainingExample e : examples) {
            int[] t = e.tokens();
            assertTrue(t.length <= 32, "length " + t.length);
            assertEquals(2, t[0]);
            assertEquals(3, t[e.lengthA() + 1]);
            assertEquals(3, t[t.length - 1]);
            assertTrue(e.lengthA() >= 1 && t.length - e.lengthA() - 3 >= 1);
            if (e.randomNext()) {
                random++;
            } else {
                // B continues A in the same document: a few positions on (truncation may cut at the joint)
                int gap = Math.floorMod(t[e.lengthA() + 2] - t[e.lengthA()], 95);
                assertTrue(gap >= 1 && gap <= 32, "true next segment starts right after A, gap " + gap);
            }
        }
        double share = random / (double) examples.size();
        assertTrue(share > 0.4 && share < 0.65, "random-next share " + share);
        long full = examples.stream().filter(e -> e.tokens().length >= 28).count();
        assertTrue(full > examples.size() * 0.8, "packing fills sequences: " + full + " of " + examples.size());
        long shortOnes = new ExampleBuilder(32, 1.0, SPECIAL).build(documents(40, 30, 6), 1).stream()
                .filter(e -> e.tokens().length < 20).count();
        assertTrue(shortOnes > 0, "short sequence probability 1 gives short sequences");
    }

    @Test
    void maskingFollowsTheBertRule() {
        List<PretrainingExample> examples = new ExampleBuilder(64, 0.1, SPECIAL).build(documents(20, 40, 9), 2);
        Masker masker = new Masker(SPECIAL, 0.15, 20, false);
        long chosen = 0, tokens = 0, asMask = 0, kept = 0;
        for (int i = 0; i < examples.size(); i++) {
            PretrainingExample e = examples.get(i);
            MaskedExample m = masker.mask(e, i);
            assertArrayEquals(m.inputIds(), masker.mask(e, i).inputIds(), "seeded");
            assertEquals(Math.min(20, Math.max(1, Math.round(e.tokens().length * 0.15))), m.maskedPositions().length);
            for (int k = 0; k < m.maskedPositions().length; k++) {
                int p = m.maskedPositions()[k];
                assertTrue(p > 0 && e.tokens()[p] > 4, "never a special token");
                assertEquals(e.tokens()[p], m.maskedLabels()[k]);
                if (k > 0) assertTrue(p > m.maskedPositions()[k - 1], "positions increase");
                if (m.inputIds()[p] == 4) asMask++;
                else if (m.inputIds()[p] == e.tokens()[p]) kept++;
            }
            chosen += m.maskedPositions().length;
            tokens += e.tokens().length;
        }
        assertEquals(0.15, chosen / (double) tokens, 0.01);
        assertEquals(0.8, asMask / (double) chosen, 0.03);
        assertEquals(0.1, kept / (double) chosen, 0.03, "kept (random replacements equal to the original are rare)");
    }

    @Test
    void wholeWordMaskingTakesEveryPieceOfAWord() {
        int[] tokens = {2, 10, 110, 111, 11, 12, 112, 13, 14, 15, 16, 17, 18, 113, 3, 20, 120, 21, 22, 23, 3};
        PretrainingExample e = new PretrainingExample(tokens, 13, false);
        Masker masker = new Masker(SPECIAL, 0.3, 50, true);
        for (long seed = 0; seed < 50; seed++) {
            MaskedExample m = masker.mask(e, seed);
            boolean[] chosen = new boolean[tokens.length];
            for (int p : m.maskedPositions()) chosen[p] = true;
            for (int i = 1; i < tokens.length; i++) {
                if (tokens[i] >= 100) assertEquals(chosen[i - 1], chosen[i], "piece " + i + " goes with its word, seed " + seed);
            }
        }
    }

    @Test
    void batchesPadToTheLongestAndUseFlatPositions() {
        MaskedExample a = new MaskedExample(new int[] {2, 4, 6, 3, 7, 3}, new int[] {0, 0, 0, 0, 1, 1}, new int[] {1}, new int[] {5}, false);
        MaskedExample b = new MaskedExample(new int[] {2, 8, 3, 4, 3}, new int[] {0, 0, 0, 1, 1}, new int[] {3}, new int[] {9}, true);
        PretrainingBatch batch = PretrainingBatch.of(List.of(a, b), 0);
        assertEquals(6, batch.input().seq());
        assertArrayEquals(new int[] {2, 4, 6, 3, 7, 3, 2, 8, 3, 4, 3, 0}, batch.input().inputIds());
        assertArrayEquals(new int[] {1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 0}, batch.input().attentionMask());
        assertArrayEquals(new int[] {1, 9}, batch.targets().maskedPositions());
        assertArrayEquals(new int[] {5, 9}, batch.targets().maskedLabels());
        assertArrayEquals(new int[] {PretrainingTargets.IS_NEXT, PretrainingTargets.NOT_NEXT}, batch.targets().nextSentenceLabels());
        assertEquals(11, batch.tokens());
    }

    @Test
    void streamIsAPureFunctionOfTheIndexAndGroupingCutsPadding() {
        List<PretrainingExample> examples = new ExampleBuilder(48, 0.5, SPECIAL).build(documents(30, 30, 5), 3);
        Masker masker = new Masker(SPECIAL, 0.15, 8, false);
        PretrainingStream first = new PretrainingStream(examples, masker, 0, 8, 5, true, true);
        PretrainingStream fresh = new PretrainingStream(examples, masker, 0, 8, 5, true, true);
        long index = first.batchesPerEpoch() + 3;
        for (long i = 0; i <= index; i++) first.batch(i);
        assertArrayEquals(first.batch(index).input().inputIds(), fresh.batch(index).input().inputIds(), "resume needs only the index");
        assertTrue(!java.util.Arrays.equals(fresh.batch(0).input().inputIds(), fresh.batch(first.batchesPerEpoch()).input().inputIds()),
                "epochs differ");
        assertTrue(padding(new PretrainingStream(examples, masker, 0, 8, 5, true, false)) < padding(new PretrainingStream(examples, masker, 0, 8, 5, false, false)),
                "length grouping reduces padding");
    }

    private static long padding(PretrainingStream stream) {
        long pad = 0;
        for (int i = 0; i < stream.batchesPerEpoch(); i++) {
            PretrainingBatch b = stream.batch(i);
            pad += (long) b.input().batch() * b.input().seq() - b.tokens();
        }
        return pad;
    }

    @Test
    void corpusDocumentsAreSplitAtBlankLinesIntoSentences() throws Exception {
        Path file = dir.resolve("c.txt");
        Files.writeString(file, "One two. Three four!\nFive six.\n\n\nSeven eight.\n");
        List<List<String>> docs = CorpusDocuments.read(CorpusDocuments.textFiles(List.of(dir)));
        assertEquals(List.of(List.of("One two.", "Three four!", "Five six."), List.of("Seven eight.")), docs);
        TokenizedDocuments.Split split = documents(100, 2, 3).split(0.1, 4);
        assertEquals(10, split.validation().size());
        assertEquals(90, split.train().size());
    }
}
