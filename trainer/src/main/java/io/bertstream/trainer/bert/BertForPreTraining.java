package io.bertstream.trainer.bert;

import io.bertstream.trainer.autograd.Losses;
import io.bertstream.trainer.autograd.Tensor;
import io.bertstream.trainer.nn.DropoutSeeds;
import io.bertstream.trainer.nn.Linear;
import io.bertstream.trainer.nn.Parameters;

/**
 * BERT with its two pre-training heads, as Hugging Face's {@code BertForPreTraining}: masked-LM
 * ({@code cls.predictions.*}, decoder tied to {@code bert.embeddings.word_embeddings.weight})
 * and next-sentence prediction ({@code cls.seq_relationship.*}).
 */
public final class BertForPreTraining {
    private final BertConfig config;
    private final Parameters params;
    private final BertModel bert;
    private final MaskedLmHead mlm;
    private final Linear nsp;

    /** A freshly initialised model (BERT's initialisation, drawn from {@code seed}). */
    public BertForPreTraining(BertConfig config, long seed) {
        this.config = config;
        this.params = new Parameters(seed);
        this.bert = new BertModel(params, "bert.", config);
        this.mlm = new MaskedLmHead(params, config, bert.wordTable());
        this.nsp = new Linear(params, "cls.seq_relationship", config.hiddenSize(), 2, config.initializerRange());
    }

    /**
     * Logits at the masked positions only (the decoder is most of the cost when applied to every
     * position) and NSP logits; losses against {@code targets}. {@code seeds} null: no dropout.
     */
    public PretrainingOutput forward(BertInput in, PretrainingTargets targets, DropoutSeeds seeds) {
        if (targets.nextSentenceLabels().length != in.batch()) {
            throw new IllegalArgumentException(targets.nextSentenceLabels().length + " NSP labels for a batch of " + in.batch());
        }
        Tensor sequence = bert.encode(in, seeds);
        Tensor mlmLogits = mlm.logits(BertModel.rows(sequence, targets.maskedPositions()));
        Tensor nspLogits = nsp.forward(bert.pool(sequence));
        Tensor mlmLoss = Losses.crossEntropy(mlmLogits, targets.maskedLabels(), -100);
        Tensor nspLoss = Losses.crossEntropy(nspLogits, targets.nextSentenceLabels(), -100);
        return new PretrainingOutput(mlmLoss.add(nspLoss), mlmLoss, nspLoss, mlmLogits, nspLogits);
    }

    /** Vocabulary logits {@code [n, vocab]} at flat positions {@code b·seq + s} (for fill-mask). */
    public Tensor maskedLmLogits(BertInput in, int[] flatPositions) {
        return mlm.logits(BertModel.rows(bert.encode(in, null), flatPositions));
    }

    /** NSP logits {@code [batch, 2]}: index 0 "B follows A", 1 "B is random". */
    public Tensor nextSentenceLogits(BertInput in) {
        return nsp.forward(bert.pool(bert.encode(in, null)));
    }

    /** Hugging Face names → live parameter tensors, in a fixed order (see the package guide). */
    public Parameters parameters() {
        return params;
    }

    public BertConfig config() {
        return config;
    }
}
