package io.bertstream.trainer.eval;

import io.bertstream.progress.ProgressBar;
import io.bertstream.wordpiece.BertNormalizer;
import io.bertstream.wordpiece.WordSplitter;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Unigram and bigram TF-IDF features. Words are BERT's uncased pre-tokenization (lowercased,
 * accents stripped, every punctuation character a word of its own), so "Great!" gives "great" and
 * "!". An n-gram is a feature when at least {@code minDocumentFrequency} training texts hold it;
 * a text's value for it is {@code (1 + ln tf) * idf} with {@code idf = ln((1 + n) / (1 + df)) + 1}
 * (scikit-learn's smoothed idf with sublinear tf), and each text's vector is L2-normalized.
 */
final class NgramFeatures {
    private static final int UNKNOWN = -1;

    private final Map<String, Integer> wordIds;
    private final LongIntMap featureIndex;
    private final float[] idf;

    private NgramFeatures(Map<String, Integer> wordIds, LongIntMap featureIndex, float[] idf) {
        this.wordIds = wordIds;
        this.featureIndex = featureIndex;
        this.idf = idf;
    }

    /** The features learnt from training texts, and those texts' vectors. */
    record Fitted(NgramFeatures features, SparseRows rows) {}

    /** Learns the n-grams and their document frequencies from the training texts. */
    static Fitted fit(List<String> texts, int minDocumentFrequency) {
        Map<String, Integer> wordIds = new HashMap<>();
        LongIntMap documentFrequency = new LongIntMap(1 << 20);
        WordSplitter splitter = new WordSplitter(BertNormalizer.UNCASED);
        long[][] keysOfText = new long[texts.size()][];
        try (ProgressBar bar = ProgressBar.start("bag-of-words n-grams", texts.size(), "texts")) {
            for (int t = 0; t < texts.size(); t++) {
                long[] keys = keysOfText[t] = ngramKeys(wordIds(splitter, texts.get(t), w -> wordIds.computeIfAbsent(w, k -> wordIds.size())));
                for (int i = 0; i < keys.length; i++) if (i == 0 || keys[i] != keys[i - 1]) documentFrequency.add(keys[i], 1);
                bar.step(1);
            }
        }
        List<long[]> kept = new ArrayList<>();
        documentFrequency.forEach((key, df) -> {
            if (df >= minDocumentFrequency) kept.add(new long[] {key, df});
        });
        kept.sort((a, b) -> Long.compare(a[0], b[0]));
        LongIntMap index = new LongIntMap(kept.size());
        float[] idf = new float[kept.size()];
        for (int f = 0; f < kept.size(); f++) {
            index.put(kept.get(f)[0], f);
            idf[f] = (float) (Math.log((1.0 + texts.size()) / (1.0 + kept.get(f)[1])) + 1);
        }
        NgramFeatures features = new NgramFeatures(wordIds, index, idf);
        return new Fitted(features, features.rows(Arrays.asList(keysOfText)));
    }

    int size() {
        return idf.length;
    }

    /** The texts' feature vectors; n-grams unseen in training are left out. */
    SparseRows transform(List<String> texts) {
        WordSplitter splitter = new WordSplitter(BertNormalizer.UNCASED);
        return rows(texts.stream().map(t -> ngramKeys(wordIds(splitter, t, w -> wordIds.getOrDefault(w, UNKNOWN)))).toList());
    }

    private SparseRows rows(List<long[]> sortedKeys) {
        int[] start = new int[sortedKeys.size() + 1];
        int[] column = new int[sortedKeys.stream().mapToInt(k -> k.length).sum()];
        float[] value = new float[column.length];
        int n = 0;
        for (int r = 0; r < sortedKeys.size(); r++) {
            long[] keys = sortedKeys.get(r);
            int rowStart = n;
            double squares = 0;
            for (int i = 0; i < keys.length; ) {
                int j = i;
                while (j < keys.length && keys[j] == keys[i]) j++;
                int f = featureIndex.get(keys[i], UNKNOWN);
                if (f != UNKNOWN) {
                    float v = (float) ((1 + Math.log(j - i)) * idf[f]);
                    column[n] = f;
                    value[n++] = v;
                    squares += (double) v * v;
                }
                i = j;
            }
            float norm = (float) Math.sqrt(squares);
            for (int e = rowStart; e < n && norm > 0; e++) value[e] /= norm;
            start[r + 1] = n;
        }
        return new SparseRows(idf.length, start, Arrays.copyOf(column, n), Arrays.copyOf(value, n));
    }

    private static int[] wordIds(WordSplitter splitter, String text, java.util.function.ToIntFunction<String> id) {
        int[][] ids = {new int[256]};
        int[] n = {0};
        splitter.split(text, w -> {
            if (n[0] == ids[0].length) ids[0] = Arrays.copyOf(ids[0], 2 * n[0]);
            ids[0][n[0]++] = id.applyAsInt(w);
        });
        return Arrays.copyOf(ids[0], n[0]);
    }

    /**
     * The sorted keys of a text's n-grams, repeats kept (so runs count the term frequency): one per
     * unigram ({@code id}) and bigram ({@code (a + 1) << 32 | b}); an unknown word joins none.
     */
    private static long[] ngramKeys(int[] ids) {
        long[] keys = new long[2 * ids.length];
        int n = 0;
        for (int i = 0; i < ids.length; i++) {
            if (ids[i] == UNKNOWN) continue;
            keys[n++] = ids[i];
            if (i + 1 < ids.length && ids[i + 1] != UNKNOWN) keys[n++] = ((long) (ids[i] + 1) << 32) | ids[i + 1];
        }
        long[] sorted = Arrays.copyOf(keys, n);
        Arrays.sort(sorted);
        return sorted;
    }
}
