package io.bertstream.wordpiece;

/**
 * The WordPiece model: greedy longest-match-first segmentation of one word into vocabulary pieces,
 * pieces after the first carrying the continuation prefix ({@code ##}). A word with a part no
 * piece matches, or longer than {@link #maxInputCharsPerWord()} code points, becomes the unknown
 * token as a whole. Immutable and thread-safe.
 */
public final class WordPieceModel {

    public static final String DEFAULT_PREFIX = "##";
    public static final int DEFAULT_MAX_INPUT_CHARS_PER_WORD = 100;

    private final Vocabulary vocabulary;
    private final String unkToken;
    private final int unkId;
    private final String continuingSubwordPrefix;
    private final int maxInputCharsPerWord;
    private final PieceTrie trie;
    private final int continuationRoot;

    public WordPieceModel(Vocabulary vocabulary, String unkToken, String continuingSubwordPrefix, int maxInputCharsPerWord) {
        this.vocabulary = vocabulary;
        this.unkToken = unkToken;
        this.unkId = vocabulary.id(unkToken);
        if (maxInputCharsPerWord < 1) {
            throw new IllegalArgumentException("WordPiece: max_input_chars_per_word must be at least 1");
        }
        this.continuingSubwordPrefix = continuingSubwordPrefix;
        this.maxInputCharsPerWord = maxInputCharsPerWord;
        int chars = vocabulary.tokens().stream().mapToInt(String::length).sum();
        this.trie = new PieceTrie(chars);
        vocabulary.asMap().forEach(trie::add);
        this.continuationRoot = trie.walk(PieceTrie.ROOT, continuingSubwordPrefix);
    }

    /** The BERT defaults: {@code [UNK]}, {@code ##}, 100 characters. */
    public WordPieceModel(Vocabulary vocabulary) {
        this(vocabulary, "[UNK]", DEFAULT_PREFIX, DEFAULT_MAX_INPUT_CHARS_PER_WORD);
    }

    public Vocabulary vocabulary() {
        return vocabulary;
    }

    public String unkToken() {
        return unkToken;
    }

    /** The unknown token's id, or -1 when the vocabulary lacks it (then unknown words fail, as in the reference). */
    public int unkId() {
        return unkId;
    }

    public String continuingSubwordPrefix() {
        return continuingSubwordPrefix;
    }

    public int maxInputCharsPerWord() {
        return maxInputCharsPerWord;
    }

    /**
     * Appends the pieces of the word {@code chars[start, end)} to {@code out}, with offsets in the
     * same buffer and word index {@code word}.
     */
    void tokenize(char[] chars, int start, int end, int word, TokenBuffer out) {
        if (Character.codePointCount(chars, start, Math.min(end - start, 2 * maxInputCharsPerWord + 2)) > maxInputCharsPerWord) {
            addUnknown(chars, start, end, word, out);
            return;
        }
        int mark = out.size;
        int pos = start;
        while (pos < end) {
            int root = pos == start ? PieceTrie.ROOT : continuationRoot;
            int matchEnd = -1;
            int matchId = -1;
            int node = root;
            for (int i = pos; i < end && node >= 0; i++) {
                node = trie.child(node, chars[i]);
                // Only whole code points: a piece never ends between the halves of a surrogate pair.
                if (node >= 0 && trie.tokenId(node) >= 0 && !(Character.isHighSurrogate(chars[i]) && i + 1 < end)) {
                    matchEnd = i + 1;
                    matchId = trie.tokenId(node);
                }
            }
            if (matchId < 0) {
                out.truncateTo(mark);
                addUnknown(chars, start, end, word, out);
                return;
            }
            out.add(matchId, word, pos, matchEnd);
            pos = matchEnd;
        }
    }

    private void addUnknown(char[] chars, int start, int end, int word, TokenBuffer out) {
        if (unkId < 0) {
            throw new IllegalArgumentException("WordPiece: the vocabulary has no unknown token " + unkToken
                    + " for the word '" + new String(chars, start, Math.min(end - start, 50)) + "'");
        }
        out.add(unkId, word, start, end);
    }
}
