"""The session's parts on their own, without a window: what each decides, through its public API."""

from __future__ import annotations

import pytest
from PySide6.QtCore import QSettings

from playground.core.config import RunConfig
from playground.qt.actions import TrainingActions
from playground.qt.session import Phase, Session

TEXT = "".join(f"the cat sat on the mat number {i % 10}. the dog ran to the park and back.\n" for i in range(300))


@pytest.fixture
def session(qtbot, tmp_path):
    s = Session(tmp_path / "runs", QSettings())
    yield s
    s.workers.stop_all()
    qtbot.waitUntil(lambda: not s.busy, timeout=30_000)


def test_the_newest_corpus_request_wins_and_requests_made_meanwhile_are_merged(qtbot, session):
    views = []
    session.corpus.changed.connect(views.append)
    with qtbot.waitSignal(session.corpus.analysingChanged, check_params_cb=lambda busy: not busy, timeout=30_000):
        session.corpus.load_text(TEXT, "cats")
        # while the first analysis runs: three changes of the data settings, of which only the last matters
        for share in (0.2, 0.3, 0.4):
            assert session.form.update_field("data", "val_fraction", share)
        assert session.corpus.analysing
    assert len(views) == 2  # the load, then one analysis for the three changes, not three
    stats = views[-1].stats
    assert stats["val_tokens"] == int(stats["tokens"] * 0.4)
    assert session.corpus.view is views[-1] and not session.corpus.analysing


def test_one_rule_enables_train_pause_and_stop(qtbot, session):
    actions = TrainingActions(session.training, session.form, session.corpus)
    with qtbot.waitSignal(session.corpus.analysingChanged, check_params_cb=lambda busy: not busy, timeout=30_000):
        session.corpus.load_text(TEXT, "cats")
        assert not actions.train.isEnabled()  # being tokenized
    assert actions.train.isEnabled() and not actions.pause.isEnabled() and not actions.stop.isEnabled()
    session.form.update_field("model", "n_head", 3)  # 3 does not divide n_embd
    assert not actions.train.isEnabled() and session.form.validity[1] == "n_embd"


def test_a_locked_form_refuses_changes_and_says_why(qtbot, session):
    problems = []
    session.notices.problem.connect(problems.append)
    session.form.set_locked(True)
    before = session.form.config.to_dict()
    cfg = RunConfig.from_dict(before)
    cfg.model.n_layer += 1
    assert session.form.set_config(cfg) is False
    assert session.form.config.to_dict() == before and len(problems) == 1 and problems[0]
    session.form.set_locked(False)
    assert session.form.set_config(cfg) and session.form.config.model.n_layer == cfg.model.n_layer


def test_a_run_stopped_while_it_is_prepared_leaves_no_run_shown(qtbot, session):
    session.form.set_config(RunConfig.from_dict({
        "model": dict(block_size=16, n_layer=1, n_head=2, n_embd=16),
        "train": dict(batch_size=4, max_iters=50, eval_iters=1, sample_tokens=0, device="cpu", threads=1)}))
    with qtbot.waitSignal(session.corpus.analysingChanged, check_params_cb=lambda busy: not busy, timeout=30_000):
        session.corpus.load_text(TEXT, "cats")
    phases = []
    session.training.phaseChanged.connect(phases.append)
    assert session.training.start()
    assert session.training.stop()
    qtbot.waitUntil(lambda: session.training.phase is Phase.IDLE, timeout=60_000)
    assert phases[:2] == [Phase.PREPARING, Phase.STOPPING] and phases[-1] is Phase.IDLE
    assert all(isinstance(p, Phase) for p in phases)
    assert session.library.run is None and not any((session.library.runs_dir).glob("*/config.json"))
