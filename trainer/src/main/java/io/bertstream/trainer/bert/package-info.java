/**
 * BERT on the autograd engine, with Hugging Face's parameter names and layouts.
 *
 * <h2>Models and forward entry points</h2>
 * <pre>{@code
 * BertConfig config = BertConfig.preset(BertConfig.Preset.MINI, vocabSize, 512);
 * BertForPreTraining model = new BertForPreTraining(config, seed);
 * BertInput in = new BertInput(batch, seq, inputIds, tokenTypeIds, attentionMask);   // [batch·seq] each
 * PretrainingOutput out = model.forward(in, targets, new DropoutSeeds(seed, step, micro));  // training
 * out.loss().backward();
 * Tensor fill = model.maskedLmLogits(in, flatMaskPositions);   // [n, vocab], inference
 * Tensor nsp  = model.nextSentenceLogits(in);                  // [batch, 2]: 0 = IsNext, 1 = random
 * BertForSequenceClassification clf = new BertForSequenceClassification(config, labels, seed);
 * clf.parameters().copyFrom(model.parameters().named());       // bert.* from pre-training
 * Tensor logits = clf.logits(in, null);                        // [batch, labels]
 * }</pre>
 * Pass {@code null} seeds for evaluation (no dropout); wrap inference in
 * {@code GradMode.disabled()}.
 *
 * <h2>Named parameters (for checkpoints and the ONNX exporter)</h2>
 * {@code model.parameters().named()} is an ordered {@code Map<String, Tensor>} equal to Hugging
 * Face's {@code state_dict} names and shapes ({@code [out, in]} for linear weights):
 * <pre>
 * bert.embeddings.{word,position,token_type}_embeddings.weight   [vocab|positions|types, H]
 * bert.embeddings.LayerNorm.{weight,bias}
 * bert.encoder.layer.i.attention.self.{query,key,value}.{weight,bias}
 * bert.encoder.layer.i.attention.output.dense.{weight,bias}
 * bert.encoder.layer.i.attention.output.LayerNorm.{weight,bias}
 * bert.encoder.layer.i.intermediate.dense.{weight,bias}           [FFN, H]
 * bert.encoder.layer.i.output.dense.{weight,bias}                 [H, FFN]
 * bert.encoder.layer.i.output.LayerNorm.{weight,bias}
 * bert.pooler.dense.{weight,bias}
 * cls.predictions.transform.dense.{weight,bias}, cls.predictions.transform.LayerNorm.{weight,bias}
 * cls.predictions.bias                                            [vocab]
 * cls.seq_relationship.{weight,bias}                              [2, H]
 * classifier.{weight,bias}                                        (sequence classification)
 * </pre>
 * The MLM decoder weight is tied: Hugging Face's {@code cls.predictions.decoder.weight} is
 * {@code bert.embeddings.word_embeddings.weight} and its {@code decoder.bias} is
 * {@code cls.predictions.bias}; neither is a separate entry. Attention masks padding keys by
 * adding -10000 to their scores; GELU is the exact erf form; LayerNorm is post-residual.
 */
package io.bertstream.trainer.bert;
