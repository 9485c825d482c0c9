"""Issue 5: how long Stop takes on the biggest presets, pressed at several moments of a training step.

Latency is the time from `Controls.stop()` to the run's Finished event, which comes after the step in
progress was abandoned, a quick evaluation ran and the checkpoint was saved (fsynced). Each measurement is a
fresh run of the preset on CPU; Stop is pressed a chosen fraction of the way into its second step.
"""

from __future__ import annotations

import tempfile
import threading
import time

from benchmarks.common import log, median


def _one(corpus, name: str, fraction: float, threads: int, quick: bool) -> dict:
    from playground.core import events as ev
    from playground.core.config import preset
    from playground.core.controls import Controls
    from playground.core.trainer import start_training

    cfg = preset(name)
    t = cfg.train
    t.device, t.threads, t.max_iters, t.eval_iters, t.eval_interval = "cpu", threads, 1000, 1, 1000
    if quick:
        cfg.data.bpe_vocab_size = min(cfg.data.bpe_vocab_size, 500)
    controls = Controls()
    stop_at, saved_at, first_step = [], [], []
    with tempfile.TemporaryDirectory(prefix="pg-bench-stop-") as runs:
        t_step = None
        for e in start_training(corpus, cfg, runs, controls).events():
            now = time.perf_counter()
            if isinstance(e, (ev.Started, ev.Eval)) and not first_step:
                t_step = now
            elif isinstance(e, ev.Step) and e.iter == 0:
                first_step.append(now - t_step)
                delay = fraction * first_step[0]
                threading.Timer(delay, lambda: (stop_at.append(time.perf_counter()), controls.stop())).start()
            elif isinstance(e, ev.Saved) and stop_at:
                saved_at.append(now)
            elif isinstance(e, ev.Failed):
                raise RuntimeError(e.reason)
            elif isinstance(e, ev.Finished):
                return {"preset": name, "fraction": fraction, "step_s": first_step[0],
                        "latency_s": now - stop_at[0], "stopped_iter": e.iter,
                        "saved": bool(saved_at)}
    raise RuntimeError("the run ended without finishing")


def run(corpus, threads: int, quick: bool) -> dict:
    plan = {"tiny": (0.5,)} if quick else {"article": (0.1, 0.3, 0.5, 0.7, 0.9), "small": (0.1, 0.5, 0.9)}
    rows = []
    for name, fractions in plan.items():
        for f in fractions:
            log(f"  {name}: Stop {f:.0%} into a step")
            rows.append(_one(corpus, name, f, threads, quick))
    summary = {}
    for name in plan:
        lat = [r["latency_s"] for r in rows if r["preset"] == name]
        summary[name] = {"median_s": median(lat), "max_s": max(lat)}
    return {"rows": rows, "summary": summary}


def table(res: dict) -> list[str]:
    lines = ["Time from Stop to the run's Finished event (the step in progress abandoned, a quick evaluation, "
             "the checkpoint written and fsynced), Stop pressed at a fraction of the way into a step.", "",
             "| preset | step time | Stop pressed at | latency | iteration kept | saved |",
             "|---|---:|---:|---:|---:|---|"]
    for r in res["rows"]:
        lines.append(f"| {r['preset']} | {r['step_s']:.2f} s | {r['fraction']:.0%} | {1000 * r['latency_s']:.0f} ms "
                     f"| {r['stopped_iter']} | {'yes' if r['saved'] else 'no'} |")
    return lines
