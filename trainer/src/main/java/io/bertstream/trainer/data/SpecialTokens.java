package io.bertstream.trainer.data;

import io.bertstream.wordpiece.Vocabulary;

/**
 * What example building and masking need from the vocabulary: the special token ids, the
 * vocabulary size, and which ids continue a word ({@code ##} pieces, for whole-word masking).
 */
public record SpecialTokens(int pad, int cls, int sep, int mask, int vocabSize, boolean[] continuation, boolean[] special) {

    public static SpecialTokens of(Vocabulary vocabulary) {
        int size = vocabulary.idLimit();
        boolean[] continuation = new boolean[size];
        boolean[] special = new boolean[size];
        for (int id = 0; id < size; id++) {
            String t = vocabulary.token(id);
            continuation[id] = t != null && t.startsWith("##");
        }
        for (String t : Vocabulary.BERT_SPECIAL_TOKENS) special[require(vocabulary, t)] = true;
        return new SpecialTokens(require(vocabulary, "[PAD]"), require(vocabulary, "[CLS]"), require(vocabulary, "[SEP]"),
                require(vocabulary, "[MASK]"), size, continuation, special);
    }

    private static int require(Vocabulary vocabulary, String token) {
        if (!vocabulary.contains(token)) throw new IllegalArgumentException("the vocabulary has no " + token + " token");
        return vocabulary.id(token);
    }
}
