"""The Embeddings tab: a map of the tokens at each evaluation, a slider over them, neighbours on click, and
its exports; and the scatter on its own."""

from __future__ import annotations

import csv
import io

import numpy as np
import pytest
from PySide6.QtCore import QPointF, Qt
from PySide6.QtWidgets import QToolTip

from playground.core.config import RunConfig
from playground.qt.session import Phase
from playground.qt.widgets.embedding_scatter import EmbeddingScatter
from playground.qt.widgets.token_kinds import KINDS, kind_of, kinds_of, visible

TINY = {
    "model": dict(block_size=32, n_layer=1, n_head=2, n_embd=32, dropout=0.0),
    "train": dict(batch_size=8, max_iters=40, learning_rate=5e-3, min_lr=5e-4, warmup_iters=5,
                  eval_interval=20, eval_iters=2, sample_tokens=8, device="cpu", threads=1),
}


def longer(session, max_iters=60, eval_interval=10):
    """A tiny config with more evaluations: a map at each of them."""
    cfg = RunConfig.from_dict(TINY)
    cfg.train.max_iters, cfg.train.eval_interval = max_iters, eval_interval
    cfg.data = session.form.config.data
    assert session.form.set_config(cfg)


def train_to_end(qtbot, session):
    qtbot.waitUntil(lambda: session.generation.model_view is not None and session.training.phase is Phase.IDLE,
                    timeout=60_000)
    qtbot.waitUntil(lambda: not session.busy, timeout=30_000)


def test_the_slider_follows_each_evaluation_and_stays_where_the_user_put_it(qtbot, make_window, corpus_file):
    session, window = make_window(str(corpus_file))
    panel = window.embedding_panel
    window.act_embeddings.trigger()  # one click from the View menu
    assert window.tabs.currentWidget() is panel
    assert window.tabs.tabText(window.tabs.indexOf(panel)) == "Embeddings"
    assert panel.stack.currentWidget() is panel.empty and "No model yet" in panel.empty.text()
    assert not panel.scatter.export_csv.isEnabled() and not panel.search.isEnabled()  # nothing to save or find
    longer(session, max_iters=120)
    seen = []  # (frames, the slider's maximum, its value) each time the history changes
    session.inspector.framesChanged.connect(
        lambda: seen.append((len(session.inspector.frames), panel.slider.maximum(), panel.slider.value())))
    assert session.training.start()
    qtbot.waitUntil(lambda: len(session.inspector.frames) >= 3, timeout=60_000)
    assert panel.slider.value() == len(session.inspector.frames) - 1  # at the end: the newest map
    panel.slider.setValue(1)
    moved_at = len(session.inspector.frames)
    train_to_end(qtbot, session)

    frames = session.inspector.frames
    assert len(frames) > moved_at  # maps kept coming after the slider was moved back
    grown = [(n, top, value) for n, top, value in seen if n]
    assert [n for n, _, _ in grown] == list(range(1, len(frames) + 1))  # one more at each evaluation
    assert all(top == n - 1 for n, top, _ in grown)
    assert panel.slider.value() == 1  # the user moved it back: it stayed there while maps kept coming
    assert panel.stack.currentWidget() is panel.scatter and panel.scatter.export_csv.isEnabled()
    np.testing.assert_allclose(panel.scatter.plotted_xy(), frames[1].xy)
    assert f"Step {frames[1].iter} of the run {frames[1].run_name}, evaluation 2 of {len(frames)}" \
        == panel.frame_label.text()
    panel.slider.setValue(len(frames) - 1)
    np.testing.assert_allclose(panel.scatter.plotted_xy(), frames[-1].xy)
    # the view holds every map seen, so points move across a still map
    view = panel.scatter.vb.viewRect()
    for f in frames:
        (x0, y0), (x1, y1) = f.xy.min(axis=0), f.xy.max(axis=0)
        assert view.left() <= x0 and x1 <= view.right() and view.top() <= y0 and y1 <= view.bottom()


def test_clicking_a_token_lists_the_models_own_neighbours(qtbot, make_window, corpus_file):
    from playground.core.inspection import neighbours, token_embeddings

    session, window = make_window(str(corpus_file))
    panel = window.embedding_panel
    window.tabs.setCurrentWidget(panel)
    assert session.training.start()
    train_to_end(qtbot, session)
    window.tabs.setCurrentWidget(panel)
    scatter = panel.scatter
    assert panel.shown_frame() == len(session.inspector.frames) - 1
    token = scatter.find("a")
    assert session.inspector.tokens[token] == "a"
    # a real click on the point: from the map's coordinates to the widget's pixels
    view = scatter.graphics
    scene_pos = scatter.vb.mapViewToScene(QPointF(*map(float, scatter.xy[token])))
    qtbot.mouseMove(view.viewport(), view.mapFromScene(scene_pos))
    qtbot.waitUntil(lambda: scatter.hovered == token, timeout=2_000)
    assert QToolTip.text() == scatter.tooltip_for(token)  # its nearest tokens, on hover
    qtbot.mouseClick(view.viewport(), Qt.LeftButton, pos=view.mapFromScene(scene_pos))
    assert scatter.selected == token
    want = neighbours(token_embeddings(session.generation.model_view.model), token, 8)
    listed = panel.neighbours_listed()
    assert [i for i, _ in listed] == [i for i, _ in want]
    np.testing.assert_allclose([c for _, c in listed], [c for _, c in want], atol=2e-3)
    assert "Nearest tokens to a" in panel.near_title.text()
    # the hover tip says the same
    tip = scatter.tooltip_for(token)
    assert all(visible(session.inspector.tokens[i]) in tip for i, _ in want)
    # the interface's language changes under it: the selection and its list stay
    window.switch_language("zh_CN")
    assert panel.neighbours_listed() == listed and "a" in panel.near_title.text()
    window.switch_language("en")
    # a neighbour in the list selects it in turn
    panel.near_list.itemClicked.emit(panel.near_list.item(0))
    assert scatter.selected == want[0][0]
    # the search box finds a token by its text
    qtbot.keyClicks(panel.search, "·")
    assert session.inspector.tokens[scatter.selected] == " "
    panel.search.clear()
    qtbot.keyClicks(panel.search, "%")
    assert panel.search_note.isVisibleTo(panel) and "%" in panel.search_note.text()


def test_the_exports_hold_the_map_shown(qtbot, make_window, corpus_file, tmp_path):
    session, window = make_window(str(corpus_file))
    panel = window.embedding_panel
    window.tabs.setCurrentWidget(panel)
    assert session.training.start()
    train_to_end(qtbot, session)
    panel.slider.setValue(0)
    frame, tokens = session.inspector.frames[0], session.inspector.tokens

    assert panel.scatter.save_csv(str(tmp_path / "map.csv"))
    rows = list(csv.reader(io.StringIO((tmp_path / "map.csv").read_text(encoding="utf-8"), newline="")))
    assert rows[0][:5] == ["id", "token", "kind", "x", "y"] and rows[0][5:7] == ["neighbour_1", "cosine_1"]
    assert len(rows) == 1 + len(tokens)
    assert [r[1] for r in rows[1:]] == tokens  # the tokens' own text, "\n" and " " included
    xy = np.array([[float(r[3]), float(r[4])] for r in rows[1:]])
    np.testing.assert_allclose(xy, frame.xy, rtol=1e-4, atol=1e-6)
    for r, ids, cos in zip(rows[1:], frame.near_ids, frame.near_cos):
        assert r[5::2] == [tokens[i] for i in ids]
        np.testing.assert_allclose([float(c) for c in r[6::2]], cos, atol=1e-4)

    assert panel.scatter.save_png(str(tmp_path / "map.png"))
    from PySide6.QtGui import QImage
    image = QImage(str(tmp_path / "map.png"))
    assert not image.isNull() and image.width() > 200 and image.height() > 200


def test_a_failed_export_is_reported_not_raised(qtbot, make_window, corpus_file, tmp_path):
    session, window = make_window(str(corpus_file))
    with qtbot.waitSignal(session.notices.problem, timeout=5_000):
        assert window.embedding_panel.scatter.save_csv(str(tmp_path / "no" / "such" / "dir" / "map.csv")) is None


# --- the kinds and the scatter on their own ----------------------------------------------------------------

def test_token_kinds_put_digits_in_one_class():
    digits = kinds_of(list("0123456789") + [" 42", "2024"])
    assert len(set(digits.tolist())) == 1 and KINDS[digits[0]][0] == "digit"
    others = {kind_of(t) for t in ["a", "e", " the", "b", "B", "The", ",", "!?", " ", "\n", "月", "，",
                                   "<|endoftext|>", "\\xe4"]}
    assert "digit" not in others
    assert [kind_of(t) for t in ("a", "e", "b", " the", "B", "The", ",", "，", " ", "\n", "月", "<|endoftext|>",
                                 "\\xe4")] == ["vowel", "vowel", "lower", "lower", "upper", "upper", "punct",
                                               "punct", "space", "space", "cjk", "other", "other"]
    assert visible(" the\n") == "·the↵" and visible("") == "∅"


def frame(n, rng, scale=1.0):
    xy = (rng.normal(size=(n, 2)) * scale).astype(np.float32)
    near = np.stack([(np.arange(n) + k) % n for k in range(1, 9)], axis=1).astype(np.int32)
    return xy, near, np.linspace(0.9, 0.1, 8, dtype=np.float32)[None].repeat(n, axis=0)


def test_the_scatter_labels_what_fits_and_keeps_its_range(qtbot):
    rng = np.random.default_rng(0)
    scatter = EmbeddingScatter(lambda e: None)
    qtbot.addWidget(scatter)
    scatter.resize(900, 600)
    scatter.show()
    scatter.ensure_plot()
    small = list("abcdefghij")
    scatter.set_tokens(small)
    xy = np.stack([np.arange(10) * 10.0, np.arange(10) % 3 * 10.0], axis=1).astype(np.float32)
    scatter.set_frame(xy, *frame(10, rng)[1:])
    qtbot.wait(50)  # the view lays itself out
    scatter.grab()
    assert scatter.labels.drawn == 10  # a few tokens, far apart: every one labelled

    tokens = [f"t{i}" for i in range(4000)]
    scatter.set_tokens(tokens)
    scatter.set_frame(*frame(4000, rng, scale=1.0))
    scatter.grab()
    assert 50 < scatter.labels.drawn < 4000  # thousands: only those that fit, none on another
    wide = scatter.vb.viewRect()
    scatter.set_frame(*frame(4000, rng, scale=0.5))  # a tighter map: the range stays, no jump
    assert scatter.vb.viewRect() == wide
    scatter.set_frame(*frame(4000, rng, scale=3.0))  # a wider one: the range grows to hold it
    assert scatter.vb.viewRect().width() > wide.width()
    np.testing.assert_array_equal(scatter.neighbours_of(5)[0], (6, pytest.approx(0.9)))
    assert scatter.find("t12") == 12 and scatter.find("nothing") == -1

    with pytest.raises(ValueError):
        scatter.set_frame(*frame(10, rng))  # a map of another vocabulary


def test_a_new_map_moves_its_points_there_unless_the_vocabulary_is_large(qtbot):
    rng = np.random.default_rng(1)
    scatter = EmbeddingScatter(lambda e: None)
    qtbot.addWidget(scatter)
    scatter.show()
    scatter.set_tokens([f"t{i}" for i in range(100)])
    first, second = frame(100, rng), frame(100, rng)
    scatter.set_frame(*first)
    scatter.set_frame(*second, animate=True)
    assert not np.allclose(scatter.plotted_xy(), second[0])  # on their way
    qtbot.waitUntil(lambda: np.allclose(scatter.plotted_xy(), second[0]), timeout=3_000)
    scatter.set_tokens([f"t{i}" for i in range(3000)])
    scatter.set_frame(*frame(3000, rng))
    third = frame(3000, rng)
    scatter.set_frame(*third, animate=True)
    np.testing.assert_allclose(scatter.plotted_xy(), third[0])  # at once: each step would cost too much
