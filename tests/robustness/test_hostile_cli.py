"""Hostile run folders through the command line, each in a process with a timeout and a 4 GiB address-space
cap: `playground info`, `sample` and `train --resume` end in success or exit status 2 with one `error:` line
and no traceback (never a segmentation fault, a hang or a memory blow-up), and a refusal changes nothing.

Subprocesses are slow (torch's import), so these are a handful of fixed cases and a few generated ones;
test_hostile_runs.py generates thousands through the core.
"""

from __future__ import annotations

import json
import os
import resource
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from tests.support import ROOT, RUN_FILE_NAMES, assert_clean_refusal, cli_env, snapshot

ADDRESS_SPACE = 4 * 1024 ** 3


def _capped():
    resource.setrlimit(resource.RLIMIT_AS, (ADDRESS_SPACE, ADDRESS_SPACE))


def cli(*args, timeout=60) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "playground", *map(str, args)], cwd=ROOT, env=cli_env(),
                          capture_output=True, text=True, timeout=timeout, preexec_fn=_capped)


COMMANDS = {
    "info": lambda run: ["info", run],
    "sample": lambda run: ["sample", run, "--max-new-tokens", "3", "--seed", "1", "--device", "cpu"],
    "resume": lambda run: ["train", "--resume", run, "--max-iters", "6"],
}


def refused_and_unchanged(run: Path, command: str, *words: str) -> str:
    before = snapshot(run)
    proc = cli(*COMMANDS[command](run))
    err = assert_clean_refusal(proc, *words)
    assert err.startswith("error: "), err
    assert snapshot(run) == before, "a refusal changed the run"
    return err


@pytest.fixture
def run(trained, tmp_path) -> Path:
    return Path(shutil.copytree(trained, tmp_path / "downloaded-run"))


def _rewrite_state(run: Path, change) -> None:
    from safetensors import safe_open
    from safetensors.torch import save_file

    path = run / "train_state.safetensors"
    with safe_open(str(path), "pt") as f:
        tensors, meta = {k: f.get_tensor(k) for k in f.keys()}, f.metadata()
    change(tensors, meta)
    save_file(tensors, str(path), metadata=meta)


def test_optimizer_moments_of_the_wrong_shape_are_refused_not_a_crash(run):
    import torch

    def change(tensors, meta):  # passes load_state_dict; the fused AdamW kernel would crash on it
        for k in [k for k in tensors if k.endswith(".exp_avg")][:2]:
            tensors[k] = torch.zeros(3)
    _rewrite_state(run, change)
    refused_and_unchanged(run, "resume", "train_state", "shape")


@pytest.mark.parametrize("groups", ['{"params": 1}', '[{"params": [0], "lr": "fast"}]', "[1, 2]", '"x"'])
def test_optimizer_settings_of_the_wrong_types_are_refused(run, groups):
    _rewrite_state(run, lambda tensors, meta: meta.update(param_groups=groups))
    refused_and_unchanged(run, "resume", "train_state")


def test_a_training_state_of_the_wrong_types_is_refused(run):
    _rewrite_state(run, lambda tensors, meta: meta.update(state='{"iter": "4", "elapsed": []}'))
    refused_and_unchanged(run, "resume", "train_state")


@pytest.mark.skipif(os.name != "posix", reason="named pipes and /dev are POSIX")
@pytest.mark.parametrize("name, command", [("config.json", "info"), ("metrics.jsonl", "info"),
                                           ("model.safetensors", "sample"), ("train_state.safetensors", "resume")])
def test_a_pipe_or_a_device_in_place_of_a_file(run, name, command):
    (run / name).unlink()
    if name == "model.safetensors":
        os.symlink("/dev/zero", run / name)
    else:
        os.mkfifo(run / name)
    refused_and_unchanged(run, command, name, "regular file")


def test_an_enormous_model_is_refused_before_it_is_built(run):
    doc = json.loads((run / "config.json").read_bytes())
    doc["model"].update(n_embd=8192, n_layer=64, n_head=64, block_size=8192)
    (run / "config.json").write_text(json.dumps(doc))
    assert cli("info", run).returncode == 0  # its settings can be looked at
    for command in ("sample", "resume"):
        refused_and_unchanged(run, command, "memory")


@pytest.mark.skipif(os.name != "posix", reason="named pipes are POSIX")
def test_latest_passes_over_a_newer_run_with_a_pipe(trained, tmp_path):
    runs = tmp_path / "runs"
    shutil.copytree(trained, runs / "a-good-run")
    bad = Path(shutil.copytree(trained, runs / "b-bad-run"))
    (bad / "config.json").unlink()
    os.mkfifo(bad / "config.json")
    os.utime(bad / "metrics.jsonl")
    proc = cli("info", "latest", "--runs-dir", runs)
    assert proc.returncode == 0 and "a-good-run" in proc.stdout, proc.stderr


@settings(max_examples=4)
@given(data=st.data())
def test_random_bytes_through_the_command_line(trained, tmp_path_factory, data):
    run = Path(shutil.copytree(trained, tmp_path_factory.mktemp("cli") / "run"))
    name = data.draw(st.sampled_from(RUN_FILE_NAMES))
    command = data.draw(st.sampled_from(sorted(COMMANDS)))
    (run / name).write_bytes(data.draw(st.binary(max_size=500)))
    before = snapshot(run)
    proc = cli(*COMMANDS[command](run))
    assert proc.returncode in (0, 2) and "Traceback" not in proc.stderr, proc.stderr
    if proc.returncode == 2:
        assert_clean_refusal(proc)
        assert snapshot(run) == before
