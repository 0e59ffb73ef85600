package io.bertstream.trainer.bert;

import io.bertstream.trainer.autograd.Tensor;

/**
 * One pre-training forward pass: {@code loss = mlmLoss + nspLoss} (scalars), the MLM logits
 * {@code [masked, vocab]} at the masked positions only, and the NSP logits {@code [batch, 2]}.
 */
public record PretrainingOutput(Tensor loss, Tensor mlmLoss, Tensor nspLoss, Tensor mlmLogits, Tensor nspLogits) {}
