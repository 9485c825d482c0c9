"""Hostile run folders through the core: whatever the bytes of a run's files, opening, summarising, loading
and resuming it ends in success or one PlaygroundError, never a crash, a hang or an allocation beyond the
machine, and a refusal leaves the folder byte for byte (and mtime for mtime) as it was.

Three properties generate the folders (random bytes, random JSON, random safetensors headers); fixed cases
put pipes, devices and links in place of files, and configurations too big for any machine.
"""

from __future__ import annotations

import json
import os
import shutil
import tempfile
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from playground.core.checkpoint import weight_shapes
from playground.core.runs import Run

from tests.support import (RUN_FILE_NAMES, core_entry_points, json_text, mutate_json, safetensors_parts,
                           snapshot)


@pytest.fixture(scope="module")
def resumable(trained) -> Path:
    # `trained` saved at iterations 2 and 4: both train_state files exist, .prev being the older one
    assert (trained / "train_state.prev.safetensors").exists() or (trained / "train_state.safetensors").exists()
    return trained


def _in_copy(run: Path, change) -> dict:
    with tempfile.TemporaryDirectory() as tmp:
        copy = Path(shutil.copytree(run, Path(tmp) / "run"))
        change(copy)
        return core_entry_points(copy)


# --- random bytes ---

@given(data=st.data())
def test_random_bytes_in_any_run_file(resumable, data):
    name = data.draw(st.sampled_from(RUN_FILE_NAMES))
    how = data.draw(st.sampled_from(["random", "truncated", "flipped", "appended"]))

    def change(run):
        path = run / name
        old = path.read_bytes() if path.exists() else b""
        if how == "random":
            new = data.draw(st.binary(max_size=2000))
        elif how == "truncated":
            new = old[:data.draw(st.integers(0, max(0, len(old) - 1)))]
        elif how == "flipped" and old:
            i = data.draw(st.integers(0, len(old) - 1))
            new = old[:i] + bytes([old[i] ^ data.draw(st.integers(1, 255))]) + old[i + 1:]
        else:
            new = old + data.draw(st.binary(min_size=1, max_size=100))
        path.write_bytes(new)

    _in_copy(resumable, change)


# --- random JSON ---

@given(data=st.data())
def test_random_json_in_config_tokenizer_and_metrics(resumable, data):
    name = data.draw(st.sampled_from(["config.json", "tokenizer.json", "metrics.jsonl"]))

    def change(run):
        path = run / name
        if name == "metrics.jsonl":
            lines = path.read_bytes().splitlines()
            i = data.draw(st.integers(0, len(lines)))
            doc = json.loads(lines[i]) if i < len(lines) else {}
            lines[i:i + 1] = [json_text(mutate_json(doc, data.draw))]
            path.write_bytes(b"\n".join(lines) + b"\n")
        else:
            path.write_bytes(json_text(mutate_json(json.loads(path.read_bytes()), data.draw)))

    _in_copy(resumable, change)


@pytest.fixture(scope="module")
def bpe_run(tmp_path_factory) -> Path:
    from playground.core.trainer import start_training
    from tests.support import tiny_config, tiny_corpus

    config = tiny_config(max_iters=2, eval_interval=2, sample_tokens=0)
    config.data.tokenizer, config.data.bpe_vocab_size = "bpe", 300
    events = list(start_training(tiny_corpus(), config, tmp_path_factory.mktemp("bpe")).events())
    return Path(events[0].run_dir)


@given(data=st.data())
def test_random_json_in_a_bpe_tokenizer(bpe_run, data):
    from tests.support import assert_one_sentence

    def change(run):
        path = run / "tokenizer.json"
        path.write_bytes(json_text(mutate_json(json.loads(path.read_bytes()), data.draw)))

    with tempfile.TemporaryDirectory() as tmp:
        run = Path(shutil.copytree(bpe_run, Path(tmp) / "run"))
        change(run)
        try:
            Run.open(run).load_model()
        except Exception as e:  # noqa: BLE001 - anything but a PlaygroundError fails
            assert_one_sentence(e)


# --- random safetensors headers ---

@given(data=st.data())
def test_random_safetensors_headers(resumable, data):
    name = data.draw(st.sampled_from(["model.safetensors", "train_state.safetensors"]))

    def change(run):
        path = run / name
        header, body = safetensors_parts(path.read_bytes())
        meta = header.get("__metadata__", {})
        target = data.draw(st.sampled_from(["tensor", "metadata"] + (["state json"] if "state" in meta else [])))
        if target == "state json":  # the JSON inside the metadata: the trainer's state or the param groups
            key = data.draw(st.sampled_from(["state", "param_groups"]))
            meta[key] = json_text(mutate_json(json.loads(meta[key]), data.draw)).decode()
        elif target == "metadata":
            header["__metadata__"] = mutate_json(meta, data.draw)
        else:
            header = mutate_json(header, data.draw)
        raw = json_text(header)
        n = len(raw) + data.draw(st.sampled_from([0, 0, 0, 1, -1, 8, 2**40]))
        path.write_bytes(max(n, 0).to_bytes(8, "little") + raw + body[:data.draw(st.sampled_from(
            [len(body), len(body), len(body) - 4, len(body) // 2]))])

    _in_copy(resumable, change)


# --- pipes, devices, folders and links in place of files ---

SPECIAL = ["fifo", "dev-zero", "dev-urandom", "folder", "dangling-link", "link-loop"]


@pytest.mark.skipif(os.name != "posix", reason="named pipes and /dev are POSIX")
@pytest.mark.parametrize("kind", SPECIAL)
@pytest.mark.parametrize("name", RUN_FILE_NAMES + ("corpus.txt",))
def test_a_special_file_in_place_of_a_run_file(resumable, name, kind):
    def change(run):
        path = run / name
        if path.exists():
            path.unlink()
        if kind == "fifo":
            os.mkfifo(path)
        elif kind == "folder":
            path.mkdir()
        elif kind == "link-loop":
            os.symlink(path, path)
        else:
            os.symlink({"dev-zero": "/dev/zero", "dev-urandom": "/dev/urandom"}.get(kind, run / "nowhere"), path)

    outcome = _in_copy(resumable, change)
    assert outcome["open"] != "ok" and "regular file" in outcome["open"] or "missing" in outcome["open"] \
        or "Cannot read" in outcome["open"], outcome


def test_a_special_file_leaves_the_other_runs_listed(resumable, tmp_path):
    from playground.core.runs import list_runs
    shutil.copytree(resumable, tmp_path / "a-good-run")
    bad = Path(shutil.copytree(resumable, tmp_path / "z-bad-run"))
    (bad / "metrics.jsonl").unlink()
    os.mkfifo(bad / "metrics.jsonl")
    damaged = []
    assert [r.name for r in list_runs(tmp_path, damaged)] == ["a-good-run"]
    assert [d.name for d in damaged] == ["z-bad-run"] and "regular file" in str(damaged[0].error)


# --- settings within their ranges, models beyond any machine ---

HUGE = {"n_embd": 8192, "n_layer": 64, "n_head": 64, "block_size": 8192}


def _enormous(run: Path, sparse_weights: bool) -> None:
    doc = json.loads((run / "config.json").read_bytes())
    doc["model"].update(HUGE)
    (run / "config.json").write_text(json.dumps(doc))
    if sparse_weights:  # a header that matches the enormous model, and a file of its size that holds nothing
        shapes = weight_shapes(Run.open(run).config.model)
        header, at = {"__metadata__": {"iter": "4"}}, 0
        for k, (dtype, shape) in shapes.items():
            n = 4
            for d in shape:
                n *= d
            header[k] = {"dtype": dtype, "shape": list(shape), "data_offsets": [at, at + n]}
            at += n
        raw = json.dumps(header).encode()
        with open(run / "model.safetensors", "wb") as f:
            f.write(len(raw).to_bytes(8, "little") + raw)
            f.truncate(8 + len(raw) + at)


@pytest.mark.parametrize("sparse_weights", [False, True])
def test_an_enormous_configuration_is_refused_before_allocating(resumable, sparse_weights):
    outcome = _in_copy(resumable, lambda run: _enormous(run, sparse_weights))
    assert outcome["open"] == "ok", outcome  # opening reads no weights: the settings are shown
    assert "memory" in outcome["load"] and "memory" in outcome["resume"], outcome


def test_a_sound_run_resumes_and_its_checkpoints_keep_the_umasks_permissions(resumable, tmp_path):
    for umask in (0o022, 0o002):
        run = Path(shutil.copytree(resumable, tmp_path / f"run-{umask:o}"))
        old = os.umask(umask)
        try:
            outcome = core_entry_points(run)
        finally:
            os.umask(old)
        assert outcome == {"open": "ok", "summary": "ok", "load": "ok", "resume": "ok"}, outcome
        for name in ("model.safetensors", "train_state.safetensors", "config.json", "metrics.jsonl"):
            assert (run / name).stat().st_mode & 0o777 == 0o666 & ~umask, name


def test_snapshot_sees_a_change(resumable, tmp_path):
    run = Path(shutil.copytree(resumable, tmp_path / "run"))
    before = snapshot(run)
    os.utime(run / "config.json", ns=(1, 1))
    assert snapshot(run) != before
