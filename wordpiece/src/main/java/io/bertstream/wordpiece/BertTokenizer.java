package io.bertstream.wordpiece;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;

/**
 * The BERT tokenizer: added (special) tokens matched in the raw text, then {@link BertNormalizer}
 * → {@link BertPreTokenizer} → {@link WordPieceModel} → truncation → {@link TemplateProcessor}
 * → padding; {@link WordPieceDecoder} for the way back. Gives the same ids, type ids, offsets
 * and word ids as Hugging Face tokenizers with the same {@code tokenizer.json}.
 *
 * <p>Immutable and thread-safe; each thread reuses its own scratch buffers, so encoding allocates
 * little more than the returned {@link Encoding}.
 *
 * <p>Limits: input length is bounded only by memory, which is linear in it (about 10 bytes of
 * scratch per input char, up to three times that for CJK text); scratch beyond
 * {@link #RETAINED_SCRATCH_CHARS} is released after each call. Words over
 * {@link WordPieceModel#maxInputCharsPerWord()} code points become one unknown token, so text
 * without spaces costs linear time.
 *
 * <p>Typical use: {@code BertTokenizer.load(bundleDir).withTruncation(Truncation.longestFirst(128)).encode(a, b)}.
 */
public final class BertTokenizer {

    static final int RETAINED_SCRATCH_CHARS = 1 << 20;

    private final BertNormalizer normalizer;
    private final WordPieceModel model;
    private final List<AddedToken> addedTokens;
    private final TemplateProcessor postProcessor;
    private final WordPieceDecoder decoder;
    private final Truncation truncation;
    private final Padding padding;
    private final AddedTokenMatcher matcher;
    private final String[] tokenNames;
    private final boolean[] specialIds;
    private final ThreadLocal<Scratch> scratch;

    /**
     * @param normalizer null for none
     * @param postProcessor null for none (no special tokens added)
     * @param decoder null to join tokens with spaces
     * @param truncation null for none
     * @param padding null for none
     */
    public BertTokenizer(BertNormalizer normalizer, WordPieceModel model, List<AddedToken> addedTokens,
            TemplateProcessor postProcessor, WordPieceDecoder decoder, Truncation truncation, Padding padding) {
        this.normalizer = normalizer == null ? new BertNormalizer(false, false, false, false) : normalizer;
        this.model = Objects.requireNonNull(model, "model");
        this.addedTokens = List.copyOf(addedTokens);
        this.postProcessor = postProcessor == null ? TemplateProcessor.none() : postProcessor;
        this.decoder = decoder;
        this.truncation = truncation;
        this.padding = padding;
        this.matcher = new AddedTokenMatcher(this.addedTokens);
        this.scratch = ThreadLocal.withInitial(() -> new Scratch(model));
        int limit = model.vocabulary().idLimit();
        for (AddedToken t : this.addedTokens) {
            limit = Math.max(limit, t.id() + 1);
        }
        this.tokenNames = new String[limit];
        this.specialIds = new boolean[limit];
        for (int id = 0; id < model.vocabulary().idLimit(); id++) {
            tokenNames[id] = model.vocabulary().token(id);
        }
        for (AddedToken t : this.addedTokens) {
            if (tokenNames[t.id()] != null && !tokenNames[t.id()].equals(t.content())) {
                throw new IllegalArgumentException("added token '" + t.content() + "' has id " + t.id()
                        + ", which the vocabulary gives to '" + tokenNames[t.id()] + "'");
            }
            tokenNames[t.id()] = t.content();
            specialIds[t.id()] = t.special();
        }
    }

    /**
     * A BERT tokenizer over {@code vocabulary}, set up as Hugging Face's {@code BertTokenizerFast}
     * does: the BERT special tokens present in the vocabulary are added tokens, {@code [CLS]} and
     * {@code [SEP]} frame the input, {@code [UNK]} stands for unknown words.
     */
    public static BertTokenizer fromVocabulary(Vocabulary vocabulary, BertNormalizer normalizer) {
        List<AddedToken> specials = new ArrayList<>();
        for (String s : Vocabulary.BERT_SPECIAL_TOKENS) {
            if (vocabulary.contains(s)) {
                specials.add(new AddedToken(vocabulary.id(s), s, true));
            }
        }
        for (String required : List.of("[CLS]", "[SEP]", "[UNK]")) {
            if (!vocabulary.contains(required)) {
                throw new IllegalArgumentException("vocabulary has no " + required + " token");
            }
        }
        TemplateProcessor template = TemplateProcessor.bert("[CLS]", vocabulary.id("[CLS]"), "[SEP]", vocabulary.id("[SEP]"));
        return new BertTokenizer(normalizer, new WordPieceModel(vocabulary), specials, template, WordPieceDecoder.BERT, null, null);
    }

    /**
     * Loads a tokenizer from a model bundle or vocabulary folder ({@code tokenizer.json}, else
     * {@code vocab.txt} with the casing from {@code tokenizer_config.json} when present, uncased
     * when not), or from one such file.
     */
    public static BertTokenizer load(Path path) throws IOException {
        if (Files.isDirectory(path)) {
            Path json = path.resolve(TokenizerFiles.TOKENIZER_JSON);
            if (Files.isRegularFile(json)) {
                return TokenizerFiles.readTokenizerJson(json);
            }
            Path vocab = path.resolve(TokenizerFiles.VOCAB_TXT);
            if (Files.isRegularFile(vocab)) {
                return TokenizerFiles.readVocabFolder(path);
            }
            throw new IllegalArgumentException(path + ": has neither " + TokenizerFiles.TOKENIZER_JSON + " nor " + TokenizerFiles.VOCAB_TXT);
        }
        if (!Files.isRegularFile(path)) {
            throw new IllegalArgumentException(path + ": no such file or folder");
        }
        if (path.getFileName().toString().endsWith(".json")) {
            return TokenizerFiles.readTokenizerJson(path);
        }
        return fromVocabulary(Vocabulary.readVocabTxt(path), BertNormalizer.UNCASED);
    }

    /** Writes {@code vocab.txt}, {@code tokenizer.json} and {@code tokenizer_config.json} into {@code dir}. */
    public void save(Path dir) throws IOException {
        TokenizerFiles.write(this, dir);
    }

    public BertTokenizer withTruncation(Truncation newTruncation) {
        return new BertTokenizer(normalizer, model, addedTokens, postProcessor, decoder, newTruncation, padding);
    }

    public BertTokenizer withPadding(Padding newPadding) {
        return new BertTokenizer(normalizer, model, addedTokens, postProcessor, decoder, truncation, newPadding);
    }

    public BertNormalizer normalizer() {
        return normalizer;
    }

    public WordPieceModel model() {
        return model;
    }

    public Vocabulary vocabulary() {
        return model.vocabulary();
    }

    public List<AddedToken> addedTokens() {
        return addedTokens;
    }

    public TemplateProcessor postProcessor() {
        return postProcessor;
    }

    public WordPieceDecoder decoder() {
        return decoder;
    }

    public Truncation truncation() {
        return truncation;
    }

    public Padding padding() {
        return padding;
    }

    /** The id of a token of the vocabulary or the added tokens, or -1. */
    public int tokenId(String token) {
        for (AddedToken t : addedTokens) {
            if (t.content().equals(token)) {
                return t.id();
            }
        }
        return model.vocabulary().id(token);
    }

    /** The token string of an id, or null. */
    public String token(int id) {
        return id >= 0 && id < tokenNames.length ? tokenNames[id] : null;
    }

    /** One text, with special tokens. */
    public Encoding encode(String text) {
        return encode(text, null, true);
    }

    /** A text pair, with special tokens. */
    public Encoding encode(String first, String second) {
        return encode(first, second, true);
    }

    /**
     * One text ({@code second == null}) or a pair, truncated and padded as configured (fixed
     * padding only: "longest in the batch" needs {@link #encodeBatch}).
     */
    public Encoding encode(String first, String second, boolean addSpecialTokens) {
        Encoding e = encodeUnpadded(first, second, addSpecialTokens);
        return padding == null ? e : pad(e, padding.targetLength(e.length()));
    }

    /** Several texts; with padding, all get the same length. */
    public List<Encoding> encodeBatch(List<String> texts) {
        return encodePairBatch(texts, null);
    }

    /** Several pairs ({@code seconds} null for single texts); with padding, all get the same length. */
    public List<Encoding> encodePairBatch(List<String> firsts, List<String> seconds) {
        if (seconds != null && seconds.size() != firsts.size()) {
            throw new IllegalArgumentException("batch: " + firsts.size() + " first texts but " + seconds.size() + " second texts");
        }
        List<Encoding> out = new ArrayList<>(firsts.size());
        int longest = 0;
        for (int i = 0; i < firsts.size(); i++) {
            Encoding e = encodeUnpadded(firsts.get(i), seconds == null ? null : seconds.get(i), true);
            longest = Math.max(longest, e.length());
            out.add(e);
        }
        if (padding != null) {
            int target = padding.targetLength(longest);
            out.replaceAll(e -> pad(e, target));
        }
        return out;
    }

    /** Ids back to text; unknown ids are skipped. */
    public String decode(int[] ids, boolean skipSpecialTokens) {
        List<String> tokens = new ArrayList<>(ids.length);
        for (int id : ids) {
            String t = token(id);
            if (t != null && !(skipSpecialTokens && specialIds[id])) {
                tokens.add(t);
            }
        }
        return decoder == null ? String.join(" ", tokens) : decoder.decode(tokens);
    }

    private Encoding encodeUnpadded(String first, String second, boolean addSpecialTokens) {
        Objects.requireNonNull(first, "text");
        Scratch s = scratch.get();
        try {
            // Like the reference, stop tokenizing a sequence once it holds max-length tokens: the
            // rest would be cut anyway, and it decides which of a pair counts as the longer one.
            boolean pair = second != null;
            int cap = truncation != null && !truncation.keepsEnd(pair) ? truncation.maxLength() : Integer.MAX_VALUE;
            boolean cut = tokenize(first, cap, s, s.first);
            if (pair) {
                cut |= tokenize(second, cap, s, s.second);
            }
            TemplateProcessor template = addSpecialTokens ? postProcessor : TemplateProcessor.none();
            int keep1 = s.first.size;
            int keep2 = pair ? s.second.size : -1;
            if (truncation != null) {
                int added = template.addedTokens(pair);
                int max = truncation.maxLength() - added;
                if (max < 0) {
                    throw new IllegalArgumentException("truncation: max length " + truncation.maxLength()
                            + " leaves no room for the " + added + " special tokens");
                }
                int[] keep = max == 0 ? new int[] {0, pair ? 0 : -1} : truncation.keep(keep1, keep2, max);
                keep1 = keep[0];
                keep2 = keep[1];
            }
            boolean truncated = cut || keep1 < s.first.size || (pair && keep2 < s.second.size);
            return assemble(template.pairOrSingle(pair), s, pair, keep1, keep2, truncated);
        } finally {
            s.releaseIfLarge();
        }
    }

    /**
     * Tokenizes {@code text} into {@code out}, stopping once it holds {@code cap} tokens; returns
     * whether text that would give more tokens was left.
     */
    private boolean tokenize(String text, int cap, Scratch s, TokenBuffer out) {
        out.clear();
        s.out = out;
        s.word = 0;
        s.cap = cap;
        s.stopped = false;
        int segmentStart = 0;
        if (!matcher.isEmpty()) {
            for (int i = 0; i < text.length() && out.size < cap; ) {
                AddedToken t = matcher.matchAt(text, i);
                if (t == null) {
                    i++;
                    continue;
                }
                tokenizeSegment(text, segmentStart, i, s);
                if (out.size < cap) {
                    out.add(t.id(), s.word++, i, i + t.content().length());
                } else {
                    s.stopped = true;
                }
                i += t.content().length();
                segmentStart = i;
            }
        }
        tokenizeSegment(text, segmentStart, text.length(), s);
        return s.stopped;
    }

    private void tokenizeSegment(String text, int from, int to, Scratch s) {
        if (from == to) {
            return;
        }
        if (s.out.size >= s.cap) {
            s.stopped |= normalizer.leavesText(text, from, to);
            return;
        }
        NormalizedText norm = s.norm;
        norm.clear();
        normalizer.normalize(text, from, to, norm);
        TokenBuffer out = s.out;
        int firstToken = out.size;
        BertPreTokenizer.split(norm, s);
        for (int i = firstToken; i < out.size; i++) {
            out.starts[i] = norm.originalStart[out.starts[i]];
            out.ends[i] = norm.originalEnd[out.ends[i] - 1];
        }
    }

    private Encoding assemble(List<TemplateProcessor.Piece> template, Scratch s, boolean pair, int keep1, int keep2, boolean truncated) {
        int n = 0;
        for (TemplateProcessor.Piece p : template) {
            n += p instanceof TemplateProcessor.SpecialToken st ? st.ids().length : ((TemplateProcessor.Sequence) p).index() == 0 ? keep1 : keep2;
        }
        int[] ids = new int[n];
        int[] typeIds = new int[n];
        int[] attention = new int[n];
        int[] special = new int[n];
        int[] words = new int[n];
        int[] sequences = new int[n];
        int[] starts = new int[n];
        int[] ends = new int[n];
        Arrays.fill(attention, 1);
        int k = 0;
        for (TemplateProcessor.Piece p : template) {
            if (p instanceof TemplateProcessor.SpecialToken st) {
                for (int id : st.ids()) {
                    ids[k] = id;
                    typeIds[k] = st.typeId();
                    special[k] = 1;
                    words[k] = -1;
                    sequences[k] = -1;
                    k++;
                }
            } else {
                int index = ((TemplateProcessor.Sequence) p).index();
                TokenBuffer b = index == 0 ? s.first : s.second;
                int count = index == 0 ? keep1 : keep2;
                int head = truncation == null ? count : truncation.fromStart(count, b.size, pair);
                copy(b, 0, ids, words, starts, ends, k, head);
                copy(b, b.size - (count - head), ids, words, starts, ends, k + head, count - head);
                Arrays.fill(typeIds, k, k + count, p.typeId());
                Arrays.fill(sequences, k, k + count, index);
                k += count;
            }
        }
        return new Encoding(ids, typeIds, attention, special, words, sequences, starts, ends, truncated, this::token);
    }

    private static void copy(TokenBuffer b, int from, int[] ids, int[] words, int[] starts, int[] ends, int at, int count) {
        System.arraycopy(b.ids, from, ids, at, count);
        System.arraycopy(b.words, from, words, at, count);
        System.arraycopy(b.starts, from, starts, at, count);
        System.arraycopy(b.ends, from, ends, at, count);
    }

    private Encoding pad(Encoding e, int target) {
        int n = e.length();
        if (target <= n) {
            return e;
        }
        int shift = padding.direction() == Padding.Direction.LEFT ? target - n : 0;
        int padFrom = shift == 0 ? n : 0;
        int padTo = shift == 0 ? target : shift;
        return new Encoding(
                padded(e.ids(), target, shift, padFrom, padTo, padding.padId()),
                padded(e.typeIds(), target, shift, padFrom, padTo, padding.padTypeId()),
                padded(e.attentionMask(), target, shift, padFrom, padTo, 0),
                padded(e.specialTokensMask(), target, shift, padFrom, padTo, 1),
                padded(e.wordIds(), target, shift, padFrom, padTo, -1),
                padded(e.sequenceIds(), target, shift, padFrom, padTo, -1),
                padded(e.offsetStarts(), target, shift, padFrom, padTo, 0),
                padded(e.offsetEnds(), target, shift, padFrom, padTo, 0),
                e.truncated(), this::token);
    }

    private static int[] padded(int[] values, int target, int shift, int padFrom, int padTo, int fill) {
        int[] out = new int[target];
        System.arraycopy(values, 0, out, shift, values.length);
        Arrays.fill(out, padFrom, padTo, fill);
        return out;
    }

    /**
     * Per-thread buffers; also the pre-tokenizer's word sink, so encoding allocates no lambdas.
     * Static, so a thread's map does not keep the tokenizer alive.
     */
    private static final class Scratch implements BertPreTokenizer.WordSink {
        final WordPieceModel model;
        NormalizedText norm = new NormalizedText();
        TokenBuffer first = new TokenBuffer();
        TokenBuffer second = new TokenBuffer();
        TokenBuffer out;
        int word;
        int cap;
        /** Whether words were left out because of the cap. */
        boolean stopped;

        Scratch(WordPieceModel model) {
            this.model = model;
        }

        @Override
        public boolean word(int start, int end) {
            if (out.size >= cap) {
                stopped = true; // a word past the cap: it would have given at least one token
                return false;
            }
            model.tokenize(norm.chars, start, end, word++, out);
            return true;
        }

        void releaseIfLarge() {
            if (norm.chars.length > RETAINED_SCRATCH_CHARS) {
                norm = new NormalizedText();
            }
            if (first.ids.length > RETAINED_SCRATCH_CHARS) {
                first = new TokenBuffer();
            }
            if (second.ids.length > RETAINED_SCRATCH_CHARS) {
                second = new TokenBuffer();
            }
        }
    }
}
