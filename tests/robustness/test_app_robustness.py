"""The app's own entry points under hostile input, driven through the Session API (no window needed).

Opening a pickle-based checkpoint or a run whose weights were swapped for one must end in a refusal on
the `problem` signal (shown in the info bar), never in code from the file running or in an "unexpected
error" dialog.
"""

from __future__ import annotations

import shutil

import pytest

pytest.importorskip("PySide6")
pytest.importorskip("pytestqt")

from tests.support import evil_bytes  # noqa: E402


def _open_and_collect(qtbot, session, path):
    problems, bugs, models = [], [], []
    session.notices.problem.connect(problems.append)
    session.notices.unexpected.connect(bugs.append)
    session.generation.modelChanged.connect(models.append)
    assert session.library.open(path)
    qtbot.waitUntil(lambda: not session.busy, timeout=30_000)
    return problems, bugs, models


def test_the_app_refuses_a_pickle_checkpoint(qtbot, session, tmp_path):
    marker = tmp_path / "PAYLOAD_RAN"
    evil = tmp_path / "finetuned.pt"
    evil.write_bytes(evil_bytes(marker))
    problems, bugs, models = _open_and_collect(qtbot, session, evil)
    assert not marker.exists()
    assert not bugs, bugs
    assert problems and "pickle-based" in problems[0] and "never loads" in problems[0]
    assert not models


def test_the_app_refuses_a_run_whose_weights_are_a_pickle(qtbot, session, tmp_path, trained):  # noqa: F811
    marker = tmp_path / "PAYLOAD_RAN"
    run = shutil.copytree(trained, tmp_path / "downloaded-run")
    (run / "model.safetensors").write_bytes(evil_bytes(marker))
    (run / "optimizer.pt").write_bytes(evil_bytes(marker))
    problems, bugs, models = _open_and_collect(qtbot, session, run)
    assert not marker.exists()
    assert not bugs, bugs
    assert problems and "model.safetensors" in problems[-1] and "pickle-based" in problems[-1]
    # no model; none of an earlier run left in its place
    assert models == [None] and session.generation.model_view is None


def test_the_app_opens_a_sound_run_with_stray_pt_files(qtbot, session, tmp_path, trained):  # noqa: F811
    marker = tmp_path / "PAYLOAD_RAN"
    run = shutil.copytree(trained, tmp_path / "run-with-extras")
    (run / "optimizer.pt").write_bytes(evil_bytes(marker))
    problems, bugs, models = _open_and_collect(qtbot, session, run)
    assert not marker.exists() and not bugs and not problems
    assert models and models[-1].origin == "disk"
