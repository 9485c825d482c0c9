"""Exact resume as a user does it: `playground train`, Ctrl-C, `playground train --resume`.

A straight run of N steps and a run interrupted by SIGINT (what Ctrl-C sends) and resumed must log the
same losses to metrics.jsonl, step for step. The learning-rate schedule is pinned (--lr-decay-iters) so
that both see the same learning rates. (The in-process version is tests/core/test_trainer.py.)
"""

from __future__ import annotations

import json
import signal
import subprocess
import sys
import time
from pathlib import Path

from playground import cli

from tests.support import ROOT, TEXT, cli_env

N = 30
ARGS = ["--block-size", "16", "--n-layer", "1", "--n-head", "2", "--n-embd", "32", "--batch-size", "8",
        "--eval-interval", "10", "--eval-iters", "2", "--sample-tokens", "0", "--device", "cpu", "--threads", "1",
        "--warmup-iters", "5", "--lr-decay-iters", str(N), "--learning-rate", "3e-3", "--min-lr", "3e-4"]


def popen(*args, tmp_path):
    return subprocess.Popen([sys.executable, "-m", "playground", *map(str, args)], cwd=ROOT, env=cli_env(tmp_path),
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)


def losses(run_dir: Path) -> list[tuple[int, float]]:
    metrics = [json.loads(line) for line in (run_dir / "metrics.jsonl").read_text().splitlines() if line.strip()]
    return [(m["iter"], m["loss"]) for m in metrics if m["type"] == "step"]


def test_ctrl_c_saves_and_resume_continues_exactly(tmp_path, capsys):
    corpus = tmp_path / "cats.txt"
    corpus.write_text(TEXT, encoding="utf-8")
    straight_runs, split_runs = tmp_path / "straight", tmp_path / "split"

    # the run to interrupt is a real process (Ctrl-C is a signal); the rest runs the same CLI code in-process,
    # which spares a second and third `import torch` (seconds each on a busy machine)
    # (its --max-iters is large so that it is surely still training when the signal comes; with the decay
    # pinned by --lr-decay-iters, max_iters changes nothing else, and the resume sets it to N)
    split = popen("train", corpus, *ARGS, "--max-iters", 100_000, "--runs-dir", split_runs, tmp_path=tmp_path)

    # interrupt once a few steps are logged, as Ctrl-C would
    deadline = time.monotonic() + 90
    while time.monotonic() < deadline:
        runs = list(split_runs.glob("*/metrics.jsonl"))
        if runs and len(losses(runs[0].parent)) >= 5:
            break
        assert split.poll() is None, split.communicate()
        time.sleep(0.05)
    split.send_signal(signal.SIGINT)
    out, err = split.communicate(timeout=60)
    assert split.returncode == 0, err
    assert "stopping after this step and saving" in err and "Traceback" not in err
    run_dir = next(split_runs.iterdir())
    assert (run_dir / "model.safetensors").exists()
    stopped_at = json.loads((run_dir / "metrics.jsonl").read_text().splitlines()[-1])
    assert stopped_at["type"] == "done" and stopped_at["stopped"] and stopped_at["iter"] < N

    assert cli.main(["train", str(corpus), *ARGS, "--max-iters", str(N), "--runs-dir", str(straight_runs)]) == 0
    capsys.readouterr()
    assert cli.main(["train", "--resume", str(run_dir), "--max-iters", str(N)]) == 0
    assert f"resuming at iteration {stopped_at['iter']}" in capsys.readouterr().err

    expected = losses(next(straight_runs.iterdir()))
    got = losses(run_dir)
    assert [i for i, _ in expected] == list(range(N))
    assert got == expected, "the interrupted-and-resumed run differs from the straight one"
    evals = lambda d: [(m["iter"], m["val_loss"]) for m in map(json.loads, (d / "metrics.jsonl").read_text().splitlines())
                       if m["type"] == "eval" and m["iter"] % 10 == 0]
    assert evals(run_dir)[-1] == evals(next(straight_runs.iterdir()))[-1]
