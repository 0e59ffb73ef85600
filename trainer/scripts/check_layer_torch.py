"""PyTorch reference for ReferenceEncoderLayer (trainer/src/main/java/.../bench).

Usage: /usr/bin/python3 check_layer_torch.py IN.json OUT.json

IN.json holds the layer's weights, the input x [batch, seq, hidden], the keep mask, the
classifier weights and the token targets (with an ignore index). The same function is
written here independently with torch ops; OUT.json gets the layer output, the loss and
the gradient of the loss for x and every parameter, all float32.
"""
import json
import math
import sys

import torch
import torch.nn.functional as F


def tensor(entry):
    return torch.tensor(entry["data"], dtype=torch.float32).reshape(entry["shape"]).requires_grad_(True)


def encoder_layer(params, x, keep, heads, eps, masked_score, dropout=0.0):
    """ReferenceEncoderLayer.forward in torch: post-LayerNorm BERT layer, weights [out, in]."""
    batch, seq, hidden = x.shape
    dh = hidden // heads
    mask_bias = ((1.0 - keep) * masked_score).reshape(batch, 1, 1, seq)

    def linear(t, name):
        return F.linear(t, params[name + ".weight"], params[name + ".bias"])

    def heads_of(t):
        return t.reshape(batch, seq, heads, dh).permute(0, 2, 1, 3)

    q, k, v = heads_of(linear(x, "query")), heads_of(linear(x, "key")), heads_of(linear(x, "value"))
    scores = q @ k.transpose(-1, -2) / math.sqrt(dh) + mask_bias
    probs = F.dropout(torch.softmax(scores, dim=-1), dropout)
    context = (probs @ v).permute(0, 2, 1, 3).reshape(batch, seq, hidden)
    attended = F.dropout(linear(context, "attn_out"), dropout)
    h = F.layer_norm(x + attended, (hidden,), params["ln1.gamma"], params["ln1.beta"], eps)
    ff = F.dropout(linear(F.gelu(linear(h, "ffn_in")), "ffn_out"), dropout)  # exact erf GELU, as BERT
    return F.layer_norm(h + ff, (hidden,), params["ln2.gamma"], params["ln2.beta"], eps)


def main(inp, outp):
    with open(inp) as f:
        spec = json.load(f)
    params = {name: tensor(entry) for name, entry in spec["params"].items()}
    x = tensor(spec["x"])
    batch, seq, hidden = x.shape
    keep = torch.tensor(spec["keep"], dtype=torch.float32).reshape(batch, seq)
    out = encoder_layer(params, x, keep, spec["heads"], spec["layer_norm_eps"], spec["masked_score"])

    classes = tensor(spec["classifier"])
    logits = out.reshape(batch * seq, hidden) @ classes.t()
    targets = torch.tensor(spec["targets"], dtype=torch.long)
    loss = F.cross_entropy(logits, targets, ignore_index=spec["ignore_index"])
    loss.backward()

    grads = {name: p.grad.reshape(-1).tolist() for name, p in params.items()}
    grads["x"] = x.grad.reshape(-1).tolist()
    grads["classifier"] = classes.grad.reshape(-1).tolist()
    result = {"torch": torch.__version__, "out": out.detach().reshape(-1).tolist(), "loss": loss.item(), "grads": grads}
    with open(outp, "w") as f:
        json.dump(result, f)


if __name__ == "__main__":
    main(sys.argv[1], sys.argv[2])
