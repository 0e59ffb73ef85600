/**
 * Tensors and reverse-mode automatic differentiation in plain Java (the JDK and
 * {@code jdk.incubator.vector} only): the bottom layer of the trainer. It imports nothing
 * from the layers above (nn, bert, data, train, onnx, cli).
 *
 * <h2>Parameters</h2>
 * <pre>{@code
 * Tensor w = Tensor.randn(seed, 0.02f, out, in).requiresGrad(true);   // heap memory, [out, in] like PyTorch
 * Tensor b = Tensor.zeros(out).requiresGrad(true);
 * Tensor gamma = Tensor.full(1f, hidden).requiresGrad(true);
 * }</pre>
 * A parameter is a leaf that requires a gradient. {@link io.bertstream.trainer.autograd.Tensor#data()}
 * and {@link io.bertstream.trainer.autograd.Tensor#gradArray()} give its value and gradient
 * arrays (row-major) for optimizers, initialisers and checkpoint readers to update in place.
 *
 * <h2>Forward</h2>
 * Ops are methods on {@link io.bertstream.trainer.autograd.Tensor} plus a few static entry
 * points; each returns a new tensor and records how to send gradients back:
 * <pre>{@code
 * Tensor h = Embedding.lookup(table, ids, batch, seq);                 // [batch, seq, hidden]
 * Tensor q = h.linear(wq, bq)                                          // x·Wᵀ + b, one GEMM
 *             .reshape(batch, seq, heads, dh).permute(0, 2, 1, 3);   // views: no copy
 * Tensor kT = ... .permute(0, 2, 3, 1);
 * Tensor p = q.matmul(kT).scaledSoftmax(scale, maskBias).dropout(0.1f, seed); // one pass
 * Tensor ctx = p.matmulPermuted(v, 0, 2, 1, 3).reshape(batch, seq, hidden); // no copy
 * Tensor y = x.add(attn).layerNorm(gamma, beta, 1e-12f);
 * Tensor loss = Losses.crossEntropy(logits, targets, -100);
 * }</pre>
 * {@code Embedding.lookup} gathers rows of any [rows, width] tensor (a table, or hidden states
 * flattened to pick the masked positions for the MLM head) and scatters gradients back.
 * Elementwise ops broadcast like NumPy. Reshape, transpose, permute, slice and split are views;
 * matmul and linear read transposed and permuted views in place (the transpose is folded into
 * the kernel's packing), so attention heads need no copies; backward, a product adds the gradient
 * of such a view straight into the gradient of the tensor it views, so the view copies nothing
 * either. Bad shapes throw {@link java.lang.IllegalArgumentException} naming them. Dropout masks are a pure function of
 * the seed you pass (use a new seed per call site and step) and do not depend on threads;
 * call it only in training.
 *
 * <h2>Backward and gradients</h2>
 * {@code loss.backward()} adds d(loss)/d(leaf) into every leaf that requires a gradient;
 * read them with {@code w.gradArray()} or {@code w.grad()}. Gradients accumulate across
 * backward calls (micro-batches) until {@code w.zeroGrad()}. Intermediate gradients and the
 * inputs an op saved for its backward are dropped as soon as that op's backward has run, so a
 * graph is used once.
 *
 * <h2>No-grad mode</h2>
 * <pre>{@code
 * try (GradMode.Scope off = GradMode.disabled()) { logits = model.forward(batch); }
 * }</pre>
 * Nothing is recorded, so evaluation and inference keep no intermediates.
 *
 * <h2>Memory: one arena per training loop</h2>
 * <pre>{@code
 * Arena arena = new Arena();
 * for (Batch batch : batches) {
 *     try (Arena.Scope step = arena.open()) {
 *         Tensor loss = model.loss(batch);
 *         loss.backward();
 *         metrics.add(loss.item());          // copy out what you need inside the scope
 *     }
 *     optimizer.step();                      // parameters and their grads are heap memory
 * }
 * }</pre>
 * While a scope is open, op outputs and intermediate gradients come from the arena; closing it
 * recycles them all, so after the first step a step of the same shapes allocates nothing.
 * Tensors created inside a scope must not be used after it closes.
 *
 * <h2>Threads</h2>
 * Kernels use {@link io.bertstream.trainer.autograd.Parallel#threads()} threads: the system
 * property {@code bertstream.threads}, else {@code BERTSTREAM_THREADS}, else all processors;
 * {@code Parallel.setThreads(n)} changes it. Work is split so that every output element is
 * computed by one thread in a fixed order: results are identical run to run, and in practice
 * across thread counts too. Build the graph from one thread.
 *
 * <h2>Speed</h2>
 * Matrix products run on {@link io.bertstream.trainer.autograd.Gemm}, a packed, register-tiled
 * Vector API kernel; softmax, LayerNorm, GELU and cross-entropy are fused row kernels. The
 * benchmark {@code io.bertstream.trainer.bench.MatmulBench} compares GEMM with OpenBLAS and
 * {@code io.bertstream.trainer.bench.TrainStepProfile} shows where a layer's training step
 * spends its time.
 */
package io.bertstream.trainer.autograd;
