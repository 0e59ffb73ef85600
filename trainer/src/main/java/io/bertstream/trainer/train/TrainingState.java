package io.bertstream.trainer.train;

/**
 * Where a run stands: optimizer updates done and micro-batches consumed (the data position:
 * {@link io.bertstream.trainer.data.PretrainingStream#batch} takes it as its index). All
 * randomness after initialisation (data order, masks, dropout) is a pure function of the run
 * seed and these counters, so together with the seed they are the whole RNG state.
 */
public record TrainingState(long step, long microBatches, long seed) {}
