package io.bertstream.trainer.data;

import io.bertstream.wordpiece.BertTokenizer;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;

/**
 * Text files to pre-training examples in one call: read documents, split into sentences,
 * tokenize, and build sentence-pair examples; the training corpus is first split into train
 * and validation by document.
 */
public final class PretrainingSets {
    private PretrainingSets() {}

    /** Train and validation examples, with the counts that describe them. */
    public record TrainAndValidation(List<PretrainingExample> train, List<PretrainingExample> validation,
            int trainDocuments, int validationDocuments, long tokens) {}

    public static TrainAndValidation trainAndValidation(List<Path> files, BertTokenizer tokenizer, ExampleBuilder builder,
            double validationFraction, long seed) throws IOException {
        TokenizedDocuments all = TokenizedDocuments.tokenize(tokenizer, CorpusDocuments.read(files));
        if (all.size() == 0) throw new IllegalArgumentException("the corpus " + files + " has no text");
        TokenizedDocuments.Split split = all.split(validationFraction, seed);
        return new TrainAndValidation(builder.build(split.train(), seed), builder.build(split.validation(), seed + 1),
                split.train().size(), split.validation().size(), all.tokenCount());
    }

    /** Examples from every document of {@code files} (a held-out set). */
    public static List<PretrainingExample> examples(List<Path> files, BertTokenizer tokenizer, ExampleBuilder builder, long seed)
            throws IOException {
        return builder.build(TokenizedDocuments.tokenize(tokenizer, CorpusDocuments.read(files)), seed);
    }
}
