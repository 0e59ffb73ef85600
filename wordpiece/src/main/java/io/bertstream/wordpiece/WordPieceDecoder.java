package io.bertstream.wordpiece;

import java.util.List;

/**
 * Turns WordPiece tokens back into text, as Hugging Face's {@code WordPiece} decoder: pieces with
 * the continuation prefix join the previous token, other tokens are separated by a space, and
 * with {@code cleanup} the spaces the tokenizer put before punctuation and English contractions
 * are removed. Decoding is lossy: case, accents and the original spacing are not recovered.
 */
public record WordPieceDecoder(String prefix, boolean cleanup) {

    public static final WordPieceDecoder BERT = new WordPieceDecoder(WordPieceModel.DEFAULT_PREFIX, true);

    public String decode(List<String> tokens) {
        StringBuilder out = new StringBuilder();
        for (int i = 0; i < tokens.size(); i++) {
            String token = tokens.get(i);
            if (i != 0) {
                token = token.startsWith(prefix) ? token.substring(prefix.length()) : " " + token;
            }
            out.append(cleanup ? cleanup(token) : token);
        }
        return out.toString();
    }

    /** The reference's replacements, in its order (applied per token, as it does). */
    private static String cleanup(String token) {
        return token.replace(" .", ".")
                .replace(" ?", "?")
                .replace(" !", "!")
                .replace(" ,", ",")
                .replace(" ' ", "'")
                .replace(" n't", "n't")
                .replace(" 'm", "'m")
                .replace(" do not", " don't")
                .replace(" 's", "'s")
                .replace(" 've", "'ve")
                .replace(" 're", "'re");
    }
}
