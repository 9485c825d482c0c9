"""Fixtures for driving the real main window offscreen, with settings and runs kept in a temporary folder."""

from __future__ import annotations

import pytest

pytest.importorskip("PySide6")
pytest.importorskip("pytestqt")

from PySide6.QtCore import QCoreApplication, QSettings  # noqa: E402

# A few kilobytes of text with plenty of repetition: a tiny model's loss falls within tens of steps.
TEXT = "".join(f"the cat sat on the mat number {i % 10}. the dog ran to the park and back.\n" for i in range(300))

TINY = {
    "model": dict(block_size=32, n_layer=1, n_head=2, n_embd=32, dropout=0.0),
    "train": dict(batch_size=8, max_iters=40, learning_rate=5e-3, min_lr=5e-4, warmup_iters=5,
                  eval_interval=20, eval_iters=2, sample_tokens=24, device="cpu", threads=1),
}


@pytest.fixture(autouse=True)
def isolated_settings(tmp_path, monkeypatch):
    """Point every QSettings at a temporary INI file so tests never read or write the user's settings."""
    QCoreApplication.setOrganizationName("TransformerPlaygroundTests")
    QCoreApplication.setApplicationName("tests")
    QSettings.setDefaultFormat(QSettings.IniFormat)
    QSettings.setPath(QSettings.IniFormat, QSettings.UserScope, str(tmp_path / "settings"))
    monkeypatch.setenv("XDG_DATA_HOME", str(tmp_path / "data"))
    monkeypatch.setenv("PLAYGROUND_RUNS_DIR", str(tmp_path / "default-runs"))
    yield tmp_path / "settings"


@pytest.fixture
def corpus_file(tmp_path):
    path = tmp_path / "cats.txt"
    path.write_text(TEXT, encoding="utf-8")
    return path


@pytest.fixture
def make_window(qtbot, tmp_path, monkeypatch):
    """make_window(*argv) -> (session, window), shown, with the corpus loaded and the tiny config applied."""
    from playground.core.config import RunConfig
    from playground.qt.app import create_window, parse_args
    from playground.qt.main_window import MainWindow

    # closing during training asks first; the tests answer yes (one test answers no explicitly)
    monkeypatch.setattr(MainWindow, "confirm_quit_while_training", lambda self: True)
    made = []

    def make(*argv, tiny=True, wait_corpus=True):
        args = parse_args([*argv, "--runs-dir", str(tmp_path / "runs"), "--lang", "en"])
        session, window = create_window(args)
        made.append((session, window))
        # not qtbot.addWidget: pytest-qt deletes its widgets before fixtures end, and the session (stopped
        # below) would then still signal to a deleted window; the window is closed after the session stops
        window.show()
        if wait_corpus:
            qtbot.waitUntil(lambda: session.corpus.view is not None and not session.corpus.analysing, timeout=30_000)
        if tiny:
            cfg = RunConfig.from_dict(TINY)
            cfg.data = session.form.config.data
            assert session.form.set_config(cfg)
        return session, window

    yield make
    for session, window in made:
        session.shutdown()
        qtbot.waitUntil(lambda: not session.busy, timeout=60_000)
        window.close()
        window.deleteLater()
    QCoreApplication.processEvents()
