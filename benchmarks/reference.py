"""Reference implementations the engine is compared with, written for these benchmarks.

- `PlainGPT` + `PlainTrainer`: the straightforward way to write this model and loop in PyTorch, in the
  style of nanoGPT's model.py/train.py (modules called one by one, a batch built with one slice per row and
  `torch.stack`, `loss.item()` every step, AdamW from torch). It is what a careful person writes by hand.
- `HFTrainer`: Hugging Face `transformers`' `GPT2LMHeadModel` built with the identical configuration
  (n_positions = context, n_embd, n_layer, n_head, vocabulary, every dropout 0, GPT-2's own GELU, SDPA
  attention), driven by the same loop and the same optimizer; optionally with the exact GELU our model uses.
- `recompute_generate`: generation that feeds the whole (cropped) context through the model for every new
  token, as nanoGPT's `generate` does; the baseline for the key/value cache.

All three optimizers are the AdamW that Hugging Face's Trainer uses by default on torch >= 2.8 (the fused
kernel where torch has one for the device), with the engine's settings: decay 0.1 on matrices only, betas
(0.9, 0.99), warmup then cosine schedule, gradient clipping at 1.0.
"""

from __future__ import annotations

import math

import numpy as np
import torch
import torch.nn as nn
from torch.nn import functional as F


def adamw(model: nn.Module, lr: float, weight_decay: float = 0.1, betas=(0.9, 0.99)) -> torch.optim.AdamW:
    params = [p for p in model.parameters() if p.requires_grad]
    groups = [{"params": [p for p in params if p.dim() >= 2], "weight_decay": weight_decay},
              {"params": [p for p in params if p.dim() < 2], "weight_decay": 0.0}]
    try:
        return torch.optim.AdamW(groups, lr=lr, betas=betas, fused=True)
    except (RuntimeError, ValueError):  # no fused kernel for this device/torch
        return torch.optim.AdamW(groups, lr=lr, betas=betas)


def cosine_lr(it: int, lr: float, min_lr: float, warmup: int, decay: int) -> float:
    if it < warmup:
        return lr * (it + 1) / (warmup + 1)
    if it >= decay:
        return min_lr
    ratio = (it - warmup) / max(1, decay - warmup)
    return min_lr + 0.5 * (1.0 + math.cos(math.pi * ratio)) * (lr - min_lr)


# --- a plain GPT ---

class PlainAttention(nn.Module):
    def __init__(self, n_embd, n_head, bias):
        super().__init__()
        self.n_head = n_head
        self.qkv = nn.Linear(n_embd, 3 * n_embd, bias=bias)
        self.out = nn.Linear(n_embd, n_embd, bias=bias)

    def forward(self, x):
        B, T, C = x.shape
        q, k, v = self.qkv(x).chunk(3, dim=-1)
        shape = (B, T, self.n_head, C // self.n_head)
        q, k, v = (t.reshape(shape).transpose(1, 2) for t in (q, k, v))
        y = F.scaled_dot_product_attention(q, k, v, is_causal=True)
        return self.out(y.transpose(1, 2).reshape(B, T, C))


class PlainBlock(nn.Module):
    def __init__(self, n_embd, n_head, bias):
        super().__init__()
        self.norm1 = nn.LayerNorm(n_embd, bias=bias)
        self.attn = PlainAttention(n_embd, n_head, bias)
        self.norm2 = nn.LayerNorm(n_embd, bias=bias)
        self.up = nn.Linear(n_embd, 4 * n_embd, bias=bias)
        self.down = nn.Linear(4 * n_embd, n_embd, bias=bias)

    def forward(self, x):
        x = x + self.attn(self.norm1(x))
        return x + self.down(F.gelu(self.up(self.norm2(x))))


class PlainGPT(nn.Module):
    def __init__(self, vocab, block, n_layer, n_head, n_embd, bias=False):
        super().__init__()
        self.block = block
        self.tok = nn.Embedding(vocab, n_embd)
        self.pos = nn.Embedding(block, n_embd)
        self.blocks = nn.ModuleList(PlainBlock(n_embd, n_head, bias) for _ in range(n_layer))
        self.norm = nn.LayerNorm(n_embd, bias=bias)
        self.head = nn.Linear(n_embd, vocab, bias=False)
        self.tok.weight = self.head.weight
        for m in self.modules():
            if isinstance(m, (nn.Linear, nn.Embedding)):
                nn.init.normal_(m.weight, std=0.02)
                if getattr(m, "bias", None) is not None:
                    nn.init.zeros_(m.bias)
        for blk in self.blocks:
            for lin in (blk.attn.out, blk.down):
                nn.init.normal_(lin.weight, std=0.02 / math.sqrt(2 * n_layer))

    def forward(self, idx):
        T = idx.shape[1]
        x = self.tok(idx) + self.pos(torch.arange(T, device=idx.device))
        for blk in self.blocks:
            x = blk(x)
        return self.head(self.norm(x))


def build_hf(vocab, block, n_layer, n_head, n_embd, activation="gelu_new"):
    """GPT2LMHeadModel with the same shape, no dropout, SDPA attention; None without transformers.

    `activation` defaults to GPT-2's own ("gelu_new", the tanh approximation); "gelu" is the exact GELU our
    model uses, for a strictly like-for-like row.
    """
    try:
        from transformers import GPT2Config, GPT2LMHeadModel
    except ImportError:
        return None
    cfg = GPT2Config(vocab_size=vocab, n_positions=block, n_embd=n_embd, n_layer=n_layer, n_head=n_head,
                     resid_pdrop=0.0, embd_pdrop=0.0, attn_pdrop=0.0, activation_function=activation,
                     use_cache=False, tie_word_embeddings=True, bos_token_id=0, eos_token_id=0)
    try:
        model = GPT2LMHeadModel(cfg, attn_implementation="sdpa")
    except TypeError:
        cfg._attn_implementation = "sdpa"
        model = GPT2LMHeadModel(cfg)
    return model


class _HFLogits(nn.Module):
    """Calls the HF model the way a training loop does and returns its logits."""

    def __init__(self, hf):
        super().__init__()
        self.hf = hf

    def forward(self, idx):
        return self.hf(input_ids=idx, use_cache=False).logits


# --- a plain training loop ---

class PlainTrainer:
    """nanoGPT-style loop: per-row slices stacked into a batch, forward, loss, backward, clip, step."""

    def __init__(self, model: nn.Module, data: np.ndarray, block: int, batch: int, lr=1e-3, min_lr=1e-4,
                 warmup=100, max_iters=2000, seed=1337):
        self.model = model.train()
        self.data = torch.from_numpy(data.astype(np.int64))
        self.block, self.batch = block, batch
        self.lr, self.min_lr, self.warmup, self.max_iters = lr, min_lr, warmup, max_iters
        self.opt = adamw(model, lr)
        self.gen = torch.Generator().manual_seed(seed)
        self.it = 0
        self.last_loss = float("nan")

    def get_batch(self, data=None, gen=None):
        data = self.data if data is None else data
        ix = torch.randint(len(data) - self.block - 1, (self.batch,), generator=gen or self.gen)
        x = torch.stack([data[i:i + self.block] for i in ix])
        y = torch.stack([data[i + 1:i + 1 + self.block] for i in ix])
        return x, y

    def step(self) -> float:
        lr = cosine_lr(self.it, self.lr, self.min_lr, self.warmup, self.max_iters)
        for g in self.opt.param_groups:
            g["lr"] = lr
        x, y = self.get_batch()
        logits = self.model(x)
        loss = F.cross_entropy(logits.view(-1, logits.size(-1)), y.view(-1))
        loss.backward()
        torch.nn.utils.clip_grad_norm_(self.model.parameters(), 1.0)
        self.opt.step()
        self.opt.zero_grad(set_to_none=True)
        self.it += 1
        self.last_loss = loss.item()
        return self.last_loss

    @torch.no_grad()
    def loss_on(self, data: np.ndarray, batches: int, seed: int) -> float:
        self.model.eval()
        t = torch.from_numpy(data.astype(np.int64))
        gen = torch.Generator().manual_seed(seed)
        losses = []
        for _ in range(batches):
            x, y = self.get_batch(t, gen)
            logits = self.model(x)
            losses.append(F.cross_entropy(logits.view(-1, logits.size(-1)), y.view(-1)).item())
        self.model.train()
        return sum(losses) / len(losses)


def plain_trainer(vocab, data, block, n_layer, n_head, n_embd, batch, **kw) -> PlainTrainer:
    torch.manual_seed(kw.pop("init_seed", 1337))
    return PlainTrainer(PlainGPT(vocab, block, n_layer, n_head, n_embd), data, block, batch, **kw)


def hf_trainer(vocab, data, block, n_layer, n_head, n_embd, batch, **kw) -> PlainTrainer | None:
    torch.manual_seed(kw.pop("init_seed", 1337))
    hf = build_hf(vocab, block, n_layer, n_head, n_embd, kw.pop("activation", "gelu_new"))
    return None if hf is None else PlainTrainer(_HFLogits(hf), data, block, batch, **kw)


# --- the generation baseline ---

@torch.no_grad()
def recompute_generate(forward, context: list[int], block: int, new_tokens: int, temperature=0.8, seed=0,
                       on_first=None) -> list[int]:
    """nanoGPT-style: every step runs the whole context (cropped to the window) and keeps the last logits."""
    gen = torch.Generator().manual_seed(seed)
    idx = torch.tensor([context], dtype=torch.long)
    for i in range(new_tokens):
        cond = idx if idx.size(1) <= block else idx[:, -block:]
        logits = forward(cond)[:, -1, :] / temperature
        nxt = torch.multinomial(F.softmax(logits, dim=-1), 1, generator=gen)
        idx = torch.cat((idx, nxt), dim=1)
        if i == 0 and on_first is not None:
            on_first()
    return idx[0, len(context):].tolist()
