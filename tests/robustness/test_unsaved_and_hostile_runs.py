"""Run folders that have nothing saved yet (a run killed before its first checkpoint) and folders that are
hostile (a named pipe as config.json, links to /dev/zero, a giant file) among good runs: listed as what they
are, never picked by `latest`, never hanging or filling memory, and never in the way of the other runs."""

from __future__ import annotations

import os
import shutil
import time
from pathlib import Path

import pytest

from playground.core import events as ev
from playground.core.errors import RunError
from playground.core.runs import Run, list_runs
from playground.core.trainer import start_training

from tests.support import run_cli, tiny_config, tiny_corpus

posix_only = pytest.mark.skipif(os.name != "posix", reason="named pipes and /dev/zero")


def _unsaved(runs: Path, steps: int) -> Path:
    """A run folder as a kill before its first checkpoint leaves it: config.json and tokenizer.json, and a
    metrics.jsonl with a start line and `steps` steps (none at all for steps < 0)."""
    trainer = start_training(tiny_corpus(), tiny_config(max_iters=100, eval_interval=50, sample_tokens=0), runs)
    if steps >= 0:
        events = trainer.events()
        for e in events:
            if isinstance(e, ev.Step) and e.iter + 1 >= steps or isinstance(e, ev.Started) and steps == 0:
                break
        events.close()  # like a kill: nothing more written, nothing removed
    assert not (trainer.run.dir / "model.safetensors").exists()
    return trainer.run.dir


@pytest.fixture(scope="module")
def runs(tmp_path_factory) -> dict:
    root = tmp_path_factory.mktemp("runs")
    good = start_training(tiny_corpus(), tiny_config(max_iters=2, eval_interval=1, sample_tokens=0), root)
    list(good.events())
    time.sleep(0.05)  # the unsaved runs are written later: newer
    folders = {"good": good.run.dir}
    for name, steps in (("no-log", -1), ("start-only", 0), ("steps", 3)):
        folder = _unsaved(root, steps)
        folders[name] = folder.rename(root / f"zz-{name}")
    return {"root": root, **folders}


@pytest.mark.parametrize("name", ["no-log", "start-only", "steps"])
def test_a_run_killed_before_its_first_checkpoint_is_listed_as_such(runs, name):
    listed = {r.name: r for r in list_runs(runs["root"])}
    run = listed[runs[name].name]
    assert not run.has_checkpoint and listed[runs["good"].name].has_checkpoint
    assert run.summary()["status"] == "no checkpoint"
    assert Run.open(runs["good"]).summary()["status"] == "finished"


def test_latest_passes_over_runs_without_a_checkpoint(runs):
    from playground.cli import resolve_run
    assert resolve_run("latest", runs["root"]) == runs["good"]


def test_latest_with_no_saved_model_anywhere_says_so(tmp_path):
    _unsaved(tmp_path, 0)
    from playground.cli import resolve_run
    with pytest.raises(RunError, match="has a saved model yet"):
        resolve_run("latest", tmp_path)


def test_the_command_line_on_a_run_without_a_checkpoint(runs):
    info = run_cli("info", "latest", "--runs-dir", runs["root"])
    assert info.returncode == 0, info.stderr
    assert str(runs["good"]) in info.stdout and "passing over" in info.stderr
    info = run_cli("info", runs["steps"])
    assert info.returncode == 0 and "status:     no checkpoint" in info.stdout, info.stdout + info.stderr
    sample = run_cli("sample", runs["start-only"])
    assert sample.returncode == 2 and "has no saved model yet" in sample.stderr, sample.stderr
    assert "Traceback" not in sample.stderr and len(sample.stderr.strip().splitlines()) == 1
    resume = run_cli("train", "--resume", runs["no-log"])
    assert resume.returncode == 2 and "has no saved model yet" in resume.stderr, resume.stderr


def _hostile(root: Path, good: Path) -> list[str]:
    made = []

    def copy(name):
        made.append(name)
        return Path(shutil.copytree(good, root / name))

    os.mkfifo(copy("zz-fifo-config") / "config.json.fifo")
    (root / "zz-fifo-config" / "config.json").unlink()
    (root / "zz-fifo-config" / "config.json.fifo").rename(root / "zz-fifo-config" / "config.json")
    for name in ("config.json", "tokenizer.json", "metrics.jsonl", "model.safetensors"):
        folder = copy(f"zz-zero-{name}")
        (folder / name).unlink()
        (folder / name).symlink_to("/dev/zero")
    folder = copy("zz-fifo-metrics")
    (folder / "metrics.jsonl").unlink()
    os.mkfifo(folder / "metrics.jsonl")
    folder = copy("zz-huge-tokenizer")
    with open(folder / "tokenizer.json", "r+b") as f:
        f.truncate(8 << 30)  # sparse: 8 GiB that take no disk
    folder = copy("zz-config-is-a-folder")
    (folder / "config.json").unlink()
    (folder / "config.json").mkdir()
    return made


@posix_only
@pytest.mark.timeout(60)
def test_hostile_sibling_folders_do_not_break_the_list_or_latest(tmp_path):
    root = tmp_path / "runs"
    good = start_training(tiny_corpus(), tiny_config(max_iters=2, eval_interval=1, sample_tokens=0), root)
    list(good.events())
    time.sleep(0.05)
    made = _hostile(root, good.run.dir)
    damaged = []
    t0 = time.monotonic()
    listed = list_runs(root, damaged)
    summaries = [r.summary() for r in listed]  # what the app's list shows: must not block on a pipe either
    assert time.monotonic() - t0 < 10
    assert [r.dir for r in listed] == [good.run.dir] and summaries[0]["status"] == "finished"
    assert sorted(d.name for d in damaged) == sorted(made)
    for d in damaged:
        assert isinstance(d.error, RunError) and str(d.error), d
    from playground.cli import resolve_run
    assert resolve_run("latest", root) == good.run.dir
    info = run_cli("info", "latest", "--runs-dir", root, timeout=60)
    assert info.returncode == 0 and str(good.run.dir) in info.stdout, info.stderr
