"""A decoder-only GPT, in the spirit of nanoGPT's model.py.

Token + learned position embeddings, pre-LayerNorm blocks of causal self-attention and a 4x GELU MLP,
a final LayerNorm and a language-model head tied to the token embedding. forward() takes an optional
key/value cache; generation's one-token fast path is in inference.py.
"""

from __future__ import annotations

import math

import torch
import torch.nn as nn
from torch.nn import functional as F

from playground.core.config import ModelConfig
from playground.core.inference import KVCache


# the most logits computed by one operation while training: 4M numbers, 16 MB in float32
HEAD_CHUNK = 1 << 22
# Up to this many positions, causal attention on a CPU is computed explicitly (see causal_attention)
EXPLICIT_ATTENTION_MAX_T = 128


class LayerNorm(nn.Module):
    """LayerNorm with an optional bias (torch's own cannot drop just the bias before 2.1)."""

    def __init__(self, ndim: int, bias: bool):
        super().__init__()
        self.weight = nn.Parameter(torch.ones(ndim))
        self.bias = nn.Parameter(torch.zeros(ndim)) if bias else None

    def forward(self, x):
        return F.layer_norm(x, self.weight.shape, self.weight, self.bias, 1e-5)


class CausalSelfAttention(nn.Module):

    def __init__(self, config: ModelConfig):
        super().__init__()
        assert config.n_embd % config.n_head == 0
        # query, key and value projections for all heads, in one matmul
        self.c_attn = nn.Linear(config.n_embd, 3 * config.n_embd, bias=config.bias)
        self.c_proj = nn.Linear(config.n_embd, config.n_embd, bias=config.bias)
        self.resid_dropout = nn.Dropout(config.dropout)
        self.n_head = config.n_head
        # 0 on the diagonal and below, -inf above: added to the scores of the explicit path
        t = min(config.block_size, EXPLICIT_ATTENTION_MAX_T)
        self.register_buffer("causal_bias", causal_bias(t), persistent=False)
        # a list while the inspection (inspection.py) asks for the attention weights: each forward appends
        # its (B, nh, T, T) weights; None otherwise, and the forward is as fast as ever
        self.keep_weights: list | None = None

    def forward(self, x, cache: KVCache | None = None, layer: int = 0):
        B, T, C = x.size()
        # (3, B, nh, T, hs): q, k and v of every head as views of the one projection (no copies); few
        # operations matter when generating, where each step is a single token and time goes to overhead
        qkv = self.c_attn(x).view(B, T, 3, self.n_head, C // self.n_head).permute(2, 0, 3, 1, 4)
        q, k, v = qkv.unbind(0)  # (B, nh, T, hs)
        causal, mask = True, None
        if cache is not None:
            k, v = cache.store(layer, qkv)  # (B, nh, pos + T, hs): the cached positions, then these
            causal, mask = cache.mask(T, x.device)
        # No dropout on the attention weights, only on the residual branches (as the Keras example this
        # project grew from, and most recent models): on a CPU, attention dropout forces PyTorch's unfused
        # attention, which made a step of the `small` preset 1.7x slower and an uninterruptible 1.5 s long.
        if self.keep_weights is not None and cache is None:
            # the explicit path of short windows, at any length: the weights are the ones that make y
            bias = self.causal_bias if T <= self.causal_bias.size(0) else causal_bias(T, x.device).to(q.dtype)
            att = attention_weights(q, k, bias)
            self.keep_weights.append(att.view(B, -1, T, T))
            y = torch.bmm(att, v.reshape(B * self.n_head, T, -1)).view_as(q)
        elif causal and T <= EXPLICIT_ATTENTION_MAX_T and x.device.type == "cpu":
            y = causal_attention(q, k, v, self.causal_bias)
        else:
            y = F.scaled_dot_product_attention(q, k, v, attn_mask=mask, is_causal=causal)
        y = y.transpose(1, 2).reshape(B, T, C)  # (B, T, C): all head outputs side by side
        y = self.c_proj(y)
        return self.resid_dropout(y) if self.training and self.resid_dropout.p else y


def causal_attention(q, k, v, bias):
    """softmax(q k^T / sqrt(hs) + causal bias) v as three batched products, for q, k, v of (B, nh, T, hs).

    For short windows on a CPU this is faster than scaled_dot_product_attention's flash kernel, whose
    blocking costs more than the (T, T) scores it avoids: alone, forward and backward of one `baby` layer
    (T = 64) take 2.8-3.3 ms instead of 3.5-4.0 ms; whole training steps of `tiny` are 1.13-1.17x faster,
    of `baby` no measurably so (its matrix products dominate). From T = 256 on, the kernel wins.
    """
    B, nh, T, hs = q.shape
    return torch.bmm(attention_weights(q, k, bias), v.reshape(B * nh, T, hs)).view(B, nh, T, hs)


def attention_weights(q, k, bias):
    """softmax(q k^T / sqrt(hs) + causal bias) of shape (B * nh, T, T): row i, how much query i takes of each key."""
    B, nh, T, hs = q.shape
    scores = torch.baddbmm(bias[:T, :T], q.reshape(B * nh, T, hs),
                           k.reshape(B * nh, T, hs).transpose(1, 2), alpha=1.0 / math.sqrt(hs))
    return torch.softmax(scores, dim=-1)


def causal_bias(t: int, device=None) -> torch.Tensor:
    """(t, t): 0 on the diagonal and below, -inf above; added to attention scores, it hides the future."""
    return torch.full((t, t), float("-inf"), device=device).triu(1)


class MLP(nn.Module):

    def __init__(self, config: ModelConfig):
        super().__init__()
        self.c_fc = nn.Linear(config.n_embd, 4 * config.n_embd, bias=config.bias)
        self.gelu = nn.GELU()
        self.c_proj = nn.Linear(4 * config.n_embd, config.n_embd, bias=config.bias)
        self.dropout = nn.Dropout(config.dropout)

    def forward(self, x):
        x = self.c_proj(self.gelu(self.c_fc(x)))
        return self.dropout(x) if self.training and self.dropout.p else x


class Block(nn.Module):

    def __init__(self, config: ModelConfig):
        super().__init__()
        self.ln_1 = LayerNorm(config.n_embd, bias=config.bias)
        self.attn = CausalSelfAttention(config)
        self.ln_2 = LayerNorm(config.n_embd, bias=config.bias)
        self.mlp = MLP(config)

    def forward(self, x, cache: KVCache | None = None, layer: int = 0):
        x = x + self.attn(self.ln_1(x), cache, layer)
        return x + self.mlp(self.ln_2(x))


class GPT(nn.Module):

    def __init__(self, config: ModelConfig):
        super().__init__()
        config.validate()
        if config.vocab_size < 1:
            raise ValueError("vocab_size must be set from the tokenizer before building the model")
        self.config = config
        self.transformer = nn.ModuleDict(dict(
            wte=nn.Embedding(config.vocab_size, config.n_embd),
            wpe=nn.Embedding(config.block_size, config.n_embd),
            drop=nn.Dropout(config.dropout),
            h=nn.ModuleList([Block(config) for _ in range(config.n_layer)]),
            ln_f=LayerNorm(config.n_embd, bias=config.bias),
        ))
        self.lm_head = nn.Linear(config.n_embd, config.vocab_size, bias=False)
        # weight tying: the input embedding and the output projection share one matrix
        self.transformer.wte.weight = self.lm_head.weight
        self.apply(self._init_weights)
        # GPT-2: scale the residual projections by 1/sqrt(2 * n_layer) so the residual stream's variance
        # does not grow with depth
        for name, p in self.named_parameters():
            if name.endswith("c_proj.weight"):
                torch.nn.init.normal_(p, mean=0.0, std=0.02 / math.sqrt(2 * config.n_layer))

    def _init_weights(self, module):
        if isinstance(module, nn.Linear):
            torch.nn.init.normal_(module.weight, mean=0.0, std=0.02)
            if module.bias is not None:
                torch.nn.init.zeros_(module.bias)
        elif isinstance(module, nn.Embedding):
            torch.nn.init.normal_(module.weight, mean=0.0, std=0.02)

    def num_params(self, non_embedding: bool = False) -> int:
        """Parameter count; with `non_embedding`, position embeddings are left out (as nanoGPT reports).

        The token embedding is counted once: it is the same matrix as the output head.
        """
        n = sum(p.numel() for p in self.parameters())
        if non_embedding:
            n -= self.transformer.wpe.weight.numel()
        return n

    def flops_per_token(self) -> int:
        """Training FLOPs per token (forward + backward), the PaLM paper's estimate used by nanoGPT."""
        c = self.config
        return 6 * self.num_params(non_embedding=True) + 12 * c.n_layer * c.block_size * c.n_embd

    def forward(self, idx, targets=None, cache: KVCache | None = None):
        """Logits for `idx` (B, T); with `targets`, also the mean cross-entropy loss.

        Without targets only the last position's logits are computed, which is all generation needs. With
        targets and a batch whose logits exceed HEAD_CHUNK numbers, the logits are None (see below).
        """
        B, T = idx.size()
        x = self.hidden(idx, cache)
        if targets is None:
            # only the last position's logits: layer norm and head on one token, not T
            return self.lm_head(self.transformer.ln_f(x[:, -1:, :])), None
        x = self.transformer.ln_f(x).view(B * T, -1)
        targets = targets.reshape(-1)
        rows = max(1, HEAD_CHUNK // self.config.vocab_size)
        if rows >= B * T:
            logits = self.lm_head(x)
            return logits.view(B, T, -1), F.cross_entropy(logits, targets)
        # With a big vocabulary the head is the largest single operation of a step (at the `article` preset,
        # 0.4 s forward and 0.8 s backward on a laptop CPU) and nothing can interrupt an operation. In chunks
        # of rows, Stop lands between two of them (see interrupts.py). The logits of every chunk are not kept
        # together: callers that need them pass no targets.
        loss = sum(F.cross_entropy(self.lm_head(xc), tc, reduction="sum")
                   for xc, tc in zip(x.split(rows), targets.split(rows)))
        return None, loss / (B * T)

    def hidden(self, idx, cache: KVCache | None = None):
        """The residual stream after the last block, (B, T, n_embd), before the final LayerNorm."""
        T = idx.size(1)
        start = cache.pos if cache is not None else 0
        if start + T > self.config.block_size:
            raise ValueError(f"sequence of {start + T} tokens exceeds the context window {self.config.block_size}")
        # positions start..start+T-1 are consecutive: a slice of the table, no index tensor needed
        x = self.transformer.wte(idx) + self.transformer.wpe.weight[start:start + T]
        if self.training and self.config.dropout:
            x = self.transformer.drop(x)
        for i, block in enumerate(self.transformer.h):
            x = block(x, cache, i)
        if cache is not None:
            cache.pos += T
        return x

    def configure_optimizer(self, weight_decay: float, learning_rate: float, betas, device_type: str):
        """AdamW with weight decay on matrices (embeddings, Linear weights) only, not on biases or norms."""
        params = [p for p in self.parameters() if p.requires_grad]
        decay = [p for p in params if p.dim() >= 2]
        no_decay = [p for p in params if p.dim() < 2]
        groups = [
            {"params": decay, "weight_decay": weight_decay},
            {"params": no_decay, "weight_decay": 0.0},
        ]
        # The fused kernel is the fastest everywhere torch has one (CUDA, and CPU since torch 2.4: one pass over
        # each tensor instead of a dozen; at the `baby` size 5x faster than foreach, which on CPU is a Python
        # loop in disguise). foreach is the fallback.
        try:
            return torch.optim.AdamW(groups, lr=learning_rate, betas=betas, fused=True)
        except (RuntimeError, ValueError):
            return torch.optim.AdamW(groups, lr=learning_rate, betas=betas, foreach=True)


def meta_model(config: ModelConfig) -> GPT:
    """The GPT of `config` on the `meta` device: every shape, no memory (a 60-billion-parameter one costs
    nothing), for checking files against it before anything real is built."""
    with torch.device("meta"):
        return GPT(config)
