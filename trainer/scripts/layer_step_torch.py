"""Time one training step of the reference encoder layer in PyTorch, for TrainStepProfile.

Usage: /usr/bin/python3 layer_step_torch.py BATCH SEQ HIDDEN HEADS FFN THREADS STEPS
Prints "torch_step_ms <best ms>" (and the mean) after a warm-up; same layer, loss and shapes as
io.bertstream.trainer.bench.TrainStepProfile, weights random.
"""
import sys
import time

import torch
import torch.nn.functional as F

from check_layer_torch import encoder_layer


def main(batch, seq, hidden, heads, ffn, threads, steps):
    torch.set_num_threads(threads)
    torch.manual_seed(0)
    shapes = {}
    for name in ("query", "key", "value", "attn_out"):
        shapes[name + ".weight"], shapes[name + ".bias"] = (hidden, hidden), (hidden,)
    shapes.update({"ln1.gamma": (hidden,), "ln1.beta": (hidden,), "ffn_in.weight": (ffn, hidden), "ffn_in.bias": (ffn,),
                   "ffn_out.weight": (hidden, ffn), "ffn_out.bias": (hidden,), "ln2.gamma": (hidden,), "ln2.beta": (hidden,)})
    params = {n: (torch.randn(s) * 0.05).requires_grad_(True) for n, s in shapes.items()}
    classifier = (torch.randn(16, hidden) * 0.05).requires_grad_(True)
    x = torch.randn(batch, seq, hidden, requires_grad=True)
    keep = torch.ones(batch, seq)
    targets = torch.randint(0, 16, (batch * seq,))
    targets[torch.arange(batch * seq) % 7 != 0] = -100

    def step():
        out = encoder_layer(params, x, keep, heads, 1e-12, -10000.0, dropout=0.1)
        loss = F.cross_entropy(out.reshape(-1, hidden) @ classifier.t(), targets, ignore_index=-100)
        loss.backward()
        for p in list(params.values()) + [classifier, x]:
            p.grad = None

    for _ in range(3):
        step()
    times = []
    for _ in range(steps):
        start = time.perf_counter()
        step()
        times.append((time.perf_counter() - start) * 1000)
    print("torch_step_ms %.3f" % min(times))
    print("torch_mean_ms %.3f" % (sum(times) / len(times)))
    print("torch %s, %d threads" % (torch.__version__, torch.get_num_threads()))


if __name__ == "__main__":
    main(*(int(a) for a in sys.argv[1:8]))
