"""Group 1: training throughput (tokens/s) of the engine vs GPT2LMHeadModel vs a plain loop, and MFU."""

from __future__ import annotations

import time

import torch

from benchmarks import reference
from benchmarks.common import fmt, interleave, log, median, native_bf16, peak_matmul, ratios
from benchmarks.engine import EngineStepper

CONFIGS = {
    # nanoGPT's CPU shakespeare-char configuration (the `baby` preset)
    "baby": dict(model=dict(n_layer=4, n_head=4, n_embd=128, block_size=64), batch=12),
    # nanoGPT's GPU configuration's shape (the `small` preset's model), with a CPU-sized batch
    "larger": dict(model=dict(n_layer=6, n_head=6, n_embd=384, block_size=256), batch=4),
}


def run(corpus, threads: int, quick: bool) -> dict:
    torch.set_num_threads(threads)
    out = {"rows": [], "notes": []}
    peak32 = peak_matmul("float32", 1024, 0.3 if quick else 2.0)
    bf16_native = native_bf16()
    peak16 = peak_matmul("bfloat16", 1024, 0.3 if quick else 2.0) if bf16_native else None
    out["bf16_native"] = bf16_native
    # without native bf16, show what autocast to bf16 would run at (a small matmul: it is that slow)
    out["bf16_emulated_gflops"] = None if bf16_native else peak_matmul("bfloat16", 256, 0.3)
    log(f"  peak matmul: fp32 {peak32:.1f} GFLOP/s" + (f", bf16 {peak16:.1f} GFLOP/s" if peak16 else
                                                         " (no native bf16 on this CPU)"))
    for name, spec in CONFIGS.items():
        m, batch = spec["model"], spec["batch"]
        steps, warm, repeats = (3, 1, 2) if quick else ((20, 10, 5) if name == "baby" else (3, 2, 3))
        if quick and name == "larger":
            batch, steps, warm, repeats = 1, 1, 1, 2
        tokens = batch * m["block_size"]
        engine = EngineStepper(corpus, m, batch, threads)
        data = engine.trainer.dataset.train
        V = engine.vocab_size
        args = (V, data, m["block_size"], m["n_layer"], m["n_head"], m["n_embd"], batch)
        contenders = {"playground": engine.steps}
        plain = reference.plain_trainer(*args)
        contenders["plain loop"] = lambda n, t=plain: _timed(t, n)
        hf = reference.hf_trainer(*args)
        if hf is not None:
            contenders["GPT2LMHeadModel"] = lambda n, t=hf: _timed(t, n)
            if not quick:
                hf_exact = reference.hf_trainer(*args, activation="gelu")
                contenders["GPT2LMHeadModel, exact GELU"] = lambda n, t=hf_exact: _timed(t, n)
        else:
            out["notes"].append("transformers is not installed (pip install -e .[bench]): no GPT2LMHeadModel rows.")
        if bf16_native:
            eng16 = EngineStepper(corpus, m, batch, threads, dtype="bfloat16")
            contenders["playground bf16"] = eng16.steps
        compiled = None
        if name == "baby" and not quick:
            # the "compile" setting: is it worth its start-up time?
            t0 = time.perf_counter()
            compiled = EngineStepper(corpus, m, batch, threads, compile=True)
            compiled.steps(1)
            out["compile_s"] = time.perf_counter() - t0
            log(f"  {name}: torch.compile took {out['compile_s']:.0f} s to the first step")
            contenders["playground, torch.compile"] = compiled.steps
        for f in contenders.values():
            f(warm)
        log(f"  {name}: {len(contenders)} contenders x {repeats} rounds x {steps} steps")
        res = interleave({k: (lambda f=f: tokens * steps / f(steps)) for k, f in contenders.items()}, repeats)
        base = res.get("GPT2LMHeadModel")
        for k, v in res.items():
            out["rows"].append({
                "config": name, "impl": k, "tokens_per_s": median(v), "flops_per_token": _flops_per_token(V, m),
                "vs_hf": median(ratios(v, base)) if base else None,
                "vs_plain": median(ratios(v, res["plain loop"])),
                "samples": [round(x) for x in v],
            })
        engine.close()
        if bf16_native:
            eng16.close()
        if compiled is not None:
            compiled.close()
            gain = median(ratios(res["playground, torch.compile"], res["playground"]))
            # training time after which compiling has paid for its start: compile_s = T * (1 - 1 / gain)
            even = out["compile_s"] / (1 - 1 / gain) if gain > 1 else None
            out["notes"].append(
                f"torch.compile (the `compile` setting, off by default) at {name}: {out['compile_s']:.0f} s from "
                f"start to the first step, then {gain:.2f}x the steps/s of eager; it pays for itself only in runs "
                + (f"longer than {_duration(even)} of eager training (a first compile takes several times longer "
                   "than one that torch's compile cache has seen before)." if even else
                   "that never come: it is not faster here."))
    # A shared machine can be slow through a whole measurement: the peak is measured again at the end and
    # the better of the two kept, so that utilisation is not flattered by a slow spell at the start.
    peak32 = max(peak32, peak_matmul("float32", 1024, 0.3 if quick else 2.0))
    if peak16:
        peak16 = max(peak16, peak_matmul("bfloat16", 1024, 0.3 if quick else 2.0))
    out["peak_fp32_gflops"], out["peak_bf16_gflops"] = peak32, peak16
    for row in out["rows"]:
        peak = peak16 if row["impl"].endswith("bf16") else peak32
        row["mfu"] = row["tokens_per_s"] * row["flops_per_token"] / (peak * 1e9) if peak else None
    out["ceiling"] = _ceilings(out["rows"], max(peak32, peak16 or 0.0))
    return out


def _ceilings(rows: list[dict], peak: float) -> dict:
    """The most tokens/s any implementation of a configuration could reach here: every FLOP at the peak
    matmul rate (fp32, or bf16 where the CPU has it natively), against GPT2LMHeadModel's rounds. A target above it
    cannot be met on this machine by any code that does the model's arithmetic."""
    out = {}
    for row in rows:
        if row["impl"] == "GPT2LMHeadModel":
            best = peak * 1e9 / row["flops_per_token"]
            out[row["config"]] = {"tokens_per_s": best, "vs_hf": median([best / x for x in row["samples"]])}
    return out


def _duration(seconds: float) -> str:
    return f"{seconds:.0f} s" if seconds < 120 else f"{seconds / 60:.0f} minutes"


def _timed(trainer, n: int) -> float:
    t = time.perf_counter()
    for _ in range(n):
        trainer.step()
    return time.perf_counter() - t


def _flops_per_token(V: int, m: dict) -> float:
    """The PaLM/nanoGPT estimate used by the engine: 6 x non-position parameters + attention."""
    L, C, T = m["n_layer"], m["n_embd"], m["block_size"]
    n = V * C + L * 12 * C * C + L * 2 * C + C  # tied embedding, blocks (no biases), norms
    return 6 * n + 12 * L * T * C


def table(res: dict) -> list[str]:
    lines = [f"Peak matmul this run (the better of a measurement before and one after): fp32 "
             f"{res['peak_fp32_gflops']:.1f} GFLOP/s; bf16 "
             + (f"{res['peak_bf16_gflops']:.1f} GFLOP/s" if res["peak_bf16_gflops"] else
                f"{res['bf16_emulated_gflops']:.2f} GFLOP/s, emulated: this CPU has no native bf16 (AVX512-BF16 "
                "or AMX), so bf16 autocast would be far slower than fp32; the engine's `dtype=auto` stays in "
                "fp32 here (and picks bf16 on CPUs that have it). No bf16 rows for that reason."), "",
             "| config | implementation | tokens/s (median) | vs GPT2LMHeadModel | vs plain loop | MFU | rounds |",
             "|---|---|---:|---:|---:|---:|---|"]
    for r in res["rows"]:
        lines.append(f"| {r['config']} | {r['impl']} | {r['tokens_per_s']:,.0f} | {fmt(r['vs_hf'])}x | "
                     f"{fmt(r['vs_plain'])}x | {fmt(r['mfu'] and 100 * r['mfu'], '.1f')}% | "
                     f"{', '.join(f'{x:,}' for x in r['samples'])} |")
    lines.append("")
    for name, c in res.get("ceiling", {}).items():
        lines.append(f"- Ceiling at {name}: every FLOP at this run's peak matmul rate would make {c['tokens_per_s']:,.0f} "
                     f"tokens/s, {c['vs_hf']:.2f}x GPT2LMHeadModel (median over its rounds). No implementation that "
                     "does this model's arithmetic can beat GPT2LMHeadModel by more than that on this machine.")
    lines += [f"- {n}" for n in res["notes"]]
    return lines
