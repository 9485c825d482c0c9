"""Hostile run folders opened in the app (`Session.library.open`): each ends in a `problem` message (shown in
the info bar) or in the run opening, never in the "unexpected error" dialog, and a refusal changes nothing."""

from __future__ import annotations

import json
import os
import shutil
from pathlib import Path

import pytest

pytest.importorskip("PySide6")
pytest.importorskip("pytestqt")

from tests.support import snapshot  # noqa: E402


def _deep(run):
    (run / "config.json").write_bytes(b"[" * 100_000 + b"]" * 100_000)


def _huge_int(run):
    (run / "tokenizer.json").write_bytes(b'{"kind": "char", "chars": ' + b"9" * 5000 + b"}")


def _wrong_types(run):
    doc = json.loads((run / "config.json").read_bytes())
    doc.update(format_version=True)
    (run / "config.json").write_text(json.dumps(doc))


def _enormous(run):
    doc = json.loads((run / "config.json").read_bytes())
    doc["model"].update(n_embd=8192, n_layer=64, n_head=64, block_size=8192)
    (run / "config.json").write_text(json.dumps(doc))


def _fifo(name):
    def change(run):
        (run / name).unlink()
        os.mkfifo(run / name)
    return change


def _dev_zero(run):
    (run / "model.safetensors").unlink()
    os.symlink("/dev/zero", run / "model.safetensors")


def _wrong_shape(run):
    path = run / "model.safetensors"
    data = path.read_bytes()
    n = int.from_bytes(data[:8], "little")
    header = json.loads(data[8:8 + n])
    name = next(k for k, v in header.items() if k != "__metadata__" and len(v["shape"]) == 2)
    header[name]["shape"] = header[name]["shape"][::-1] if len(set(header[name]["shape"])) > 1 else [1, -1]
    raw = json.dumps(header).encode()
    path.write_bytes(len(raw).to_bytes(8, "little") + raw + data[8 + n:])


CASES = {"deep JSON": _deep, "huge integer": _huge_int, "wrong types": _wrong_types, "enormous model": _enormous,
         "pipe for config.json": _fifo("config.json"), "pipe for metrics.jsonl": _fifo("metrics.jsonl"),
         "/dev/zero for the weights": _dev_zero, "weights of the wrong shape": _wrong_shape}


@pytest.mark.skipif(os.name != "posix", reason="named pipes and /dev are POSIX")
@pytest.mark.parametrize("case", sorted(CASES))
def test_the_app_refuses_a_hostile_run_with_a_message(qtbot, session, tmp_path, trained, case):
    run = Path(shutil.copytree(trained, tmp_path / "downloaded-run"))
    CASES[case](run)
    before = snapshot(run)
    problems, bugs = [], []
    session.notices.problem.connect(problems.append)
    session.notices.unexpected.connect(bugs.append)
    assert session.library.open(run)
    qtbot.waitUntil(lambda: not session.busy, timeout=30_000)
    assert not bugs, bugs
    assert problems and problems[-1].strip(), problems
    assert snapshot(run) == before
