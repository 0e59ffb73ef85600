/**
 * Pre-training: {@link io.bertstream.trainer.train.AdamW} (decoupled decay, none on biases and
 * LayerNorm), {@link io.bertstream.trainer.train.LinearSchedule} (warm-up then linear decay),
 * {@link io.bertstream.trainer.train.GradientClipping} (global norm), the
 * {@link io.bertstream.trainer.train.PretrainingLoop} (accumulation, logging, evaluation,
 * checkpoints), {@link io.bertstream.trainer.train.Evaluation} (MLM loss, accuracy, perplexity,
 * NSP accuracy), {@link io.bertstream.trainer.train.MetricsLog} (JSON lines) and
 * {@link io.bertstream.trainer.train.TrainingCurve} (self-contained HTML/SVG).
 *
 * <h2>Files a {@code pretrain} run writes, and how to load them</h2>
 * <pre>
 * checkpoint.safetensors   weights (Hugging Face names) + optimizer.exp_avg.NAME / optimizer.exp_avg_sq.NAME,
 *                          metadata: format, config (config.json text), step, micro_batches (data position),
 *                          seed, optimizer_steps, run (the CLI settings as JSON). Written atomically.
 * model.safetensors        weights only, loadable by Hugging Face (BertForPreTraining; the MLM decoder is tied)
 * config.json              BertConfig fields
 * vocab.txt, tokenizer.json, tokenizer_config.json
 * metrics.jsonl            {"kind":"train"|"eval", "step":..., ...} per line; metrics.json: the final summary
 * training-curve.html
 * </pre>
 * <pre>{@code
 * BertForPreTraining model = Checkpoint.loadModel(dir);            // model.safetensors + config.json, else the checkpoint
 * Checkpoint.Loaded c = Checkpoint.load(dir.resolve(Checkpoint.FILE));   // everything, to resume
 * Map<String, Tensor> weights = SafeTensors.read(dir.resolve(Checkpoint.WEIGHTS)).tensors();
 * }</pre>
 * All randomness after initialisation (example order, masks, dropout) is a pure function of the
 * seed and the step / micro-batch counters, so the checkpoint's counters are the RNG state.
 */
package io.bertstream.trainer.train;
