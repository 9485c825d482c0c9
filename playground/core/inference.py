"""Generation's fast path: a key/value cache, and one-token decoding written for small models on a CPU.

    cache = new_cache(model)
    logits = model(prompt, cache=cache)[0]       # the prompt, through GPT.forward, fills the cache
    logits = decode(model, next_token, cache)    # then one token at a time

`decode` computes what GPT.forward computes with a cache and one new token, with far fewer operations.
"""

from __future__ import annotations

import math

import torch
from torch.nn import functional as F

from playground.core.config import ModelConfig


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
        self.weights = None  # what `decode` reads, gathered on its first call

    def reset(self) -> None:
        """Empty the cache, keeping its buffers and gathered weights: positions past `pos` are never read."""
        self.pos = 0

    def store(self, layer: int, qkv: torch.Tensor) -> tuple[torch.Tensor, torch.Tensor]:
        """Write the keys and values of T new positions, from `qkv` (3, B, nh, T, hs), after the cached ones;
        return the keys and values of all positions so far, (B, nh, pos + T, hs) each."""
        T = qkv.size(3)
        kv = self.kv[layer]
        kv.narrow(3, self.pos, T).copy_(qkv[1:])
        k, v = kv.narrow(3, 0, self.pos + T).unbind(0)
        return k, v

    def mask(self, T: int, device) -> tuple[bool, torch.Tensor | None]:
        """(causal, mask) for the attention of T new queries: plain causal attention while the cache is empty;
        after it, each new query sees all cached positions and the new ones up to itself (a single query:
        all of them, no mask needed)."""
        if self.pos == 0:
            return True, None
        if T == 1:
            return False, None
        return False, torch.ones(T, self.pos + T, dtype=torch.bool, device=device).tril(diagonal=self.pos)


def new_cache(model, batch: int = 1) -> KVCache:
    """An empty cache for `model`, on its device and in its precision."""
    p = model.lm_head.weight
    return KVCache(model.config, batch, p.device, p.dtype)


@torch.no_grad()
def decode(model, idx: torch.Tensor, cache: KVCache) -> torch.Tensor:
    """Logits (B, vocab) for one new token per sequence, `idx` of shape (B,), placed after the cache.

    The same computation as GPT.forward() with a cache and T = 1, written for a small model, where producing
    one token is all per-operation overhead (about 10 microseconds each on a laptop CPU, whatever the
    size): no module calls, the weights gathered once per cache (the query projection pre-scaled for
    attention), the residual adds folded into the matrix products, attention for one query as two 3-D
    batched products and a softmax (faster to dispatch than scaled_dot_product_attention, or than a 4-D
    `@`, which goes through matmul's reshapes), narrow/select instead of Python indexing, torch.layer_norm
    without F's Python wrapper. At the `baby` size a token takes about a fifth of the time of forward()
    over the whole window.
    """
    c, p = model.config, cache.pos
    if p >= c.block_size:
        raise ValueError(f"the cache already holds the whole context window ({c.block_size} tokens)")
    if cache.weights is None:
        cache.weights = _decode_weights(model)
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


def _decode_weights(model):
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
        C = model.config.n_embd
        scale = torch.ones(3 * C, dtype=m.weight.dtype, device=m.weight.device)
        scale[:C] = 1.0 / math.sqrt(C // model.config.n_head)
        return (m.weight.t() * scale).contiguous(), (None if m.bias is None else m.bias * scale)
    tr = model.transformer
    layers = [(b.ln_1.weight, b.ln_1.bias, *scaled_qkv(b.attn.c_attn), *linear(b.attn.c_proj),
               b.ln_2.weight, b.ln_2.bias, *linear(b.mlp.c_fc), *linear(b.mlp.c_proj)) for b in tr.h]
    return tr.wte.weight, tr.wpe.weight, layers, (tr.ln_f.weight, tr.ln_f.bias), linear(model.lm_head)[0]


def _linear(x, w_t, bias=None, residual=None):
    """x @ w_t (+ bias) (+ residual), with the residual add done inside the product (addmm)."""
    out = torch.mm(x, w_t) if residual is None else torch.addmm(residual, x, w_t)
    return out if bias is None else out.add_(bias)
