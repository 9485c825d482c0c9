"""SIGKILL a process that is training and saving, again and again: the run must always open, load and resume.

The saving process is a fork of the test process (so it needs no fresh `import torch`, which alone takes
seconds here). Each child resumes the run from whatever the last kill left, trains with a checkpoint after
every step, and is killed after a seeded random delay, so kills land anywhere: in the middle of a file
write, between the training-state and weights writes, while metrics are appended, while resuming.
"""

from __future__ import annotations

import os
import random
import signal
import time
from pathlib import Path

import pytest

from playground.core import checkpoint as checkpoint_mod
from playground.core import events as ev
from playground.core.checkpoint import load_train_state, load_weights
from playground.core.runs import Run
from playground.core.trainer import resume_training, start_training

from tests.support import tiny_config, tiny_corpus

KILLS = 16
SEED = 20240501

pytestmark = pytest.mark.skipif(not hasattr(os, "fork"), reason="needs fork() and SIGKILL")


def _child(run_dir) -> None:
    code = 1
    try:
        for e in resume_training(run_dir, max_iters=1_000_000).events():
            if isinstance(e, ev.Failed):
                os.write(2, f"child failed: {e.reason}\n".encode())
                break
        else:
            code = 0
    finally:
        os._exit(code)


def assert_resumable(run_dir) -> int:
    run = Run.open(run_dir)
    model = run.load_model()
    assert model is not None
    _, it = load_weights(run.dir)
    state, optim, rng, groups = load_train_state(run.dir, it)
    assert state["iter"] == it and optim and "batch" in rng and groups
    run.metrics()
    return it


def test_sigkill_at_random_moments_never_loses_the_run(tmp_path):
    # every step is followed by an evaluation and a checkpoint: most of the time is spent saving
    cfg = tiny_config(max_iters=2, eval_interval=1, eval_iters=1, sample_tokens=0)
    first = list(start_training(tiny_corpus(), cfg, tmp_path).events())
    run_dir = first[0].run_dir
    assert assert_resumable(run_dir) == 2

    rng = random.Random(SEED)
    survived, iters = 0, [2]
    for kill in range(KILLS):
        pid = os.fork()
        if pid == 0:
            _child(run_dir)
        delay = rng.uniform(0.05, 0.6)
        time.sleep(delay)
        done, status = os.waitpid(pid, os.WNOHANG)
        assert done == 0, f"kill {kill}: the saving process ended by itself (status {status})"
        os.kill(pid, signal.SIGKILL)
        _, status = os.waitpid(pid, 0)
        assert os.WIFSIGNALED(status) and os.WTERMSIG(status) == signal.SIGKILL
        iters.append(assert_resumable(run_dir))
        survived += 1
    print(f"\n{survived} SIGKILLs survived; checkpoint iterations after each: {iters}")
    assert survived == KILLS
    assert iters[-1] > iters[0], "the run made progress between kills"
    # and the run really continues: a last, uninterrupted resume trains and saves
    rest = list(resume_training(run_dir, max_iters=iters[-1] + 2).events())
    assert isinstance(rest[-1], ev.Finished), rest[-1]
    assert load_weights(Run.open(run_dir).dir)[1] == iters[-1] + 2


class _Crash(BaseException):
    """Stands for a kill: not an Exception, so nothing on the way catches it."""


def test_two_crashes_in_a_row_between_the_state_and_the_weights(tmp_path, monkeypatch):
    # each save writes train_state, then the weights; a crash in between, twice in a row, must still leave
    # a training state that matches the weights (the first orphaned state must not push out the good one)
    cfg = tiny_config(max_iters=2, eval_interval=1, eval_iters=1, sample_tokens=0)
    run_dir = list(start_training(tiny_corpus(), cfg, tmp_path).events())[0].run_dir
    write = checkpoint_mod.atomic_write

    def crash_before_the_weights(path, data):
        if Path(path).name == "model.safetensors":
            # leave the half-written temporary file a real kill would leave
            tmp = Path(path).parent / ".model.safetensors.abc123.tmp"
            data(str(tmp)) if callable(data) else tmp.write_bytes(data)
            tmp.write_bytes(tmp.read_bytes()[:100])
            raise _Crash
        write(path, data)

    monkeypatch.setattr(checkpoint_mod, "atomic_write", crash_before_the_weights)
    for _ in range(3):
        with pytest.raises(_Crash):
            for _ in resume_training(run_dir, max_iters=10).events():
                pass
        assert assert_resumable(run_dir) == 2
    monkeypatch.setattr(checkpoint_mod, "atomic_write", write)
    events = list(resume_training(run_dir, max_iters=4).events())
    assert isinstance(events[-1], ev.Finished) and assert_resumable(run_dir) == 4
    assert not list(Path(run_dir).glob(".*.tmp")), "left-over temporary files are cleaned up"
