"""A decoder-only GPT, in the spirit of nanoGPT's model.py, with a key/value cache for generation.

Token + learned position embeddings, pre-LayerNorm blocks of causal self-attention and a 4x GELU MLP,
a final LayerNorm and a language-model head tied to the token embedding.
"""

from __future__ import annotations

import math

import torch
import torch.nn as nn
from torch.nn import functional as F

from playground.core.config import ModelConfig


# the most logits computed by one operation while training: 4M numbers, 16 MB in float32
HEAD_CHUNK = 1 << 22
# Up to this many positions, causal attention on a CPU is computed explicitly (see _causal_attention)
EXPLICIT_ATTENTION_MAX_T = 128


class LayerNorm(nn.Module):
    """LayerNorm with an optional bias (torch's own cannot drop just the bias before 2.1)."""

    def __init__(self, ndim: int, bias: bool):
        super().__init__()
        self.weight = nn.Parameter(torch.ones(ndim))
        self.bias = nn.Parameter(torch.zeros(ndim)) if bias else None

    def forward(self, x):
        return F.layer_norm(x, self.weight.shape, self.weight, self.bias, 1e-5)


def _linear(x, w_t, bias=None, residual=None):
    """x @ w_t (+ bias) (+ residual), with the residual add done inside the product (addmm)."""
    out = torch.mm(x, w_t) if residual is None else torch.addmm(residual, x, w_t)
    return out if bias is None else out.add_(bias)


class KVCache:
    """Keys and values of every layer for the tokens seen so far, preallocated to the context window.

    Writing into fixed buffers (instead of concatenating per token) keeps each generation step O(1) in
    allocations. `pos` is how many positions are filled.
    """

    def __init__(self, config: ModelConfig, batch: int, device, dtype):
        hs = config.n_embd // config.n_head
        # keys and values of a layer side by side in one buffer, so that a step writes both with one copy
        shape = (2, batch, config.n_head, config.block_size, hs)
        self.kv = [torch.zeros(shape, device=device, dtype=dtype) for _ in range(config.n_layer)]
        self.pos = 0
        self.weights = None  # what GPT.decode reads, gathered on its first call

    def reset(self) -> None:
        """Empty the cache, keeping its buffers and gathered weights: positions past `pos` are never read."""
        self.pos = 0

    @property
    def k(self) -> list[torch.Tensor]:
        return [kv[0] for kv in self.kv]

    @property
    def v(self) -> list[torch.Tensor]:
        return [kv[1] for kv in self.kv]


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
        self.register_buffer("causal_bias", torch.full((t, t), float("-inf")).triu(1), persistent=False)

    def forward(self, x, cache: KVCache | None = None, layer: int = 0):
        B, T, C = x.size()
        # (3, B, nh, T, hs): q, k and v of every head as views of the one projection (no copies); few
        # operations matter when generating, where each step is a single token and time goes to overhead
        qkv = self.c_attn(x).view(B, T, 3, self.n_head, C // self.n_head).permute(2, 0, 3, 1, 4)
        q, k, v = qkv.unbind(0)
        mask, causal = None, True
        if cache is not None:
            p = cache.pos
            kv = cache.kv[layer]
            kv.narrow(3, p, T).copy_(qkv[1:])
            k, v = kv.narrow(3, 0, p + T).unbind(0)
            if p > 0:
                # new queries see all cached positions and the new ones up to themselves
                causal = False
                if T > 1:
                    mask = torch.ones(T, p + T, dtype=torch.bool, device=x.device).tril(diagonal=p)
        # No dropout on the attention weights, only on the residual branches (as the Keras example this
        # project grew from, and most recent models): on a CPU, attention dropout forces PyTorch's unfused
        # attention, which made a step of the `small` preset 1.7x slower and an uninterruptible 1.5 s long.
        if causal and T <= EXPLICIT_ATTENTION_MAX_T and x.device.type == "cpu":
            y = self._causal_attention(q, k, v)
        else:
            y = F.scaled_dot_product_attention(q, k, v, attn_mask=mask, is_causal=causal and mask is None)
        y = y.transpose(1, 2).reshape(B, T, C)  # re-assemble all head outputs side by side
        y = self.c_proj(y)
        return self.resid_dropout(y) if self.training and self.resid_dropout.p else y

    def _causal_attention(self, q, k, v):
        """softmax(q k^T / sqrt(hs) + causal bias) v as three batched products.

        For short windows on a CPU this is faster than scaled_dot_product_attention's flash kernel, whose
        blocking costs more than the (T, T) scores it avoids: alone, forward and backward of one `baby` layer
        (T = 64) take 2.8-3.3 ms instead of 3.5-4.0 ms; whole training steps of `tiny` are 1.13-1.17x faster,
        of `baby` no measurably so (its matrix products dominate). From T = 256 on, the kernel wins.
        """
        B, nh, T, hs = q.shape
        scores = torch.baddbmm(self.causal_bias[:T, :T], q.reshape(B * nh, T, hs),
                               k.reshape(B * nh, T, hs).transpose(1, 2), alpha=1.0 / math.sqrt(hs))
        return torch.bmm(torch.softmax(scores, dim=-1), v.reshape(B * nh, T, hs)).view(B, nh, T, hs)


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
        # of rows, Stop lands between two of them (see trainer._interrupt_hooks). The logits of every chunk
        # are not kept together: callers that need them pass no targets.
        loss = sum(F.cross_entropy(self.lm_head(xc), tc, reduction="sum")
                   for xc, tc in zip(x.split(rows), targets.split(rows)))
        return None, loss / (B * T)

    @torch.no_grad()
    def decode(self, idx: torch.Tensor, cache: KVCache) -> torch.Tensor:
        """Logits (B, vocab) for one new token per sequence, `idx` of shape (B,), placed after the cache.

        The same computation as forward() with a cache and T = 1, written for a small model, where producing
        one token is all per-operation overhead (about 10 microseconds each on a laptop CPU, whatever the
        size): no module calls, the weights gathered once per cache (the query projection pre-scaled for
        attention), the residual adds folded into the matrix products, attention for one query as two 3-D
        batched products and a softmax (faster to dispatch than scaled_dot_product_attention, or than a 4-D
        `@`, which goes through matmul's reshapes), narrow/select instead of Python indexing, torch.layer_norm
        without F's Python wrapper. At the `baby` size a token takes about a fifth of the time of forward()
        over the whole window.
        """
        c, p = self.config, cache.pos
        if p >= c.block_size:
            raise ValueError(f"the cache already holds the whole context window ({c.block_size} tokens)")
        if cache.weights is None:
            cache.weights = self._decode_weights()
        C, nh = c.n_embd, c.n_head
        hs = C // nh
        wte, wpe, layers, (lnf_w, lnf_b), head = cache.weights
        x = torch.add(torch.embedding(wte, idx), wpe.select(0, p))  # (B, C)
        B = x.size(0)
        for (ln1_w, ln1_b, qkv_w, qkv_b, proj_w, proj_b, ln2_w, ln2_b, fc_w, fc_b, fc2_w, fc2_b), kv in zip(
                layers, cache.kv):
            qkv = _linear(torch.layer_norm(x, (C,), ln1_w, ln1_b, 1e-5), qkv_w, qkv_b).view(B, 3, nh, hs)
            kv.select(3, p).copy_(qkv.narrow(1, 1, 2).transpose(0, 1))
            k, v = kv.narrow(3, 0, p + 1).flatten(1, 2).unbind(0)  # (B * nh, p+1, hs)
            q = qkv.select(1, 0).reshape(B * nh, 1, hs)  # pre-scaled by 1/sqrt(hs)
            att = torch.softmax(torch.bmm(q, k.transpose(1, 2)), dim=-1)
            x = _linear(torch.bmm(att, v).view(B, C), proj_w, proj_b, x)
            h = _linear(torch.layer_norm(x, (C,), ln2_w, ln2_b, 1e-5), fc_w, fc_b)
            x = _linear(F.gelu(h), fc2_w, fc2_b, x)
        cache.pos += 1
        return torch.layer_norm(x, (C,), lnf_w, lnf_b, 1e-5) @ head

    def _decode_weights(self):
        """The tensors decode() reads: Linear weights as transposed copies, the query projection's scaled by
        attention's 1/sqrt(head size) so no step has to.

        One row times a transposed view of a weight is a slower product than times a contiguous matrix of
        the same shape: 12 against 16 us for a `baby` MLP layer, 0.75 against 2.2 ms for the head of a
        10,000-token vocabulary at n_embd 512 (2 threads). The copies cost as much memory as the model and
        live as long as the cache.
        """
        def linear(m):
            return m.weight.t().contiguous(), m.bias

        def scaled_qkv(m):
            C = self.config.n_embd
            scale = torch.ones(3 * C, dtype=m.weight.dtype, device=m.weight.device)
            scale[:C] = 1.0 / math.sqrt(C // self.config.n_head)
            return (m.weight.t() * scale).contiguous(), (None if m.bias is None else m.bias * scale)
        tr = self.transformer
        layers = [(b.ln_1.weight, b.ln_1.bias, *scaled_qkv(b.attn.c_attn), *linear(b.attn.c_proj),
                   b.ln_2.weight, b.ln_2.bias, *linear(b.mlp.c_fc), *linear(b.mlp.c_proj)) for b in tr.h]
        return tr.wte.weight, tr.wpe.weight, layers, (tr.ln_f.weight, tr.ln_f.bias), linear(self.lm_head)[0]

    def new_cache(self, batch: int = 1) -> KVCache:
        p = self.lm_head.weight
        return KVCache(self.config, batch, p.device, p.dtype)

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
