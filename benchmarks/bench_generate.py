"""Group 2: generation of 500 new tokens with the key/value cache vs recomputing the whole context."""

from __future__ import annotations

import time

import torch

from benchmarks import reference
from benchmarks.bench_train import CONFIGS
from benchmarks.common import fmt, interleave, log, median, ratios


class _NoEndTokenizer:
    """The corpus's tokenizer, except that end-of-text is an id the model never emits, so every sample
    runs its full length (an untrained model could otherwise stop early and make the timing meaningless)."""

    def __init__(self, tok):
        self.tok = tok
        self.eot_id = -1

    def encode(self, text):
        return self.tok.encode(text)

    def decode(self, ids):
        return self.tok.decode(ids)


def run(tokenizer, prompt_text: str, threads: int, quick: bool) -> dict:
    from playground.core.config import ModelConfig, SampleConfig
    from playground.core.events import SampleDone
    from playground.core.model import GPT
    from playground.core.sampler import generate

    torch.set_num_threads(threads)
    new_tokens = 40 if quick else 500
    # baby's rounds take seconds and its ratio moves with the machine's state (2.3x to 3.5x in single rounds
    # on one shared VM): more of them; the larger model's take a minute and sit far from their target
    rounds = {"baby": 1 if quick else 7, "larger": 1 if quick else 2}
    out = {"rows": [], "new_tokens": new_tokens}
    tok = _NoEndTokenizer(tokenizer)
    prompt_ids = tok.encode(prompt_text)
    for name, spec in CONFIGS.items():
        m = spec["model"]
        torch.manual_seed(0)
        model = GPT(ModelConfig(vocab_size=tokenizer.vocab_size, **m)).eval()
        cfg = SampleConfig(temperature=0.8, max_new_tokens=new_tokens, seed=1)

        def cached():
            done = None
            for e in generate(model, tok, prompt_text, cfg):
                if isinstance(e, SampleDone):
                    done = e
            assert done.new_tokens == new_tokens, done.new_tokens
            return done.new_tokens / done.seconds, done.first_token_seconds

        def recompute():
            t0 = time.perf_counter()
            first = []
            ids = reference.recompute_generate(lambda x: model(x)[0], prompt_ids,
                                               m["block_size"], new_tokens, seed=1,
                                               on_first=lambda: first.append(time.perf_counter() - t0))
            dt = time.perf_counter() - t0
            tokenizer.decode(ids)
            return len(ids) / dt, first[0]

        if not quick and name == "baby":
            cached(), recompute()  # warm-up (the larger model's calls are long enough to need none)
        log(f"  {name}: {rounds[name]} rounds of {new_tokens} tokens, cached vs recompute")
        res = interleave({"key/value cache": cached, "recompute (nanoGPT generate)": recompute}, rounds[name])
        tps = {k: [x[0] for x in v] for k, v in res.items()}
        base = tps["recompute (nanoGPT generate)"]
        for k, v in res.items():
            out["rows"].append({"config": name, "impl": k, "tokens_per_s": median(tps[k]),
                                "ttft_ms": 1000 * median([x[1] for x in v]),
                                "vs_recompute": median(ratios(tps[k], base))})
    return out


def table(res: dict) -> list[str]:
    lines = [f"{res['new_tokens']} new tokens from a short prompt, temperature 0.8, batch 1; the recompute "
             "baseline runs the same model on the whole (cropped) context for every token and keeps the last "
             "logits.", "",
             "| config | generation | tokens/s (median) | time to first token | vs recompute |",
             "|---|---|---:|---:|---:|"]
    for r in res["rows"]:
        lines.append(f"| {r['config']} | {r['impl']} | {r['tokens_per_s']:,.0f} | {r['ttft_ms']:.1f} ms | "
                     f"{fmt(r['vs_recompute'])}x |")
    return lines
