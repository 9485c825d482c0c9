"""What a configuration costs before anything is built: parameters, a per-layer table, FLOPs and memory, and
whether it fits the machine at all (`check_fits`).

Pure arithmetic on a `ModelConfig`, so the app can redraw it on every keystroke without importing torch.
The counts mirror `model.GPT` exactly (a test builds the model and compares); the memory figure is an
estimate and says so.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from playground.core.config import ModelConfig, RunConfig
from playground.core.errors import ConfigError, Phrase
from playground.core.units import human_bytes

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


def memory_holder(gpu: bool) -> Phrase:
    """Whose memory a message talks about."""
    return Phrase("the GPU") if gpu else Phrase("this computer")


def check_fits(config: RunConfig, memory_bytes: int | None, gpu: bool = False) -> None:
    """ConfigError, naming the field to lower, when training `config` cannot fit in `memory_bytes`.

    Uses the summary's estimate (weights, gradients, AdamW moments, activations), which errs high; a
    configuration is refused only when even that estimate is beyond all the memory there is, so the user
    hears it before anything is built instead of meeting an allocation failure (or the system's
    out-of-memory killer) mid-run. `memory_bytes` None or 0 = unknown: nothing is checked.
    """
    if not memory_bytes:
        return
    mc, tc, dc = config.model, config.train, config.data
    vocab = mc.vocab_size or (dc.bpe_vocab_size if dc.tokenizer == "bpe" else 0)
    memory = summarize(mc, tc.batch_size, tc.grad_accum, tc.dtype, vocab).memory
    if memory.total <= 2 * memory_bytes:  # the estimate errs high: refuse only what surely cannot fit
        return
    model_part = memory.params + memory.grads + memory.optimizer
    if model_part > memory_bytes:
        field_name, advice = "n_embd", Phrase("Make the model smaller (n_embd, n_layer).")
    elif 5 * mc.n_head * mc.block_size > 34 * mc.n_embd:  # the attention matrices, quadratic in the context
        field_name, advice = "block_size", Phrase("Lower block_size (the context window) or batch_size.")
    else:
        field_name, advice = "batch_size", Phrase("Lower batch_size or block_size (gradient accumulation, "
                                                  "grad_accum, keeps the effective batch with less memory).")
    raise ConfigError(
        "This configuration needs about {total} of memory to train (weights {weights}, gradients and optimizer "
        "{optimizer}, activations {activations}), but {device} has {available} in all. {advice}", field_name,
        total=human_bytes(memory.total), weights=human_bytes(memory.params),
        optimizer=human_bytes(memory.grads + memory.optimizer), activations=human_bytes(memory.activations),
        device=memory_holder(gpu), available=human_bytes(memory_bytes),
        advice=advice)


def check_fits_inference(config: ModelConfig, memory_bytes: int | None, gpu: bool = False, copies: int = 1) -> None:
    """ConfigError when loading the model of `config` and generating with it cannot fit in `memory_bytes`:
    `copies` of its fp32 weights (the file read, its tensors, the model: 3 on the way from disk), a full
    context's key/value cache and its logits. None or 0 = unknown: nothing is checked."""
    if not memory_bytes:
        return
    params = summarize(config).total_params
    weights = 4 * params * copies
    cache = 2 * config.n_layer * config.block_size * config.n_embd * 4 + 2 * config.block_size * config.vocab_size * 4
    if weights + cache <= memory_bytes:
        return
    raise ConfigError(
        "This model needs about {total} of memory to load and generate with ({params} parameters), but {device} "
        "has {available} in all.", "n_embd", total=human_bytes(weights + cache), params=f"{params:,}",
        device=memory_holder(gpu), available=human_bytes(memory_bytes))
