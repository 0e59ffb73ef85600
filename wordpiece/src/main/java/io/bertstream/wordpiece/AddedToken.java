package io.bertstream.wordpiece;

/**
 * A token matched in the raw text before normalization, as an entry of {@code added_tokens} in
 * {@code tokenizer.json} with {@code normalized: false} and no stripping: BERT's {@code [CLS]},
 * {@code [SEP]}, {@code [MASK]} and so on, so that "the [MASK] sat" gives the mask id.
 *
 * @param special whether decoding with "skip special tokens" drops it
 */
public record AddedToken(int id, String content, boolean special) {
    public AddedToken {
        if (content.isEmpty()) {
            throw new IllegalArgumentException("added token " + id + " is empty");
        }
    }
}
