package io.bertstream.trainer.autograd;

/**
 * The backward of one op: given the gradient of the loss with respect to the op's output
 * (contiguous, in the output's shape), add the gradients of its inputs into their
 * {@link Tensor#gradBuffer() grad buffers}.
 */
@FunctionalInterface
interface Backward {
    void run(float[] gradOut);
}
