"""What a configuration costs before anything is built: parameters, a per-layer table, FLOPs and memory.

Pure arithmetic on a `ModelConfig`, so the app can redraw it on every keystroke without importing torch.
The counts mirror `model.GPT` exactly (a test builds the model and compares); the memory figure is an
estimate and says so.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from playground.core.config import ModelConfig

# Bytes per element of activations kept for the backward pass; fp32 master weights and AdamW states are
# always 4 bytes whatever the autocast precision.
_ACT_BYTES = {"float32": 4, "bfloat16": 2, "float16": 2, "auto": 4}


@dataclass
class LayerRow:
    name: str                      # module path as in the model, e.g. "h.0.attn"
    kind: str                      # module class, e.g. "CausalSelfAttention"
    output_shape: tuple[int, ...]  # (batch, time, channels) of what the layer hands on
    params: int                    # trainable parameters owned by this row (children included)
    children: list["LayerRow"] = field(default_factory=list)
    shared_with: str = ""          # for a tied weight: the row that owns it


@dataclass
class Memory:
    """Training memory in bytes: fp32 weights, gradients, the two AdamW moments, and activations."""
    params: int
    grads: int
    optimizer: int
    activations: int

    @property
    def total(self) -> int:
        return self.params + self.grads + self.optimizer + self.activations


@dataclass
class ModelSummary:
    total_params: int
    position_params: int           # what nanoGPT leaves out of its "non-embedding" count
    layers: list[LayerRow]
    flops_per_token: int           # training (forward + backward), nanoGPT's 6N + 12·L·T·C
    tokens_per_iter: int           # batch × context × accumulation
    memory: Memory

    @property
    def non_embedding_params(self) -> int:
        return self.total_params - self.position_params

    @property
    def flops_per_iter(self) -> int:
        return self.flops_per_token * self.tokens_per_iter


def _linear(n_in: int, n_out: int, bias: bool) -> int:
    return n_in * n_out + (n_out if bias else 0)


def _norm(n: int, bias: bool) -> int:
    return n + (n if bias else 0)


def summarize(cfg: ModelConfig, batch_size: int = 1, grad_accum: int = 1, dtype: str = "float32",
              vocab_size: int | None = None) -> ModelSummary:
    """Summary of the GPT `cfg` describes. `vocab_size` overrides `cfg.vocab_size` (which is 0 until a
    tokenizer exists); with neither, the embedding rows count as zero."""
    V = vocab_size if vocab_size is not None else cfg.vocab_size
    T, C, L, b, B = cfg.block_size, cfg.n_embd, cfg.n_layer, cfg.bias, batch_size
    btc = (B, T, C)

    layers = [
        LayerRow("wte", "Embedding", btc, V * C),
        LayerRow("wpe", "Embedding", (T, C), T * C),
    ]
    if cfg.dropout > 0:
        layers.append(LayerRow("drop", "Dropout", btc, 0))
    for i in range(L):
        children = [
            LayerRow(f"h.{i}.ln_1", "LayerNorm", btc, _norm(C, b)),
            LayerRow(f"h.{i}.attn", "CausalSelfAttention", btc,
                     _linear(C, 3 * C, b) + _linear(C, C, b)),
            LayerRow(f"h.{i}.ln_2", "LayerNorm", btc, _norm(C, b)),
            LayerRow(f"h.{i}.mlp", "MLP", btc, _linear(C, 4 * C, b) + _linear(4 * C, C, b)),
        ]
        layers.append(LayerRow(f"h.{i}", "Block", btc, sum(c.params for c in children), children))
    layers.append(LayerRow("ln_f", "LayerNorm", btc, _norm(C, b)))
    # tied to wte: the same matrix, so it adds nothing to the count
    layers.append(LayerRow("lm_head", "Linear", (B, T, V), 0, shared_with="wte"))

    total = sum(r.params for r in layers)
    position = T * C
    flops = 6 * (total - position) + 12 * L * T * C

    act_bytes = _ACT_BYTES.get(dtype, 4)
    # Per block, per token: roughly 34·C values plus 5·heads·T for the attention matrix (Korthikanti et
    # al. 2022, "Reducing Activation Recomputation"); the fused attention kernel saves some of that, so
    # this errs high. The logits and their softmax gradient are fp32 and often dominate for small models.
    per_block = B * T * (34 * C + 5 * cfg.n_head * T) * act_bytes // 2
    logits = 2 * B * T * V * 4
    embed = 2 * B * T * C * act_bytes
    memory = Memory(params=4 * total, grads=4 * total, optimizer=8 * total,
                    activations=L * per_block + logits + embed)
    return ModelSummary(total_params=total, position_params=position, layers=layers, flops_per_token=flops,
                        tokens_per_iter=B * T * grad_accum, memory=memory)


def human_count(n: float) -> str:
    """1234567 -> '1.23M'; plain digits below ten thousand."""
    n = float(n)
    for unit, scale in (("T", 1e12), ("G", 1e9), ("M", 1e6), ("k", 1e3)):
        if abs(n) >= scale and (unit != "k" or abs(n) >= 1e4):
            return f"{n / scale:.3g}{unit}"
    return f"{n:,.0f}"


def human_bytes(n: float) -> str:
    n = float(n)
    for unit in ("B", "KiB", "MiB", "GiB"):
        if abs(n) < 1024:
            return f"{n:.0f} {unit}" if unit == "B" else f"{n:.1f} {unit}"
        n /= 1024
    return f"{n:.1f} TiB"
