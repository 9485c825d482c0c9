"""Helpers that tests call: tiny configs that train in a second on a CPU, the command line in a subprocess,
hostile pickle files. Not a test module and not a conftest: fixtures live in the conftest.py files."""

from __future__ import annotations

import io
import os
import pickle
import subprocess
import sys
from pathlib import Path

from playground.core.config import RunConfig
from playground.core.corpus import corpus_from_text

ROOT = Path(__file__).resolve().parents[1]

TEXT = "".join(f"the cat sat on the mat {i % 7}. a dog ran to the log {i % 5}.\n" for i in range(300))


# --- the engine ---

def tiny_config(**train) -> RunConfig:
    cfg = RunConfig.from_dict({
        "model": dict(block_size=16, n_layer=1, n_head=2, n_embd=32),
        "train": dict(batch_size=8, max_iters=40, learning_rate=3e-3, min_lr=3e-4, warmup_iters=5,
                      eval_interval=20, eval_iters=4, sample_tokens=20, device="cpu", threads=1) | train,
    })
    cfg.validate()
    return cfg


def tiny_corpus(text: str = TEXT):
    return corpus_from_text(text, "test text")


# --- the command line ---

TINY = ["--block-size", "16", "--n-layer", "1", "--n-head", "2", "--n-embd", "32", "--batch-size", "8",
        "--eval-interval", "20", "--eval-iters", "4", "--sample-tokens", "0", "--device", "cpu"]


def playground(*args, cwd=None):
    env = os.environ | {"PYTHONPATH": str(ROOT)}
    return subprocess.run([sys.executable, "-m", "playground", *map(str, args)], capture_output=True,
                          text=True, timeout=120, env=env, cwd=cwd)


def cli_env(tmp_path: Path | None = None, **extra) -> dict:
    env = dict(os.environ, OMP_NUM_THREADS="1", PYTHONPATH=str(ROOT), PYTHONUNBUFFERED="1")
    if tmp_path is not None:
        env["PLAYGROUND_RUNS_DIR"] = str(tmp_path / "default-runs")
        env["XDG_DATA_HOME"] = str(tmp_path / "xdg")
    env.update(extra)
    return env


def run_cli(*args, tmp_path: Path | None = None, timeout: float = 60, **kw) -> subprocess.CompletedProcess:
    """`python -m playground ARGS` in a fresh process; returns the CompletedProcess (text mode)."""
    return subprocess.run([sys.executable, "-m", "playground", *map(str, args)], cwd=ROOT,
                          env=cli_env(tmp_path), capture_output=True, text=True, timeout=timeout, **kw)


def assert_clean_refusal(proc: subprocess.CompletedProcess, *words: str) -> str:
    """Exit status 2, exactly one line on stderr, no traceback; the line holds every word (case-insensitive)."""
    err = proc.stderr.strip()
    assert proc.returncode == 2, (proc.returncode, proc.stderr)
    assert "Traceback" not in proc.stderr, proc.stderr
    assert len(err.splitlines()) == 1, err
    for w in words:
        assert w.lower() in err.lower(), (w, err)
    return err


# --- hostile files ---

class Payload:
    """Unpickling this calls open(marker, "w"): harmless, but proof that code from the file ran."""

    def __init__(self, marker: Path):
        self.marker = str(marker)

    def __reduce__(self):
        return (open, (self.marker, "w"))


def evil_bytes(marker: Path, kind: str = "zip") -> bytes:
    """A pickle ("pickle") or a real PyTorch .pt (torch.save's ZIP, "zip") whose loading creates `marker`."""
    if kind == "pickle":
        return pickle.dumps({"model": Payload(marker)})
    import torch  # only the hostile-file tests need it

    buf = io.BytesIO()
    torch.save({"model": Payload(marker), "iter_num": 5000}, buf)
    return buf.getvalue()
