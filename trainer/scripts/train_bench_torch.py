"""PyTorch baseline for io.bertstream.trainer.bench.TrainBench: training tokens/s of BertForPreTraining
(bert_torch.py) with AdamW and gradient clipping, on random batches shaped as the Java benchmark's.

Usage: /usr/bin/python3 train_bench_torch.py PRESET THREADS VOCAB SEQ BATCH MASKED WARMUP STEPS
Prints one line of JSON: {"tokens_per_s": ..., "seconds": ..., "threads": ...}.
"""
import json
import sys
import time

import torch

from bert_torch import BertForPreTraining

PRESETS = {"tiny": (2, 128, 2, 512), "mini": (4, 256, 4, 1024), "small": (4, 512, 8, 2048), "base": (12, 768, 12, 3072)}


def main(preset, threads, vocab, seq, batch, masked, warmup, steps):
    torch.set_num_threads(threads)
    torch.manual_seed(0)
    layers, hidden, heads, ffn = PRESETS[preset]
    config = dict(vocab_size=vocab, hidden_size=hidden, num_hidden_layers=layers, num_attention_heads=heads,
                  intermediate_size=ffn, max_position_embeddings=512, type_vocab_size=2, hidden_dropout_prob=0.1,
                  attention_probs_dropout_prob=0.1, layer_norm_eps=1e-12)
    model = BertForPreTraining(config)
    model.train()
    opt = torch.optim.AdamW(model.parameters(), lr=1e-4, eps=1e-6, weight_decay=0.01)
    ids = torch.randint(5, vocab, (batch, seq))
    types = torch.cat([torch.zeros(batch, seq // 2, dtype=torch.long), torch.ones(batch, seq - seq // 2, dtype=torch.long)], 1)
    mask = torch.ones(batch, seq, dtype=torch.long)
    positions = torch.cat([torch.randperm(seq - 1)[:masked] + 1 + b * seq for b in range(batch)])
    labels = torch.randint(5, vocab, (positions.numel(),))
    nsp = torch.randint(0, 2, (batch,))

    def step():
        opt.zero_grad(set_to_none=True)
        loss = model(ids, types, mask, positions, labels, nsp)[0]
        loss.backward()
        torch.nn.utils.clip_grad_norm_(model.parameters(), 1.0)
        opt.step()

    for _ in range(warmup):
        step()
    start = time.perf_counter()
    for _ in range(steps):
        step()
    seconds = time.perf_counter() - start
    print(json.dumps({"tokens_per_s": batch * seq * steps / seconds, "seconds": seconds, "threads": threads}))


if __name__ == "__main__":
    a = sys.argv[1:]
    main(a[0], *map(int, a[1:]))
