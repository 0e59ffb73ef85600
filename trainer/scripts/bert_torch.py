"""BERT for pre-training in plain PyTorch, written independently of the Java code, with
Hugging Face's module names, so its state_dict keys equal the Java model's parameter names
(io.bertstream.trainer.bert). Used by check_bert_torch.py (forward/backward check) and
train_bench_torch.py (training speed baseline). Post-LayerNorm, exact GELU, tied MLM decoder,
MLM logits computed at the masked positions only (as the Java model does)."""
import math

import torch
import torch.nn as nn
import torch.nn.functional as F

MASKED_SCORE = -10000.0


class Embeddings(nn.Module):
    def __init__(self, c):
        super().__init__()
        self.word_embeddings = nn.Embedding(c["vocab_size"], c["hidden_size"])
        self.position_embeddings = nn.Embedding(c["max_position_embeddings"], c["hidden_size"])
        self.token_type_embeddings = nn.Embedding(c["type_vocab_size"], c["hidden_size"])
        self.LayerNorm = nn.LayerNorm(c["hidden_size"], eps=c["layer_norm_eps"])
        self.dropout = nn.Dropout(c["hidden_dropout_prob"])

    def forward(self, ids, types):
        pos = torch.arange(ids.shape[1])
        x = self.word_embeddings(ids) + self.token_type_embeddings(types) + self.position_embeddings(pos)
        return self.dropout(self.LayerNorm(x))


class SelfAttention(nn.Module):
    def __init__(self, c):
        super().__init__()
        h = c["hidden_size"]
        self.heads = c["num_attention_heads"]
        self.query, self.key, self.value = nn.Linear(h, h), nn.Linear(h, h), nn.Linear(h, h)
        self.dropout = nn.Dropout(c["attention_probs_dropout_prob"])

    def forward(self, x, mask_bias):
        b, s, h = x.shape
        d = h // self.heads
        split = lambda t: t.reshape(b, s, self.heads, d).transpose(1, 2)
        q, k, v = split(self.query(x)), split(self.key(x)), split(self.value(x))
        probs = self.dropout(torch.softmax(q @ k.transpose(-1, -2) / math.sqrt(d) + mask_bias, dim=-1))
        return (probs @ v).transpose(1, 2).reshape(b, s, h)


class DenseNorm(nn.Module):
    """dense, dropout, residual, LayerNorm: HF's BertSelfOutput and BertOutput."""

    def __init__(self, c, n_in):
        super().__init__()
        self.dense = nn.Linear(n_in, c["hidden_size"])
        self.LayerNorm = nn.LayerNorm(c["hidden_size"], eps=c["layer_norm_eps"])
        self.dropout = nn.Dropout(c["hidden_dropout_prob"])

    def forward(self, t, residual):
        return self.LayerNorm(residual + self.dropout(self.dense(t)))


class Attention(nn.Module):
    def __init__(self, c):
        super().__init__()
        self.add_module("self", SelfAttention(c))
        self.output = DenseNorm(c, c["hidden_size"])

    def forward(this, x, mask_bias):
        return this.output(getattr(this, "self")(x, mask_bias), x)


class Intermediate(nn.Module):
    def __init__(self, c):
        super().__init__()
        self.dense = nn.Linear(c["hidden_size"], c["intermediate_size"])

    def forward(self, x):
        return F.gelu(self.dense(x))


class Layer(nn.Module):
    def __init__(self, c):
        super().__init__()
        self.attention = Attention(c)
        self.intermediate = Intermediate(c)
        self.output = DenseNorm(c, c["intermediate_size"])

    def forward(self, x, mask_bias):
        h = self.attention(x, mask_bias)
        return self.output(self.intermediate(h), h)


class Encoder(nn.Module):
    def __init__(self, c):
        super().__init__()
        self.layer = nn.ModuleList([Layer(c) for _ in range(c["num_hidden_layers"])])


class Pooler(nn.Module):
    def __init__(self, c):
        super().__init__()
        self.dense = nn.Linear(c["hidden_size"], c["hidden_size"])


class Bert(nn.Module):
    def __init__(self, c):
        super().__init__()
        self.embeddings = Embeddings(c)
        self.encoder = Encoder(c)
        self.pooler = Pooler(c)

    def forward(self, ids, types, mask):
        bias = ((1.0 - mask.float()) * MASKED_SCORE)[:, None, None, :]
        x = self.embeddings(ids, types)
        for layer in self.encoder.layer:
            x = layer(x, bias)
        return x, torch.tanh(self.pooler.dense(x[:, 0]))


class Transform(nn.Module):
    def __init__(self, c):
        super().__init__()
        self.dense = nn.Linear(c["hidden_size"], c["hidden_size"])
        self.LayerNorm = nn.LayerNorm(c["hidden_size"], eps=c["layer_norm_eps"])


class Predictions(nn.Module):
    def __init__(self, c):
        super().__init__()
        self.transform = Transform(c)
        self.bias = nn.Parameter(torch.zeros(c["vocab_size"]))


class Heads(nn.Module):
    def __init__(self, c):
        super().__init__()
        self.predictions = Predictions(c)
        self.seq_relationship = nn.Linear(c["hidden_size"], 2)


class BertForPreTraining(nn.Module):
    def __init__(self, c):
        super().__init__()
        self.bert = Bert(c)
        self.cls = Heads(c)

    def forward(self, ids, types, mask, masked_positions, masked_labels, nsp_labels):
        """masked_positions: flat indices b*seq+s. Returns (loss, mlm_loss, nsp_loss, mlm_logits, nsp_logits)."""
        seq_out, pooled = self.bert(ids, types, mask)
        rows = seq_out.reshape(-1, seq_out.shape[-1])[masked_positions]
        t = self.cls.predictions.transform
        h = t.LayerNorm(F.gelu(t.dense(rows)))
        mlm_logits = F.linear(h, self.bert.embeddings.word_embeddings.weight, self.cls.predictions.bias)
        nsp_logits = self.cls.seq_relationship(pooled)
        mlm_loss = F.cross_entropy(mlm_logits, masked_labels)
        nsp_loss = F.cross_entropy(nsp_logits, nsp_labels)
        return mlm_loss + nsp_loss, mlm_loss, nsp_loss, mlm_logits, nsp_logits
