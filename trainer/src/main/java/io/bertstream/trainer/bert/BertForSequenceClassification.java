package io.bertstream.trainer.bert;

import io.bertstream.trainer.autograd.Losses;
import io.bertstream.trainer.autograd.Tensor;
import io.bertstream.trainer.nn.Dropout;
import io.bertstream.trainer.nn.DropoutSeeds;
import io.bertstream.trainer.nn.Linear;
import io.bertstream.trainer.nn.Parameters;

/**
 * BERT with a classifier on the pooled {@code [CLS]} vector, as Hugging Face's
 * {@code BertForSequenceClassification}: {@code classifier(Dropout(pooled))}, parameters
 * {@code bert.*} and {@code classifier.{weight,bias}}. Start from pre-trained weights with
 * {@code parameters().copyFrom(pretrained.parameters().named())} (the {@code cls.*} heads are skipped).
 */
public final class BertForSequenceClassification {
    private final BertConfig config;
    private final Parameters params;
    private final BertModel bert;
    private final Dropout dropout;
    private final Linear classifier;

    public BertForSequenceClassification(BertConfig config, int numLabels, long seed) {
        if (numLabels < 2) throw new IllegalArgumentException("a classifier needs at least 2 labels, got " + numLabels);
        this.config = config;
        this.params = new Parameters(seed);
        this.bert = new BertModel(params, "bert.", config);
        this.dropout = new Dropout(config.hiddenDropoutProb());
        this.classifier = new Linear(params, "classifier", config.hiddenSize(), numLabels, config.initializerRange());
    }

    /** Class logits {@code [batch, labels]}; {@code seeds} null: no dropout. */
    public Tensor logits(BertInput in, DropoutSeeds seeds) {
        return classifier.forward(dropout.forward(bert.pool(bert.encode(in, seeds)), seeds));
    }

    /** Mean cross-entropy of the logits against one label per example. */
    public Tensor loss(Tensor logits, int[] labels) {
        return Losses.crossEntropy(logits, labels, -100);
    }

    public Parameters parameters() {
        return params;
    }

    public BertConfig config() {
        return config;
    }
}
