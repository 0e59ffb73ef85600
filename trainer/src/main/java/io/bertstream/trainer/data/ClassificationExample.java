package io.bertstream.trainer.data;

/** One labelled text as tokens: ids and segment ids (special tokens included, already truncated) and the label index. */
public record ClassificationExample(int[] inputIds, int[] typeIds, int label) {
    public ClassificationExample {
        if (inputIds.length == 0 || inputIds.length != typeIds.length) {
            throw new IllegalArgumentException("an example needs tokens, and one segment id per token");
        }
    }

    public int length() {
        return inputIds.length;
    }
}
