package io.bertstream.trainer.data;

import io.bertstream.wordpiece.BertTokenizer;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import java.util.stream.IntStream;

/**
 * Documents as token ids, one {@code int[]} per sentence (no special tokens), and their split
 * into train and validation by whole document.
 */
public record TokenizedDocuments(List<int[][]> documents) {

    /** Tokenizes every sentence (in parallel; the result does not depend on the thread count). */
    public static TokenizedDocuments tokenize(BertTokenizer tokenizer, List<List<String>> documents) {
        int[][][] out = new int[documents.size()][][];
        IntStream.range(0, documents.size()).parallel().forEach(d -> {
            List<String> sentences = documents.get(d);
            List<int[]> ids = new ArrayList<>(sentences.size());
            for (String s : sentences) {
                int[] t = tokenizer.encode(s, null, false).ids();
                if (t.length > 0) ids.add(t);
            }
            out[d] = ids.toArray(int[][]::new);
        });
        List<int[][]> kept = new ArrayList<>(out.length);
        for (int[][] doc : out) if (doc.length > 0) kept.add(doc);
        return new TokenizedDocuments(kept);
    }

    public int size() {
        return documents.size();
    }

    public long tokenCount() {
        long n = 0;
        for (int[][] doc : documents) for (int[] s : doc) n += s.length;
        return n;
    }

    /**
     * A seeded split by document: {@code validationFraction} of the documents (at least one
     * when there are two or more) go to validation, the rest to training, each in corpus order.
     */
    public Split split(double validationFraction, long seed) {
        if (!(validationFraction >= 0 && validationFraction < 1)) {
            throw new IllegalArgumentException("validation fraction must be in [0, 1), got " + validationFraction);
        }
        int n = documents.size();
        int validation = validationFraction == 0 || n < 2 ? 0 : Math.max(1, (int) Math.round(n * validationFraction));
        int[] order = IntStream.range(0, n).toArray();
        SplittableRandom random = new SplittableRandom(seed);
        for (int i = n - 1; i > 0; i--) {
            int j = random.nextInt(i + 1);
            int t = order[i];
            order[i] = order[j];
            order[j] = t;
        }
        boolean[] inValidation = new boolean[n];
        for (int i = 0; i < validation; i++) inValidation[order[i]] = true;
        List<int[][]> train = new ArrayList<>(), valid = new ArrayList<>();
        for (int i = 0; i < n; i++) (inValidation[i] ? valid : train).add(documents.get(i));
        return new Split(new TokenizedDocuments(train), new TokenizedDocuments(valid));
    }

    public record Split(TokenizedDocuments train, TokenizedDocuments validation) {}
}
