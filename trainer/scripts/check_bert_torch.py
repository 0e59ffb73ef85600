"""PyTorch reference for the Java BertForPreTraining (BertVsPyTorchTest).

Usage: /usr/bin/python3 check_bert_torch.py IN.json OUT.json

IN.json: the config.json fields, every parameter by its Hugging Face name, the batch (ids,
token types, attention mask, masked positions and labels, NSP labels). OUT.json: the losses,
the MLM and NSP logits and the gradient of the total loss for every parameter (float32).
"""
import json
import sys

import torch

from bert_torch import BertForPreTraining


def main(inp, outp):
    with open(inp) as f:
        spec = json.load(f)
    model = BertForPreTraining(spec["config"])
    state = {n: torch.tensor(e["data"], dtype=torch.float32).reshape(e["shape"]) for n, e in spec["params"].items()}
    model.load_state_dict(state, strict=True)
    model.eval()  # no dropout
    b, s = spec["batch"], spec["seq"]
    longs = lambda k: torch.tensor(spec[k], dtype=torch.long)
    loss, mlm, nsp, mlm_logits, nsp_logits = model(
        longs("input_ids").reshape(b, s), longs("token_type_ids").reshape(b, s), longs("attention_mask").reshape(b, s),
        longs("masked_positions"), longs("masked_labels"), longs("nsp_labels"))
    loss.backward()
    flat = lambda t: t.detach().reshape(-1).tolist()
    out = {
        "loss": loss.item(), "mlm_loss": mlm.item(), "nsp_loss": nsp.item(),
        "mlm_logits": flat(mlm_logits), "nsp_logits": flat(nsp_logits),
        "grads": {n: flat(p.grad) for n, p in model.named_parameters()},
    }
    with open(outp, "w") as f:
        json.dump(out, f)


if __name__ == "__main__":
    torch.set_num_threads(1)
    main(sys.argv[1], sys.argv[2])
