"""SIGKILL a real training run at random moments, from its very start on: every kill must leave the runs folder
usable. After each kill: every run folder lists (none damaged), `info` works, a run with a checkpoint samples
and resumes, one without is listed as "no checkpoint" and `latest` passes over it.

Each round forks the test process (no fresh `import torch`): it starts a new run (now and then, and while no
run has a checkpoint yet) or resumes the latest, saving after every step, and is killed after a seeded random
delay: while the run folder is made, before its first checkpoint, mid-write, between the training-state and
weights writes, while metrics are appended, while resuming. The child reports each event it reaches through a
pipe, which, with the files left, tells which phase the kill landed in.

CI runs a quick version (in-process checks); PLAYGROUND_KILLS=100 runs 100 kills and checks through the
command line (`playground info`, `sample`, `train --resume` as subprocesses) as well. The tally is printed
(pytest -s).
"""

from __future__ import annotations

import collections
import os
import random
import signal
import time
from pathlib import Path

import pytest

from playground.core import events as ev
from playground.core.checkpoint import WEIGHTS, file_iter, load_train_state, load_weights
from playground.core.runs import Run, list_runs
from playground.core.sampler import generate
from playground.core.config import SampleConfig
from playground.core.trainer import resume_training, start_training

from tests.support import run_cli, tiny_config, tiny_corpus

KILLS = int(os.environ.get("PLAYGROUND_KILLS", "16"))
CLI_CHECKS = KILLS >= 50 or bool(os.environ.get("PLAYGROUND_KILLS_CLI"))
SEED = 20240502

pytestmark = pytest.mark.skipif(not hasattr(os, "fork"), reason="needs fork() and SIGKILL")

_CODES = {ev.Started: b"S", ev.Step: b"t", ev.Eval: b"e", ev.Saved: b"v", ev.Sample: b"p"}


def _child(runs: Path, latest: Path | None, out: int) -> None:
    code = 1
    try:
        os.write(out, b"0")
        cfg = tiny_config(max_iters=1_000_000, eval_interval=1, eval_iters=1, sample_tokens=0)
        trainer = (start_training(tiny_corpus(), cfg, runs) if latest is None
                   else resume_training(latest, max_iters=1_000_000))
        os.write(out, b"C")  # prepared: the run folder exists (a new one) or is open (resume)
        for e in trainer.events():
            os.write(out, _CODES.get(type(e), b"?"))
            if isinstance(e, ev.Failed):
                os.write(2, f"child failed: {e.reason}\n".encode())
                break
        else:
            code = 0
    finally:
        os._exit(code)


def _latest_saved(runs: Path) -> Path | None:
    from playground.cli import resolve_run
    from playground.core.errors import RunError
    try:
        return resolve_run("latest", runs)
    except RunError:
        return None


def _phase(trace: bytes, new_folder: Path | None, resumed: bool) -> str:
    if b"C" not in trace:
        return "resuming: opening, reloading the corpus" if resumed else "starting: tokenizing, making the folder"
    if not resumed and new_folder is not None and file_iter(new_folder / WEIGHTS) is None:
        return "new run, before its first checkpoint"
    last = trace[-1:]
    if last == b"C":
        return "building the model, restoring the checkpoint, before Started"
    if last == b"e":
        return "saving a checkpoint (after its evaluation)"
    return "a step or an evaluation, metrics being appended"


def _check_folder(run_dir: Path) -> str:
    """What must hold for every run folder after a kill; returns "saved" or "no checkpoint"."""
    run = Run.open(run_dir)
    summary = run.summary()
    if not run.has_checkpoint:
        assert summary["status"] == "no checkpoint", summary
        return "no checkpoint"
    model = run.load_model()
    _, it = load_weights(run.dir)
    state, optim, rng, groups = load_train_state(run.dir, it)
    assert state["iter"] == it and optim and "batch" in rng and groups
    tokens = [e for e in generate(model, run.tokenizer, "the", SampleConfig(max_new_tokens=3, seed=1))
              if isinstance(e, ev.Token)]
    assert tokens
    return "saved"


def _cli_checks(runs: Path, latest: Path | None) -> None:
    info = run_cli("info", "latest", "--runs-dir", runs, timeout=120)
    if latest is None:
        assert info.returncode == 2 and "Traceback" not in info.stderr, info.stderr
        return
    assert info.returncode == 0 and str(latest) in info.stdout, info.stderr
    sample = run_cli("sample", "latest", "--runs-dir", runs, "--max-new-tokens", "5", timeout=120)
    assert sample.returncode == 0 and sample.stdout, sample.stderr
    it = Run.open(latest).saved_iter()
    resume = run_cli("train", "--resume", "latest", "--runs-dir", runs, "--max-iters", it + 1, timeout=120)
    assert resume.returncode == 0, resume.stderr
    assert Run.open(latest).saved_iter() == it + 1


def _resume_one_more(latest: Path) -> None:
    it = Run.open(latest).saved_iter()
    events = list(resume_training(latest, max_iters=it + 1).events())
    assert isinstance(events[-1], ev.Finished) and events[-1].iter == it + 1, events[-1]
    assert Run.open(latest).saved_iter() == it + 1


@pytest.mark.timeout(max(120, KILLS * 30))
def test_sigkill_anywhere_from_the_first_moment(tmp_path):
    # a first short run in this process, elsewhere: the children forked from it then start at once (lazy
    # imports and first-call set-up done), so kills land all through a run rather than in its warm-up
    list(start_training(tiny_corpus(), tiny_config(max_iters=1, eval_interval=1, sample_tokens=0),
                        tmp_path / "warm-up").events())
    runs = tmp_path / "runs"
    runs.mkdir()
    rng = random.Random(SEED)
    tally, folders_seen = collections.Counter(), collections.Counter()
    for kill in range(KILLS):
        latest = _latest_saved(runs)
        fresh = latest is None or rng.random() < 0.3
        before = set(runs.iterdir())
        r, w = os.pipe()
        pid = os.fork()
        if pid == 0:
            os.close(r)
            _child(runs, None if fresh else latest, w)
        os.close(w)
        time.sleep(rng.uniform(0.0, 0.3) if fresh else rng.uniform(0.0, 0.5))
        done, status = os.waitpid(pid, os.WNOHANG)
        assert done == 0, f"kill {kill}: the training process ended by itself (status {status})"
        os.kill(pid, signal.SIGKILL)
        os.waitpid(pid, 0)
        os.set_blocking(r, False)
        try:
            trace = os.read(r, 1 << 20)
        except BlockingIOError:
            trace = b""
        os.close(r)
        new = sorted(set(runs.iterdir()) - before)
        tally[_phase(trace, new[0] if new else None, not fresh)] += 1
        if any(p.name.startswith(".") and p.name.endswith(".tmp") for f in runs.iterdir() for p in f.iterdir()
               if not f.name.startswith(".")):
            tally["(of which with a half-written temporary file left)"] += 1

        # every folder lists and opens; the app's list and `latest` see no damage
        damaged = []
        listed = list_runs(runs, damaged)
        assert not damaged, [(d.name, str(d.error)) for d in damaged]
        assert {r.dir for r in listed} == {p for p in runs.iterdir() if p.is_dir() and not p.name.startswith(".")}
        if new and all(p.name.startswith(".") for p in new):
            tally["(of which leaving only a hidden, half-made folder, not listed)"] += 1
        for run in listed:
            folders_seen[_check_folder(run.dir)] += 1
        latest = _latest_saved(runs)
        if latest is not None:
            assert Run.open(latest).has_checkpoint
        if CLI_CHECKS:
            _cli_checks(runs, latest)
        elif latest is not None:
            _resume_one_more(latest)
    print(f"\n{KILLS} SIGKILLs, every one survived. Where they landed:")
    for phase, n in sorted(tally.items(), key=lambda kv: -kv[1]):
        print(f"  {n:4d}  {phase}")
    print(f"run folders checked after the kills: {dict(folders_seen)}; "
          f"runs left: {len(list_runs(runs))}, CLI checks: {CLI_CHECKS}")
    latest = _latest_saved(runs)
    assert latest is not None, "some run got a checkpoint"
    # and the latest run really continues: a last, uninterrupted resume trains and saves
    it = Run.open(latest).saved_iter()
    rest = list(resume_training(latest, max_iters=it + 3).events())
    assert isinstance(rest[-1], ev.Finished) and Run.open(latest).saved_iter() == it + 3
    assert not list(Path(latest).glob(".*.tmp")), "temporary files left by kills are swept"
