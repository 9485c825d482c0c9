"""Group 5: learning per wall-clock second on tinyshakespeare.

- The default preset with a 60-second budget: the run is stopped at 60 s (if it has not finished by then) and
  its validation loss is the trainer's own final evaluation.
- The `baby` preset to validation loss 1.90: its 2000 iterations (evaluations every 250, as the preset says),
  wall time to the first evaluation at or below 1.90, and the final validation loss.
Wall time counts from `start_training` (tokenizing included) to the evaluation, as a user waits for it.
"""

from __future__ import annotations

import tempfile
import threading
import time

import torch

from benchmarks.common import corpus_path, log


def _train(corpus, cfg, budget_s: float | None, target: float | None):
    from playground.core import events as ev
    from playground.core.trainer import Controls, start_training
    controls = Controls()
    evals, reached, finished, started = [], None, None, None
    with tempfile.TemporaryDirectory(prefix="pg-bench-learn-") as tmp:
        t0 = time.perf_counter()
        timer = threading.Timer(budget_s, controls.stop) if budget_s else None
        trainer = start_training(corpus, cfg, tmp, controls)
        if timer:
            timer.start()
        try:
            for e in trainer.events():
                now = time.perf_counter() - t0
                if isinstance(e, ev.Started):
                    started = e
                elif isinstance(e, ev.Eval):
                    evals.append((e.iter, e.val_loss, now))
                    if target is not None and reached is None and e.val_loss <= target:
                        reached = (e.iter, now)
                elif isinstance(e, ev.Finished):
                    finished = (e, now)
                elif isinstance(e, ev.Failed):
                    raise RuntimeError(e.reason)
        finally:
            if timer:
                timer.cancel()
    return {"evals": evals, "reached": reached, "final_val": finished[0].val_loss, "iters": finished[0].iter,
            "stopped": finished[0].stopped, "wall_s": finished[1], "train_s": finished[0].elapsed,
            "dtype": started.dtype, "max_iters": cfg.train.max_iters, "preset": cfg.preset}


def run(threads: int, quick: bool, with_baby: bool) -> dict:
    from benchmarks.engine import run_config
    from playground.core.config import DEFAULT_PRESET
    from playground.core.corpus import load_corpus

    path = corpus_path("tinyshakespeare.txt")
    if path is None:
        return {"skipped": "../shared/corpora/tinyshakespeare.txt is not there (the shared corpora sit beside the "
                           "checkout); this group needs it."}
    torch.set_num_threads(threads)
    corpus = load_corpus(path)
    out = {"threads": threads}
    budget = 10.0 if quick else 60.0
    log(f"  default preset ({DEFAULT_PRESET}) with a {budget:.0f} s budget")
    out["default"] = _train(corpus, run_config(DEFAULT_PRESET, train=dict(threads=threads)), budget, 2.1)
    out["default"]["budget_s"] = budget
    if with_baby:
        log("  baby preset, 2000 iterations, to val loss 1.90")
        out["baby"] = _train(corpus, run_config("baby", train=dict(threads=threads)), None, 1.90)
    return out


def table(res: dict) -> list[str]:
    if "skipped" in res:
        return [f"Not run: {res['skipped']}"]
    lines = ["| run | iterations | final val loss | wall time | reached target | precision |",
             "|---|---:|---:|---:|---|---|"]
    d = res["default"]
    how = "stopped at the budget" if d["stopped"] else "finished"
    lines.append(f"| default preset `{d['preset']}`, {d['budget_s']:.0f} s budget ({how}) | {d['iters']} / "
                 f"{d['max_iters']} | {d['final_val']:.4f} | {d['wall_s']:.1f} s | "
                 + (f"val <= 2.1 at iteration {d['reached'][0]}, {d['reached'][1]:.1f} s" if d["reached"]
                    else "val <= 2.1 not reached") + f" | {d['dtype']} |")
    if "baby" in res:
        b = res["baby"]
        lines.append(f"| `baby`, 2000 iterations | {b['iters']} | {b['final_val']:.4f} | {b['wall_s']:.1f} s | "
                     + (f"val <= 1.90 at iteration {b['reached'][0]}, {b['reached'][1]:.1f} s" if b["reached"]
                        else "val <= 1.90 not reached") + f" | {b['dtype']} |")
        lines.append("")
        lines.append("`baby` evaluations (iteration: val loss @ wall s): " +
                     ", ".join(f"{i}: {v:.3f} @ {t:.0f}s" for i, v, t in b["evals"]))
    else:
        lines.append("| `baby` to 1.90 | not run in --quick | | | | |")
    return lines
