"""The PyTorch side of the pre-training comparison: trains bert_torch.BertForPreTraining on exactly
the batches a Java `pretrain` run used, from the same initial weights, with the same optimizer
(AdamW, betas 0.9/0.999, eps 1e-6, no decay on biases and LayerNorm), schedule (linear warm-up
then linear decay, as io.bertstream.trainer.train.LinearSchedule), clipping and accumulation; then
evaluates MLM loss/accuracy and NSP accuracy on the exported evaluation sets.

Usage: /usr/bin/python3 pretrain_torch.py EXPORT_DIR THREADS   (EXPORT_DIR from bench.PretrainBatchExport)
Prints progress and a final JSON line.
"""
import json
import os
import struct
import sys
import time

import numpy as np
import torch
import torch.nn.functional as F

from bert_torch import BertForPreTraining


def read_safetensors(path):
    with open(path, "rb") as f:
        n = struct.unpack("<Q", f.read(8))[0]
        header = json.loads(f.read(n))
        data = f.read()
    out = {}
    for name, e in header.items():
        if name == "__metadata__":
            continue
        a, b = e["data_offsets"]
        out[name] = torch.from_numpy(np.frombuffer(data[a:b], dtype="<f4").copy()).reshape(e["shape"])
    return out


def tensors(line):
    d = json.loads(line)
    b, s = d["batch"], d["seq"]
    L = lambda k: torch.tensor(d[k], dtype=torch.long)
    return (L("input_ids").reshape(b, s), L("token_type_ids").reshape(b, s), L("attention_mask").reshape(b, s),
            L("masked_positions"), L("masked_labels"), L("nsp_labels")), b * s


def evaluate(model, path):
    model.eval()
    loss_sum = masked = mlm_ok = nsp_ok = examples = 0
    with torch.no_grad(), open(path) as f:
        for line in f:
            args, _ = tensors(line)
            _, mlm, _, mlm_logits, nsp_logits = model(*args)
            n = args[4].numel()
            loss_sum += mlm.item() * n
            masked += n
            mlm_ok += (mlm_logits.argmax(-1) == args[4]).sum().item()
            nsp_ok += (nsp_logits.argmax(-1) == args[5]).sum().item()
            examples += args[0].shape[0]
    model.train()
    return {"mlm_loss": loss_sum / masked, "mlm_accuracy": mlm_ok / masked, "nsp_accuracy": nsp_ok / examples}


def main(export, threads):
    torch.set_num_threads(threads)
    torch.manual_seed(0)
    run = json.load(open(os.path.join(export, "run.json")))
    model = BertForPreTraining(run["config"])
    model.load_state_dict(read_safetensors(os.path.join(export, "init.safetensors")), strict=True)
    decay = [p for n, p in model.named_parameters() if not (n.endswith(".bias") or "LayerNorm" in n)]
    no_decay = [p for n, p in model.named_parameters() if n.endswith(".bias") or "LayerNorm" in n]
    opt = torch.optim.AdamW([{"params": decay, "weight_decay": run["weightDecay"]}, {"params": no_decay, "weight_decay": 0.0}],
                            lr=run["lr"], betas=(0.9, 0.999), eps=1e-6)
    steps, warmup, accum, peak = run["steps"], run["warmup_steps"], run["accumulation"], run["lr"]

    def lr_at(step):
        if step < warmup:
            return peak * (step + 1) / warmup
        return peak if steps == warmup else peak * max(0.0, (steps - step) / (steps - warmup))

    model.train()
    start = time.time()
    with open(os.path.join(export, "train.jsonl")) as f:
        for step in range(steps):
            opt.zero_grad(set_to_none=True)
            total = 0.0
            for _ in range(accum):
                args, _ = tensors(f.readline())
                loss = model(*args)[0] / accum
                loss.backward()
                total += loss.item()
            torch.nn.utils.clip_grad_norm_(model.parameters(), run["clip"])
            for g in opt.param_groups:
                g["lr"] = lr_at(step)
            opt.step()
            if (step + 1) % 10 == 0:
                print(f"step {step + 1} loss {total:.4f} ({time.time() - start:.0f} s)", flush=True)
    result = {"steps": steps, "seconds": time.time() - start}
    for name in sorted(os.listdir(export)):
        if name.startswith("eval-"):
            result[name[5:-6]] = evaluate(model, os.path.join(export, name))
    print(json.dumps(result))


if __name__ == "__main__":
    main(sys.argv[1], int(sys.argv[2]))
