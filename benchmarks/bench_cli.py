"""Issue 2's check: `playground train CORPUS --preset baby` (the real CLI, its own process) vs a plain reference
loop of the same model (its own process), alternated, steady-state tokens/s from each one's step timings."""

from __future__ import annotations

import json
import os
import subprocess
import sys
import tempfile
from pathlib import Path

from benchmarks.common import ROOT, log, median, ratios

_PLAIN = r"""
import json, sys, time
sys.path.insert(0, sys.argv[1])
import torch
torch.set_num_threads(int(sys.argv[3]))
from benchmarks.reference import plain_trainer
from playground.core.corpus import load_corpus
from playground.core.config import DataConfig
from playground.core.dataset import prepare_dataset
ds = prepare_dataset(load_corpus(sys.argv[2]), DataConfig(), 64)
t = plain_trainer(ds.tokenizer.vocab_size, ds.train, 64, 4, 4, 128, 12)
n, warm = int(sys.argv[4]), int(sys.argv[5])
for _ in range(warm):
    t.step()
t0 = time.perf_counter()
for _ in range(n):
    t.step()
print(json.dumps({"tokens_per_s": n * 768 / (time.perf_counter() - t0)}))
"""


def _cli(corpus: Path, threads: int, n: int, warm: int, engine_root: Path) -> float:
    with tempfile.TemporaryDirectory(prefix="pg-bench-cli-") as tmp:
        env = dict(os.environ, PYTHONPATH=str(engine_root))
        subprocess.run([sys.executable, "-m", "playground", "train", str(corpus), "--preset", "baby",
                        "--max-iters", str(n + warm), "--eval-interval", "1000000", "--eval-iters", "1",
                        "--sample-tokens", "0", "--threads", str(threads), "--runs-dir", tmp],
                       check=True, capture_output=True, env=env, cwd=tmp, timeout=1800)
        metrics = next(Path(tmp).glob("*/metrics.jsonl"))
        steps = [json.loads(line) for line in metrics.read_text().splitlines() if '"step"' in line]
        steps = [s for s in steps if s["type"] == "step"]
        a, b = steps[warm - 1], steps[-1]
        return (b["iter"] - a["iter"]) * 768 / (b["elapsed"] - a["elapsed"])


def _plain(corpus: Path, threads: int, n: int, warm: int) -> float:
    p = subprocess.run([sys.executable, "-c", _PLAIN, str(ROOT), str(corpus), str(threads), str(n), str(warm)],
                       check=True, capture_output=True, text=True, timeout=1800)
    return json.loads(p.stdout.strip().splitlines()[-1])["tokens_per_s"]


def run(corpus: Path | None, threads: int, quick: bool, engine_root: Path | None = None) -> dict:
    if corpus is None:
        return {"skipped": "../shared/corpora/tinyshakespeare.txt is not there."}
    n, warm, rounds = (10, 3, 1) if quick else (150, 20, 4)  # two rounds read 0.92x once, 1.05x the next
    cli, plain = [], []
    for r in range(rounds):
        log(f"  round {r + 1}/{rounds}: CLI then plain loop, {n} steps each")
        cli.append(_cli(corpus, threads, n, warm, engine_root or ROOT))
        plain.append(_plain(corpus, threads, n, warm))
    return {"cli": cli, "plain": plain, "ratio": median(ratios(cli, plain)), "steps": n}


def table(res: dict) -> list[str]:
    if "skipped" in res:
        return [f"Not run: {res['skipped']}"]
    return [f"`playground train tinyshakespeare.txt --preset baby` vs the plain loop, each in its own process, "
            f"alternated, {res['steps']} timed steps each.", "",
            "| contender | tokens/s per round | median |", "|---|---|---:|",
            f"| playground CLI | {', '.join(f'{x:,.0f}' for x in res['cli'])} | {median(res['cli']):,.0f} |",
            f"| plain loop | {', '.join(f'{x:,.0f}' for x in res['plain'])} | {median(res['plain']):,.0f} |",
            "", f"CLI / plain loop: **{res['ratio']:.2f}x** (median of per-round ratios)"]
