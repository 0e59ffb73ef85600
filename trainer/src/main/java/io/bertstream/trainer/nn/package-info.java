/**
 * Neural-network building blocks on the autograd engine: {@link io.bertstream.trainer.nn.Parameters}
 * (named, ordered, seeded parameters with their weight-decay flag), {@link io.bertstream.trainer.nn.Linear},
 * {@link io.bertstream.trainer.nn.Embedding}, {@link io.bertstream.trainer.nn.LayerNorm} and
 * {@link io.bertstream.trainer.nn.Dropout} (on only when a forward pass carries
 * {@link io.bertstream.trainer.nn.DropoutSeeds}).
 *
 * <p>A layer registers its tensors in a {@code Parameters} under {@code <name>.weight} /
 * {@code <name>.bias}, PyTorch's names and {@code [out, in]} layout, so a model's
 * {@code Parameters.named()} is its PyTorch {@code state_dict}.
 */
package io.bertstream.trainer.nn;
