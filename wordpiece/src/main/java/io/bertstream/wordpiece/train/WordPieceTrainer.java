package io.bertstream.wordpiece.train;

import io.bertstream.progress.ProgressBar;
import io.bertstream.wordpiece.BertNormalizer;
import io.bertstream.wordpiece.BertTokenizer;
import io.bertstream.wordpiece.Vocabulary;
import io.bertstream.wordpiece.WordPieceModel;
import io.bertstream.wordpiece.WordSplitter;
import java.io.BufferedReader;
import java.io.FilterInputStream;
import java.io.InputStream;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.PriorityQueue;
import java.util.SortedSet;
import java.util.TreeSet;
import java.util.TreeMap;

/**
 * Builds a WordPiece vocabulary from a corpus by frequency-based merges, as Hugging Face's
 * {@code WordPieceTrainer}; the algorithm is described in this package's documentation.
 *
 * <p>Use: {@code new WordPieceTrainer(settings)}, then {@link #addText} or {@link #addFile} for
 * every document (streamed: only word counts are kept), then {@link #train()}. Not thread-safe.
 */
public final class WordPieceTrainer {

    /**
     * @param vocabSize the vocabulary size to reach (special tokens and alphabet included)
     * @param minFrequency merges of pairs seen fewer times than this are not made
     * @param limitAlphabet keep only the most frequent this many characters (0: all); words are
     *     trained without the others, which the tokenizer will then encode as {@code [UNK]}
     * @param specialTokens ids 0.. in this order
     * @param maxDistinctWords bound on the distinct words held in memory (see {@link WordCounts})
     */
    public record Settings(int vocabSize, long minFrequency, int limitAlphabet, List<String> specialTokens,
            BertNormalizer normalizer, int maxDistinctWords, boolean showProgress) {
        public Settings {
            specialTokens = List.copyOf(specialTokens);
            if (vocabSize < specialTokens.size()) {
                throw new IllegalArgumentException("vocabulary size " + vocabSize + " is smaller than the " + specialTokens.size() + " special tokens");
            }
            if (minFrequency < 0 || limitAlphabet < 0) {
                throw new IllegalArgumentException("min frequency and alphabet limit must not be negative");
            }
        }

        /** BERT's special tokens, uncased, no frequency or alphabet limit, 10 million distinct words. */
        public static Settings bert(int vocabSize) {
            return new Settings(vocabSize, 0, 0, Vocabulary.BERT_SPECIAL_TOKENS, BertNormalizer.UNCASED, 10_000_000, false);
        }

        public Settings withMinFrequency(long value) {
            return new Settings(vocabSize, value, limitAlphabet, specialTokens, normalizer, maxDistinctWords, showProgress);
        }

        public Settings withLimitAlphabet(int value) {
            return new Settings(vocabSize, minFrequency, value, specialTokens, normalizer, maxDistinctWords, showProgress);
        }

        public Settings withNormalizer(BertNormalizer value) {
            return new Settings(vocabSize, minFrequency, limitAlphabet, specialTokens, value, maxDistinctWords, showProgress);
        }

        public Settings withMaxDistinctWords(int value) {
            return new Settings(vocabSize, minFrequency, limitAlphabet, specialTokens, normalizer, value, showProgress);
        }

        public Settings withShowProgress(boolean value) {
            return new Settings(vocabSize, minFrequency, limitAlphabet, specialTokens, normalizer, maxDistinctWords, value);
        }
    }

    private static final String PREFIX = WordPieceModel.DEFAULT_PREFIX;

    private final Settings settings;
    private final WordSplitter splitter;
    private final WordCounts counts;

    public WordPieceTrainer(Settings settings) {
        this.settings = settings;
        this.splitter = new WordSplitter(settings.normalizer());
        this.counts = new WordCounts(settings.maxDistinctWords());
    }

    /** Counts the words of one document (or line). */
    public void addText(String text) {
        splitter.split(text, counts::add);
    }

    /** Counts the words of a UTF-8 text file, line by line; malformed bytes count as U+FFFD. */
    public void addFile(Path file) throws IOException {
        addFiles(List.of(file));
    }

    /** Counts the words of UTF-8 text files, with a progress bar over their bytes when enabled. */
    public void addFiles(List<Path> files) throws IOException {
        long bytes = 0;
        for (Path f : files) {
            bytes += Files.size(f);
        }
        ProgressBar bar = settings.showProgress() ? ProgressBar.start("vocab: counting words", bytes, "B") : null;
        try {
            long before = 0;
            for (Path f : files) {
                var decoder = StandardCharsets.UTF_8.newDecoder()
                        .onMalformedInput(CodingErrorAction.REPLACE).onUnmappableCharacter(CodingErrorAction.REPLACE);
                try (InputStream raw = Files.newInputStream(f);
                        CountingStream counted = new CountingStream(raw);
                        BufferedReader r = new BufferedReader(new InputStreamReader(counted, decoder), 1 << 16)) {
                    for (String line; (line = r.readLine()) != null; ) {
                        addText(line);
                        if (bar != null) {
                            bar.set(before + counted.count);
                        }
                    }
                }
                before += Files.size(f);
            }
        } finally {
            if (bar != null) {
                bar.close();
            }
        }
    }

    /** Counts the bytes read, for the progress bar. */
    private static final class CountingStream extends FilterInputStream {
        long count;

        CountingStream(InputStream in) {
            super(in);
        }

        @Override
        public int read() throws IOException {
            int b = super.read();
            if (b >= 0) {
                count++;
            }
            return b;
        }

        @Override
        public int read(byte[] buffer, int off, int len) throws IOException {
            int n = super.read(buffer, off, len);
            if (n > 0) {
                count += n;
            }
            return n;
        }
    }

    /** Words seen so far, repeats included. */
    public long wordsSeen() {
        return counts.total();
    }

    /** Distinct words dropped because of {@link Settings#maxDistinctWords()} (0: counts are exact). */
    public long wordsForgotten() {
        return counts.pruned();
    }

    /** The uncased/cased BERT tokenizer over the trained vocabulary. */
    public BertTokenizer trainTokenizer() {
        return BertTokenizer.fromVocabulary(train(), settings.normalizer());
    }

    /** Runs the merges on the words counted so far. */
    public Vocabulary train() {
        List<String> vocab = new ArrayList<>(settings.specialTokens());
        Map<String, Integer> ids = new HashMap<>();
        for (int i = 0; i < vocab.size(); i++) {
            ids.putIfAbsent(vocab.get(i), i);
        }
        Map<Integer, Long> alphabet = alphabet();
        for (int cp : alphabet.keySet()) {
            addToken(Character.toString(cp), vocab, ids);
        }
        for (int cp : continuingChars(alphabet)) {
            addToken(PREFIX + Character.toString(cp), vocab, ids);
        }
        Corpus corpus = Corpus.of(counts.counts(), alphabet, ids);
        mergeUntilFull(corpus, vocab, ids);
        // Like the reference, the alphabet is kept whole even when it alone exceeds the size.
        return Vocabulary.of(vocab);
    }

    /** Characters by frequency (words weighted by their counts), limited and sorted by code point. */
    private Map<Integer, Long> alphabet() {
        Map<Integer, Long> freq = new HashMap<>();
        counts.counts().forEach((word, c) -> word.codePoints().forEach(cp -> freq.merge(cp, c[0], Long::sum)));
        List<Map.Entry<Integer, Long>> kept = new ArrayList<>(freq.entrySet());
        if (settings.limitAlphabet() > 0 && kept.size() > settings.limitAlphabet()) {
            kept.sort(Map.Entry.<Integer, Long>comparingByValue().reversed().thenComparing(Map.Entry.comparingByKey()));
            kept = kept.subList(0, settings.limitAlphabet());
        }
        Map<Integer, Long> sorted = new TreeMap<>();
        kept.forEach(e -> sorted.put(e.getKey(), e.getValue()));
        return sorted;
    }

    /** Alphabet characters seen inside words (not first): they need a {@code ##} form. Sorted. */
    private SortedSet<Integer> continuingChars(Map<Integer, Long> alphabet) {
        SortedSet<Integer> inside = new TreeSet<>();
        counts.counts().keySet().forEach(word -> word.codePoints().skip(1).forEach(cp -> {
            if (alphabet.containsKey(cp)) {
                inside.add(cp);
            }
        }));
        return inside;
    }

    private static int addToken(String token, List<String> vocab, Map<String, Integer> ids) {
        Integer existing = ids.get(token);
        if (existing != null) {
            return existing;
        }
        vocab.add(token);
        ids.put(token, vocab.size() - 1);
        return vocab.size() - 1;
    }

    private void mergeUntilFull(Corpus corpus, List<String> vocab, Map<String, Integer> ids) {
        PriorityQueue<long[]> queue = new PriorityQueue<>(WordPieceTrainer::compareCandidates);
        corpus.pairs.forEach((pair, stats) -> queue.add(new long[] {stats.count, pair}));
        int toAdd = Math.max(0, settings.vocabSize() - vocab.size());
        ProgressBar bar = settings.showProgress() ? ProgressBar.start("vocab: merging", toAdd, "tokens") : null;
        try {
            while (vocab.size() < settings.vocabSize() && !queue.isEmpty()) {
                long[] top = queue.poll();
                PairStats stats = corpus.pairs.get(top[1]);
                if (stats == null || stats.count <= 0) {
                    continue;
                }
                if (stats.count != top[0]) {
                    queue.add(new long[] {stats.count, top[1]});
                    continue;
                }
                if (stats.count < Math.max(1, settings.minFrequency())) {
                    break;
                }
                int a = (int) (top[1] >>> 32);
                int b = (int) top[1];
                String second = vocab.get(b);
                String merged = vocab.get(a) + (second.startsWith(PREFIX) ? second.substring(PREFIX.length()) : second);
                int before = vocab.size();
                int id = addToken(merged, vocab, ids);
                corpus.merge(a, b, id, queue);
                if (bar != null) {
                    bar.step(vocab.size() - before);
                }
            }
        } finally {
            if (bar != null) {
                bar.close();
            }
        }
    }

    /** Higher count first; on a tie the pair of smaller ids (older tokens) first. */
    private static int compareCandidates(long[] x, long[] y) {
        int byCount = Long.compare(y[0], x[0]);
        return byCount != 0 ? byCount : Long.compareUnsigned(x[1], y[1]);
    }

    /** A pair's total count over all words and the words it occurs in (maybe stale: re-checked). */
    private static final class PairStats {
        long count;
        int[] words = new int[4];
        int size;

        void addWord(int w) {
            if (size > 0 && words[size - 1] == w) {
                return;
            }
            if (size == words.length) {
                words = Arrays.copyOf(words, size * 2);
            }
            words[size++] = w;
        }
    }

    /** The distinct words as symbol id sequences, with counts and pair statistics. */
    private static final class Corpus {
        final int[][] symbols;
        final int[] lengths;
        final long[] counts;
        final Map<Long, PairStats> pairs = new HashMap<>();

        private Corpus(int n) {
            symbols = new int[n][];
            lengths = new int[n];
            counts = new long[n];
        }

        static Corpus of(Map<String, long[]> wordCounts, Map<Integer, Long> alphabet, Map<String, Integer> ids) {
            // Sorted, so the training does not depend on hash order.
            List<String> words = new ArrayList<>(wordCounts.keySet());
            words.sort(null);
            Corpus c = new Corpus(words.size());
            Map<Integer, Integer> initial = new LinkedHashMap<>();
            Map<Integer, Integer> continuing = new LinkedHashMap<>();
            for (int cp : alphabet.keySet()) {
                initial.put(cp, ids.get(Character.toString(cp)));
                Integer id = ids.get(PREFIX + Character.toString(cp));
                if (id != null) {
                    continuing.put(cp, id);
                }
            }
            for (int w = 0; w < words.size(); w++) {
                String word = words.get(w);
                int[] syms = new int[word.length()];
                int n = 0;
                for (int i = 0; i < word.length(); ) {
                    int cp = word.codePointAt(i);
                    Integer id = (i == 0 ? initial : continuing).get(cp);
                    i += Character.charCount(cp);
                    if (id != null) {
                        syms[n++] = id;
                    }
                }
                c.symbols[w] = syms;
                c.lengths[w] = n;
                c.counts[w] = wordCounts.get(word)[0];
                for (int i = 0; i + 1 < n; i++) {
                    c.add(syms[i], syms[i + 1], c.counts[w], w);
                }
            }
            return c;
        }

        private PairStats add(int a, int b, long delta, int word) {
            long key = ((long) a << 32) | (b & 0xFFFFFFFFL);
            PairStats s = pairs.computeIfAbsent(key, k -> new PairStats());
            s.count += delta;
            if (delta > 0) {
                s.addWord(word);
            }
            return s;
        }

        /** Replaces every (a, b) by {@code merged} and queues the pairs that changed. */
        void merge(int a, int b, int merged, PriorityQueue<long[]> queue) {
            long pairKey = ((long) a << 32) | (b & 0xFFFFFFFFL);
            PairStats stats = pairs.remove(pairKey);
            Map<Long, PairStats> touched = new HashMap<>();
            for (int k = 0; k < stats.size; k++) {
                int w = stats.words[k];
                int[] s = symbols[w];
                int n = lengths[w];
                long count = counts[w];
                int out = 0;
                for (int i = 0; i < n; i++) {
                    if (i + 1 < n && s[i] == a && s[i + 1] == b) {
                        if (out > 0) {
                            change(s[out - 1], a, -count, w, touched);
                            change(s[out - 1], merged, count, w, touched);
                        }
                        if (i + 2 < n) {
                            change(b, s[i + 2], -count, w, touched);
                            change(merged, s[i + 2], count, w, touched);
                        }
                        s[out++] = merged;
                        i++;
                    } else {
                        s[out++] = s[i];
                    }
                }
                lengths[w] = out;
            }
            touched.forEach((key, st) -> {
                if (st.count > 0) {
                    queue.add(new long[] {st.count, key});
                }
            });
        }

        private void change(int x, int y, long delta, int word, Map<Long, PairStats> touched) {
            long key = ((long) x << 32) | (y & 0xFFFFFFFFL);
            PairStats s = pairs.get(key);
            if (s == null) {
                if (delta < 0) {
                    return; // the merged pair itself, already removed
                }
                s = new PairStats();
                pairs.put(key, s);
            }
            s.count += delta;
            if (delta > 0) {
                s.addWord(word);
                touched.put(key, s);
            }
        }
    }
}
