/**
 * ONNX export: the trained BERT as a Hugging Face–compatible model bundle, written from Java
 * (protobuf-java's wire format, the ONNX messages from the specification's field numbers; no
 * Python, no generated classes).
 *
 * <h2>Writing a bundle</h2>
 * <pre>{@code
 * List<Path> files = new BundleWriter(config, model.parameters().named(), tokenizer)
 *         .labels(List.of("negative", "positive"))    // only with classifier.{weight,bias}
 *         .trainingMetadata(meta)                      // -> config.json bertstream.training
 *         .metrics(summary)                            // -> metrics.json
 *         .write(Path.of("models/demo"));              // staged, then moved into place
 * }</pre>
 * The weights are a map from Hugging Face BERT parameter names to tensors (Linear weights
 * [out, in]); {@link io.bertstream.trainer.onnx.BertWeights} checks them against the
 * {@link io.bertstream.trainer.bert.BertConfig} and names the first missing, misshaped,
 * non-finite or unknown tensor. Heads are optional and detected from the names:
 * {@code cls.predictions.*} (masked LM, decoder tied to the word embeddings unless
 * {@code cls.predictions.decoder.weight} is given), {@code cls.seq_relationship.*} (NSP),
 * {@code classifier.*}. The {@code export} command does this for a training run folder.
 *
 * <h2>The bundle</h2>
 * <pre>
 * config.json            Hugging Face BertConfig fields, id2label/label2id (with a classifier), and
 *                        "bertstream": {producer_version, serving_attention, mask_token_id, top_k,
 *                                       graphs: {name: path}, training: {...}}
 * vocab.txt, tokenizer.json, tokenizer_config.json     (wordpiece's BertTokenizer.save)
 * metrics.json           what the trainer measured
 * onnx/*.onnx            one file per {@link io.bertstream.trainer.onnx.BertGraph} the weights allow
 * </pre>
 * Every graph takes {@code input_ids}, {@code attention_mask}, {@code token_type_ids}: int64
 * [batch_size, sequence_length], sequence_length at most max_position_embeddings.
 * <table>
 * <caption>Graphs and outputs</caption>
 * <tr><th>file</th><th>outputs</th><th>for</th></tr>
 * <tr><td>onnx/model.onnx</td><td>logits [batch, seq, vocab]</td><td>Hugging Face fill-mask; plain ONNX</td></tr>
 * <tr><td>onnx/fill_mask_top_k.onnx</td><td>mask_positions [n, 2] (row, position), top_k_ids [n, k] int64,
 *     top_k_probabilities [n, k]</td><td>serving fill-mask: the vocabulary projection only at [MASK]</td></tr>
 * <tr><td>onnx/next_sentence.onnx</td><td>logits, probabilities [batch, 2]; index 0 = B follows A</td><td>NSP</td></tr>
 * <tr><td>onnx/embeddings.onnx</td><td>sentence_embedding [batch, hidden] (masked mean),
 *     pooler_output [batch, hidden]</td><td>sentence embeddings</td></tr>
 * <tr><td>onnx/classifier.onnx</td><td>logits, probabilities [batch, num_labels]</td><td>fine-tuned classifier</td></tr>
 * </table>
 * Weights without the masked-LM head (a fine-tuned classifier alone) give no fill-mask graphs;
 * readers should go by {@code bertstream.graphs}.
 *
 * <h2>Layers</h2>
 * {@link io.bertstream.trainer.onnx.OnnxGraph} (values, initializers, nodes, IR 8 / opset 17
 * ModelProto) over {@code ProtoMessage} (the wire format);
 * {@link io.bertstream.trainer.onnx.BertGraphBuilder} writes BERT in the node patterns ONNX
 * Runtime fuses; {@link io.bertstream.trainer.onnx.OnnxOpCounts} reads a model's op counts back
 * (to see which fusions ONNX Runtime applied). The graphs are checked in the tests against a
 * double-precision reference forward and against the trainer's own forward in ONNX Runtime,
 * and by the ONNX checker ({@code trainer/scripts/check_onnx.py}).
 */
package io.bertstream.trainer.onnx;
