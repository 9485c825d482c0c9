"""Issue 15: what looking inside a model costs. One inspection (per-token probabilities and alternatives, the
next-token logits and every head's attention, in one forward pass) of a 256-token text with a 10M-parameter
model, next to a plain forward of the same tokens; and the embedding map (PCA) of a 4,000-token vocabulary."""

from __future__ import annotations

import time

import torch

from benchmarks.common import median

MODEL = dict(n_layer=6, n_head=6, n_embd=384, block_size=256)


def run(threads: int, quick: bool) -> dict:
    from playground.core.config import ModelConfig
    from playground.core.inspection import embedding_map, inspect_ids, token_embeddings
    from playground.core.model import GPT
    from playground.core.tokenizer import CharTokenizer

    torch.set_num_threads(threads)
    rounds = 3 if quick else 15
    tok = CharTokenizer([chr(0x4E00 + i) for i in range(3999)])  # 4,000 tokens with EOT: a BPE-sized vocabulary
    torch.manual_seed(0)
    model = GPT(ModelConfig(vocab_size=tok.vocab_size, **MODEL)).eval()
    ids = torch.randint(1, tok.vocab_size, (MODEL["block_size"],)).tolist()
    inspect_ms, forward_ms, map_ms = [], [], []
    weights = token_embeddings(model)
    for _ in range(rounds):
        t = time.perf_counter()
        inspect_ids(model, tok, ids, top_k=5)
        inspect_ms.append(1e3 * (time.perf_counter() - t))
        t = time.perf_counter()
        with torch.inference_mode():
            model.lm_head(model.transformer.ln_f(model.hidden(torch.tensor([ids]))))
        forward_ms.append(1e3 * (time.perf_counter() - t))
        t = time.perf_counter()
        embedding_map(weights)
        map_ms.append(1e3 * (time.perf_counter() - t))
    return {"params": model.num_params(), "tokens": len(ids), "vocab": tok.vocab_size, "rounds": rounds,
            "inspect_ms": median(inspect_ms), "forward_ms": median(forward_ms), "map_ms": median(map_ms)}


def table(r: dict) -> list[str]:
    return [
        f"A {r['params'] / 1e6:.1f}M-parameter model (n_layer 6, n_embd 384, vocabulary {r['vocab']:,}), "
        f"{r['tokens']} tokens, medians of {r['rounds']} rounds:",
        "",
        "| measure | ms |",
        "|---|---|",
        f"| inspect_ids (probabilities, alternatives, attention of every head) | {r['inspect_ms']:.1f} |",
        f"| the same forward pass, all positions' logits, no attention kept | {r['forward_ms']:.1f} |",
        f"| embedding_map ({r['vocab']:,} x 384, exact PCA) | {r['map_ms']:.1f} |",
        "",
        f"Inspection / plain forward: {r['inspect_ms'] / r['forward_ms']:.2f}x.",
    ]
