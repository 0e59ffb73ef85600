"""torch.onnx.export of a BERT masked-LM, the baseline for OnnxBench.

Usage: /usr/bin/python3 export_bert_torch.py OUT.onnx [--vocab 8192] [--hidden 256] [--layers 4]
       [--heads 4] [--intermediate 1024] [--positions 512] [--seed 0]

The module mirrors Hugging Face's BertForMaskedLM (transformers 4.x modelling code, written out
here because Debian has no transformers package): the same parameter names, the extended
attention mask (1 - mask) * -10000, exact erf GELU, post-LayerNorm layers and the decoder tied
to the word embeddings. Random weights: only speed is compared. Exported the way optimum does
it: opset 17, constant folding, inputs input_ids / attention_mask / token_type_ids and output
logits with dynamic batch_size and sequence_length.
"""
import argparse
import math

import torch
from torch import nn


class SelfAttention(nn.Module):
    def __init__(self, hidden, heads):
        super().__init__()
        self.heads, self.head_size = heads, hidden // heads
        self.query, self.key, self.value = nn.Linear(hidden, hidden), nn.Linear(hidden, hidden), nn.Linear(hidden, hidden)

    def split(self, x):
        return x.view(x.size()[:-1] + (self.heads, self.head_size)).permute(0, 2, 1, 3)

    def forward(self, x, mask_bias):
        q, k, v = self.split(self.query(x)), self.split(self.key(x)), self.split(self.value(x))
        scores = torch.matmul(q, k.transpose(-1, -2)) / math.sqrt(self.head_size) + mask_bias
        context = torch.matmul(nn.functional.softmax(scores, dim=-1), v).permute(0, 2, 1, 3).contiguous()
        return context.view(context.size()[:-2] + (self.heads * self.head_size,))


class DenseLayerNorm(nn.Module):
    """BertSelfOutput / BertOutput: dense, residual add, LayerNorm."""

    def __init__(self, inp, hidden):
        super().__init__()
        self.dense, self.LayerNorm = nn.Linear(inp, hidden), nn.LayerNorm(hidden, eps=1e-12)

    def forward(self, x, residual):
        return self.LayerNorm(self.dense(x) + residual)


class Attention(nn.Module):
    def __init__(self, hidden, heads):
        super().__init__()
        self.self, self.output = SelfAttention(hidden, heads), DenseLayerNorm(hidden, hidden)

    def forward(self, x, mask_bias):
        return self.output(self.self(x, mask_bias), x)


class Intermediate(nn.Module):
    def __init__(self, hidden, inner):
        super().__init__()
        self.dense = nn.Linear(hidden, inner)

    def forward(self, x):
        return nn.functional.gelu(self.dense(x))


class Layer(nn.Module):
    def __init__(self, hidden, heads, inner):
        super().__init__()
        self.attention, self.intermediate = Attention(hidden, heads), Intermediate(hidden, inner)
        self.output = DenseLayerNorm(inner, hidden)

    def forward(self, x, mask_bias):
        a = self.attention(x, mask_bias)
        return self.output(self.intermediate(a), a)


class Encoder(nn.Module):
    def __init__(self, hidden, heads, inner, layers):
        super().__init__()
        self.layer = nn.ModuleList([Layer(hidden, heads, inner) for _ in range(layers)])

    def forward(self, x, mask_bias):
        for layer in self.layer:
            x = layer(x, mask_bias)
        return x


class Embeddings(nn.Module):
    def __init__(self, vocab, hidden, positions):
        super().__init__()
        self.word_embeddings = nn.Embedding(vocab, hidden, padding_idx=0)
        self.position_embeddings = nn.Embedding(positions, hidden)
        self.token_type_embeddings = nn.Embedding(2, hidden)
        self.LayerNorm = nn.LayerNorm(hidden, eps=1e-12)
        self.register_buffer("position_ids", torch.arange(positions).expand((1, -1)), persistent=False)

    def forward(self, input_ids, token_type_ids):
        position_ids = self.position_ids[:, : input_ids.size(1)]
        x = self.word_embeddings(input_ids) + self.token_type_embeddings(token_type_ids) + self.position_embeddings(position_ids)
        return self.LayerNorm(x)


class Bert(nn.Module):
    def __init__(self, a):
        super().__init__()
        self.embeddings = Embeddings(a.vocab, a.hidden, a.positions)
        self.encoder = Encoder(a.hidden, a.heads, a.intermediate, a.layers)

    def forward(self, input_ids, attention_mask, token_type_ids):
        mask_bias = (1.0 - attention_mask[:, None, None, :].to(torch.float32)) * -10000.0
        return self.encoder(self.embeddings(input_ids, token_type_ids), mask_bias)


class Transform(nn.Module):
    def __init__(self, hidden):
        super().__init__()
        self.dense, self.LayerNorm = nn.Linear(hidden, hidden), nn.LayerNorm(hidden, eps=1e-12)

    def forward(self, x):
        return self.LayerNorm(nn.functional.gelu(self.dense(x)))


class Predictions(nn.Module):
    def __init__(self, hidden, vocab):
        super().__init__()
        self.transform, self.decoder = Transform(hidden), nn.Linear(hidden, vocab, bias=False)
        self.bias = nn.Parameter(torch.zeros(vocab))

    def forward(self, x):
        return self.decoder(self.transform(x)) + self.bias


class Heads(nn.Module):
    def __init__(self, hidden, vocab):
        super().__init__()
        self.predictions = Predictions(hidden, vocab)

    def forward(self, x):
        return self.predictions(x)


class BertForMaskedLM(nn.Module):
    def __init__(self, a):
        super().__init__()
        self.bert, self.cls = Bert(a), Heads(a.hidden, a.vocab)
        self.cls.predictions.decoder.weight = self.bert.embeddings.word_embeddings.weight  # tied

    def forward(self, input_ids, attention_mask, token_type_ids):
        return self.cls(self.bert(input_ids, attention_mask, token_type_ids))


def main():
    p = argparse.ArgumentParser()
    p.add_argument("out")
    for name, default in [("vocab", 8192), ("hidden", 256), ("layers", 4), ("heads", 4), ("intermediate", 1024),
                          ("positions", 512), ("seed", 0)]:
        p.add_argument("--" + name, type=int, default=default)
    a = p.parse_args()
    torch.manual_seed(a.seed)
    model = BertForMaskedLM(a).eval()
    ids = torch.randint(1, a.vocab, (2, 16))
    inputs = (ids, torch.ones_like(ids), torch.zeros_like(ids))
    dynamic = {"batch_size": 0, "sequence_length": 1}
    with torch.no_grad():
        torch.onnx.export(model, inputs, a.out, opset_version=17, do_constant_folding=True,
                          input_names=["input_ids", "attention_mask", "token_type_ids"], output_names=["logits"],
                          dynamic_axes={"input_ids": {0: "batch_size", 1: "sequence_length"},
                                        "attention_mask": {0: "batch_size", 1: "sequence_length"},
                                        "token_type_ids": {0: "batch_size", 1: "sequence_length"},
                                        "logits": {0: "batch_size", 1: "sequence_length"}})


if __name__ == "__main__":
    main()
