package io.bertstream.trainer.data;

import io.bertstream.wordpiece.BertTokenizer;
import java.io.IOException;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Everything a pre-training run reads, built from text files and settings: the training
 * stream and the evaluation sets ("validation", split from the corpus by document, and
 * "heldout" when held-out files are given), with counts that describe them.
 */
public record PretrainingData(PretrainingStream stream, Map<String, List<PretrainingBatch>> evalSets, long corpusTokens,
        int trainDocuments, int trainExamples, int validationDocuments, int validationExamples) {

    /** How examples, masks and batches are made. */
    public record Settings(int seqLength, double shortSeqProb, double maskProb, int maxPredictions, boolean wholeWord,
            double validationFraction, int batch, int evalExamples, boolean groupByLength, boolean dynamicMasking, long seed) {}

    public static PretrainingData prepare(List<Path> corpusFiles, List<Path> heldoutFiles, BertTokenizer tokenizer, Settings s)
            throws IOException {
        SpecialTokens special = SpecialTokens.of(tokenizer.vocabulary());
        ExampleBuilder builder = new ExampleBuilder(s.seqLength(), s.shortSeqProb(), special);
        Masker masker = new Masker(special, s.maskProb(), s.maxPredictions(), s.wholeWord());
        PretrainingSets.TrainAndValidation data = PretrainingSets.trainAndValidation(corpusFiles, tokenizer, builder,
                s.validationFraction(), s.seed());
        Map<String, List<PretrainingBatch>> evalSets = new LinkedHashMap<>();
        if (!data.validation().isEmpty()) {
            evalSets.put("validation", PretrainingStream.evaluationBatches(data.validation(), masker, special.pad(), s.batch(),
                    s.evalExamples(), s.seed()));
        }
        if (!heldoutFiles.isEmpty()) {
            List<PretrainingExample> heldout = PretrainingSets.examples(heldoutFiles, tokenizer, builder, s.seed() + 2);
            if (!heldout.isEmpty()) {
                evalSets.put("heldout", PretrainingStream.evaluationBatches(heldout, masker, special.pad(), s.batch(), s.evalExamples(), s.seed()));
            }
        }
        PretrainingStream stream = new PretrainingStream(data.train(), masker, special.pad(), s.batch(), s.seed(), s.groupByLength(),
                s.dynamicMasking());
        return new PretrainingData(stream, evalSets, data.tokens(), data.trainDocuments(), data.train().size(),
                data.validationDocuments(), data.validation().size());
    }
}
