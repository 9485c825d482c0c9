"""The Inspector on its own: inspections of the model in memory and of one still training, the newest
request winning, and the embedding map's frames over a run's evaluations."""

from __future__ import annotations

import numpy as np
import pytest
from PySide6.QtCore import QSettings

from playground.core import events as ev
from playground.core.config import RunConfig
from playground.qt.session import Phase, Session

TEXT = "".join(f"the cat sat on the mat number {i % 10}. the dog ran to the park and back.\n" for i in range(300))
TINY = {
    "model": dict(block_size=32, n_layer=2, n_head=2, n_embd=32, dropout=0.0),
    "train": dict(batch_size=8, max_iters=60, learning_rate=5e-3, min_lr=5e-4, warmup_iters=5,
                  eval_interval=20, eval_iters=2, sample_tokens=8, device="cpu", threads=1),
}


@pytest.fixture
def session(qtbot, tmp_path):
    s = Session(tmp_path / "runs", QSettings())
    with qtbot.waitSignal(s.corpus.analysingChanged, check_params_cb=lambda busy: not busy, timeout=30_000):
        s.corpus.load_text(TEXT, "cats")
    cfg = RunConfig.from_dict(TINY)
    cfg.data = s.form.config.data
    assert s.form.set_config(cfg)
    yield s
    s.stop_all()
    qtbot.waitUntil(lambda: not s.busy, timeout=60_000)


def train_to_end(qtbot, s):
    assert s.training.start()
    qtbot.waitUntil(lambda: s.generation.model_view is not None and s.training.phase is Phase.IDLE, timeout=60_000)


def test_without_a_model_nothing_is_asked(session):
    assert not session.inspector.has_model()
    assert not session.inspector.inspect("text", "the cat")


def test_the_newest_request_on_a_channel_wins(qtbot, session):
    train_to_end(qtbot, session)
    seen = []
    session.inspector.inspected.connect(seen.append)
    for text in ("the", "the c", "the ca", "the cat"):
        assert session.inspector.inspect("text", text)
    qtbot.waitUntil(lambda: not session.busy, timeout=30_000)
    # the first ran at once; of the three asked meanwhile only the last
    assert [s.text for s in seen] == ["the", "the cat"]
    last = seen[-1].inspection
    assert last.tokens == list("the cat")
    assert last.attention.shape == (2, 2, 7, 7)
    assert 0 <= last.token_probs[1] <= 1


def test_an_unknown_character_is_said_on_the_channel(qtbot, session):
    train_to_end(qtbot, session)
    with qtbot.waitSignal(session.inspector.inspectFailed, timeout=30_000) as got:
        session.inspector.inspect("bars", "the cat 🐈")
    channel, why = got.args
    assert channel == "bars" and "🐈" in why


def test_the_live_model_is_inspected_between_steps(qtbot, session):
    cfg = RunConfig.from_dict(TINY)
    cfg.train.max_iters = 100_000
    cfg.data = session.form.config.data
    session.form.set_config(cfg)
    assert session.training.start()
    qtbot.waitUntil(lambda: session.training.phase is Phase.TRAINING, timeout=60_000)
    with qtbot.waitSignal(session.inspector.inspected, timeout=30_000) as got:
        assert session.inspector.inspect("text", "the dog", attention=False)
    seen = got.args[0]
    assert seen.inspection.attention is None and seen.inspection.tokens == list("the dog")
    assert abs(float(seen.distribution(_greedy()).sum()) - 1) < 1e-5
    session.training.stop()


def _greedy():
    from playground.core.config import SampleConfig
    return SampleConfig(temperature=0.0)


def test_the_embedding_map_gains_a_frame_at_each_evaluation(qtbot, session):
    session.inspector.follow_embeddings()
    train_to_end(qtbot, session)
    qtbot.waitUntil(lambda: not session.busy, timeout=30_000)
    frames = session.inspector.frames
    # evaluations after 0, 20, 40 and 60 steps; the model saved at the end is the last frame, not another
    assert [f.iter for f in frames] == [0, 20, 40, 60]
    vocab = session.generation.model_view.tokenizer.vocab_size
    assert len(session.inspector.tokens) == vocab
    for f in frames:
        assert f.xy.shape == (vocab, 2) and f.near_ids.shape == (vocab, 8)
        assert not (f.near_ids == np.arange(vocab)[:, None]).any()  # no token is its own neighbour
    # the map moves as the model learns
    assert np.abs(frames[-1].xy - frames[0].xy).max() > 1e-3


def test_a_new_run_starts_a_new_history(qtbot, session):
    session.inspector.follow_embeddings()
    train_to_end(qtbot, session)
    qtbot.waitUntil(lambda: not session.busy, timeout=30_000)
    first_run = session.inspector.frames[0].run_name
    train_to_end(qtbot, session)
    qtbot.waitUntil(lambda: not session.busy, timeout=30_000)
    assert {f.run_name for f in session.inspector.frames} == {session.training.run.name} != {first_run}


def test_a_map_opened_during_a_run_names_its_step(qtbot, session):
    cfg = RunConfig.from_dict(TINY)
    cfg.train.max_iters = 100_000
    cfg.train.eval_interval = 100_000
    cfg.data = session.form.config.data
    session.form.set_config(cfg)
    steps = []
    session.training.eventReceived.connect(lambda e: steps.append(e.iter) if isinstance(e, ev.Step) else None)
    assert session.training.start()
    qtbot.waitUntil(lambda: len(steps) >= 5, timeout=60_000)
    with qtbot.waitSignal(session.inspector.framesChanged, timeout=30_000):
        session.inspector.follow_embeddings()
    # between the steps seen when it was asked and those seen when it came back
    assert steps[4] + 1 <= session.inspector.frames[0].iter <= steps[-1] + 1
    session.training.stop()


def test_a_map_of_a_saved_model_names_its_steps(qtbot, session):
    train_to_end(qtbot, session)
    qtbot.waitUntil(lambda: not session.busy, timeout=30_000)
    with qtbot.waitSignal(session.inspector.framesChanged, timeout=30_000):
        session.inspector.follow_embeddings()
    assert session.inspector.frames[0].iter == 60  # steps done, as the evaluations count them
