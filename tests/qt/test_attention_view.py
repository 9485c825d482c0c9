"""The Attention view in the real window: every head of a trained model, the chosen one large and equal to a
direct inspection of the same text, hover, a token chosen as the query, exports, and no cost while hidden."""

from __future__ import annotations

import csv

import numpy as np
import pytest
from PySide6.QtCore import QEvent, QPoint, QPointF, Qt
from PySide6.QtGui import QImage, QMouseEvent, QWheelEvent
from PySide6.QtWidgets import QApplication

from playground.core import events as ev
from playground.qt.session import Phase
from playground.qt.widgets.attention_map import READABLE, AttentionMap
from playground.qt.widgets.head_grid import SIDES, HeadGrid, pooled
from playground.qt.widgets.heatmap import visible

TRAIN_TIMEOUT = 90_000


def two_layers(session):
    assert session.form.update_field("model", "n_layer", 2)


def train_to_end(qtbot, session, window):
    with qtbot.waitSignal(session.workers.idle, timeout=TRAIN_TIMEOUT):
        qtbot.mouseClick(window.training_panel.start, Qt.LeftButton)
    qtbot.waitUntil(lambda: session.generation.model_view is not None and not session.busy, timeout=30_000)


def open_view(qtbot, window, thumbnails):
    window.act_attention.trigger()
    panel = window.attention_panel
    assert window.tabs.currentWidget() is panel
    qtbot.waitUntil(lambda: panel.grid.count() == thumbnails, timeout=30_000)
    return panel


def direct(session, text):
    from playground.core.inspection import inspect_text
    view = session.generation.model_view
    return inspect_text(view.model, view.tokenizer, text)


def move(widget, pos: QPoint) -> None:
    QApplication.sendEvent(widget, QMouseEvent(QEvent.MouseMove, QPointF(pos), QPointF(widget.mapToGlobal(pos)),
                                               Qt.NoButton, Qt.NoButton, Qt.NoModifier))


@pytest.fixture
def trained(qtbot, make_window, corpus_file):
    session, window = make_window(str(corpus_file))
    two_layers(session)
    train_to_end(qtbot, session, window)
    return session, window


def test_every_head_shows_and_the_chosen_one_is_the_models_own(qtbot, trained):
    session, window = trained
    panel = open_view(qtbot, window, 2 * 2)
    # the default text is a validation excerpt, longer than the 32-token window: the view says it shows the end
    text = panel.text.toPlainText()
    assert text and text == session.inspector.excerpt()
    assert panel.status.isVisibleTo(panel) and "32" in panel.status.text() and "last" in panel.status.text()
    seen = direct(session, text)
    assert panel.tokens == seen.tokens and len(panel.tokens) == 32

    qtbot.mouseClick(panel.grid, Qt.LeftButton, pos=panel.grid.thumb_rect(1, 1).center())
    assert panel.head == (1, 1) and panel.grid.chosen == (1, 1)
    assert "Layer 2, head 2" in panel.head_label.text()
    np.testing.assert_allclose(panel.map.weights, seen.attention[1, 1].numpy(), atol=1e-5)
    assert not np.allclose(panel.map.weights, seen.attention[0, 0].numpy(), atol=1e-3)  # another head differs

    # hovering a cell says which query, which key and how much
    q, k = 20, 7
    panel.map.set_cell(16)
    panel.map.ensure_row_visible(q)
    move(panel.map.viewport(), panel.map.cell_centre(q, k))
    weight = float(seen.attention[1, 1, q, k])
    assert panel.readout.text() == (f"query '{visible(seen.tokens[q])}' (position {q}) → "
                                    f"key '{visible(seen.tokens[k])}' (position {k}): {weight:.1%}")
    # above the diagonal a query sees nothing: no readout there
    move(panel.map.viewport(), panel.map.cell_centre(q, q + 3))
    assert panel.readout.text() == panel._readout_hint()


def test_a_clicked_token_is_followed_in_every_head_and_a_second_click_lets_it_go(qtbot, trained):
    session, window = trained
    panel = open_view(qtbot, window, 4)
    attention = panel.attention
    q = 25
    qtbot.mouseClick(panel.strip, Qt.LeftButton, pos=panel.strip.token_rect(q).center().toPoint())
    assert panel.query == panel.grid.query == panel.map.query == panel.strip.query == q
    for layer in range(2):
        for head in range(2):
            assert panel.grid.top_key(layer, head) == int(np.argmax(attention[layer, head, q, :q + 1]))
    np.testing.assert_allclose(panel.strip.tints, attention[0, 0, q, :q + 1])
    assert f"(position {q})" in panel.head_label.text()
    # looked at again (as at an evaluation), the same text keeps its query
    with qtbot.waitSignal(session.inspector.inspected, timeout=30_000):
        assert panel.refresh()
    assert panel.query == panel.grid.query == q
    # every head's thumbnail now draws that row: the grid's picture changes
    with_query = panel.grid.image()
    qtbot.mouseClick(panel.strip, Qt.LeftButton, pos=panel.strip.token_rect(q).center().toPoint())
    assert panel.query is None and panel.grid.query is None and panel.map.query is None and panel.strip.tints is None
    assert panel.grid.image() != with_query

    # a row of the large map chooses its query too
    panel.map.set_cell(12)
    panel.map.ensure_row_visible(10)
    qtbot.mouseClick(panel.map.viewport(), Qt.LeftButton, pos=panel.map.cell_centre(10, 3))
    assert panel.query == 10
    # another text starts without one
    with qtbot.waitSignal(session.inspector.inspected, timeout=30_000):
        panel.text.setPlainText("the dog ran to the park")
    assert panel.query is None and panel.grid.query is None and panel.map.query is None


def test_exports_hold_the_chosen_heads_weights(qtbot, trained, tmp_path):
    session, window = trained
    panel = open_view(qtbot, window, 4)
    panel.choose_head(1, 0)
    T = len(panel.tokens)

    path = panel.save_csv(str(tmp_path / "head.csv"))
    with open(path, encoding="utf-8", newline="") as f:
        rows = list(csv.reader(f))
    assert len(rows) == T + 1 and all(len(r) == T + 1 for r in rows)
    labels = [f"{i}:{visible(t)}" for i, t in enumerate(panel.tokens)]
    assert rows[0][1:] == labels and [r[0] for r in rows[1:]] == labels
    weights = np.array([[float(v) for v in r[1:]] for r in rows[1:]])
    np.testing.assert_allclose(weights.sum(axis=1), 1.0, atol=1e-4)
    assert np.all(np.triu(weights, 1) == 0)  # a query never sees the keys after it
    np.testing.assert_allclose(weights, panel.attention[1, 0], atol=1e-5)

    image = QImage(panel.save_map_png(str(tmp_path / "head.png")))
    assert not image.isNull() and image.width() >= T * 6 and image.height() >= T * 6
    grid = QImage(panel.save_grid_png(str(tmp_path / "grid.png")))
    assert grid.size() == panel.grid.sizeHint(SIDES[1])  # at their largest, whatever the view's width
    for layer in range(2):
        for head in range(2):  # each head's thumbnail is drawn in it: blue where the weight is
            r = panel.grid.thumb_rect(layer, head, SIDES[1])
            blues = [grid.pixelColor(x, y) for x in range(r.left() + 2, r.right() - 2, 3)
                     for y in range(r.top() + 2, r.bottom() - 2, 3)]
            assert any(c.blue() - c.red() > 40 for c in blues), (layer, head)

    # a file that cannot be written is reported, not raised
    reported = []
    panel._report = reported.append
    assert panel.save_csv(str(tmp_path / "no" / "such" / "folder" / "x.csv")) is None and reported


def test_a_hidden_view_asks_nothing_while_a_run_trains(qtbot, make_window, corpus_file):
    session, window = make_window(str(corpus_file))
    asked = []
    inspect = session.inspector.inspect
    session.inspector.inspect = lambda channel, *a, **k: (asked.append(channel), inspect(channel, *a, **k))[1]
    assert window.tabs.currentWidget() is window.training_panel
    train_to_end(qtbot, session, window)
    assert "attention" not in asked
    # shown afterwards, it looks at the saved model at once
    open_view(qtbot, window, 2)
    assert asked.count("attention") == 1


def test_a_shown_view_looks_again_at_each_evaluation(qtbot, make_window, corpus_file):
    session, window = make_window(str(corpus_file))
    window.act_attention.trigger()
    panel = window.attention_panel
    assert "No model yet" in panel.map.empty_text and not panel.inspect_button.isEnabled()
    asked, evals = [], []
    inspect = session.inspector.inspect
    session.inspector.inspect = lambda channel, *a, **k: (
        asked.append((channel, session.training.phase)), inspect(channel, *a, **k))[1]
    session.training.eventReceived.connect(lambda e: evals.append(e) if isinstance(e, ev.Eval) else None)
    # Train brings the training tab to the front; the user goes back to the attention view as it starts
    session.training.phaseChanged.connect(
        lambda phase: window.act_attention.trigger() if phase is Phase.TRAINING else None)
    train_to_end(qtbot, session, window)
    live = [phase for channel, phase in asked if channel == "attention" and phase is Phase.TRAINING]
    assert len(evals) >= 2 and len(live) >= len(evals) - 1  # the last evaluation may come as the run ends
    qtbot.waitUntil(lambda: panel.grid.count() == 2, timeout=30_000)


def test_a_text_the_model_cannot_read_says_why(qtbot, trained):
    session, window = trained
    panel = open_view(qtbot, window, 4)
    with qtbot.waitSignal(session.inspector.inspectFailed, timeout=30_000):
        panel.text.setPlainText("the cat 🐈")
    assert "🐈" in panel.status.text() and panel.grid.count() == 0 and not panel.tokens
    assert "🐈" in panel.map.empty_text
    # a short text that fits the window: no note about the context window
    with qtbot.waitSignal(session.inspector.inspected, timeout=30_000):
        panel.text.setPlainText("the cat sat")
    qtbot.waitUntil(lambda: panel.grid.count() == 4, timeout=10_000)
    assert panel.tokens == list("the cat sat") and not panel.status.isVisibleTo(panel)
    # the validation excerpt comes back with one click
    panel.excerpt_button.click()
    assert panel.text.toPlainText() == session.inspector.excerpt()


# --- the widgets on their own ------------------------------------------------------------------------------

def causal(T, seed=0):
    w = np.tril(np.random.default_rng(seed).random((T, T))).astype(np.float32)
    return w / w.sum(axis=1, keepdims=True)


def test_a_256_token_map_opens_readable_scrolls_and_zooms(qtbot):
    m = AttentionMap()
    qtbot.addWidget(m)
    m.resize(600, 500)
    m.show()
    T = 256
    m.set_map(causal(T), [f"t{i % 10}" for i in range(T)])
    assert m.cell >= READABLE and m._margin() > 16  # labels drawn, at a size that can be read
    assert m.verticalScrollBar().maximum() > 0 and m.horizontalScrollBar().maximum() > 0
    cell = m.cell
    m.zoom_in()
    assert m.cell > cell
    m.fit()
    assert m._margin() + T * m.cell <= 500 and m.verticalScrollBar().maximum() <= 4 + 16
    before = m.cell
    QApplication.sendEvent(m.viewport(), QWheelEvent(QPointF(100, 100), QPointF(100, 100), QPoint(0, 0), QPoint(0, 120),
                                                     Qt.NoButton, Qt.ControlModifier, Qt.NoScrollPhase, False))
    assert m.cell > before
    assert m.cell_at(m.cell_centre(200, 199)) == (200, 199) and m.cell_at(m.cell_centre(10, 11)) is None


def test_a_shrunk_thumbnail_keeps_a_sharp_peak():
    w = np.zeros((256, 256), np.float32)
    w[201, 3] = 1.0
    small = pooled(w, 64)
    assert small.shape == (64, 64) and small.max() == 1.0 and small[201 * 64 // 256, 0] == 1.0


def test_the_grid_chooses_the_clicked_head(qtbot):
    grid = HeadGrid()
    qtbot.addWidget(grid)
    grid.set_weights(np.stack([np.stack([causal(8, i * 3 + j) for j in range(3)]) for i in range(2)]), list("abcdefgh"))
    grid.show()
    assert grid.count() == 6
    with qtbot.waitSignal(grid.headChosen) as got:
        qtbot.mouseClick(grid, Qt.LeftButton, pos=grid.thumb_rect(1, 2).center())
    assert got.args == [1, 2] and grid.chosen == (1, 2)


def test_the_token_strip_wraps_at_line_ends_and_says_which_token_was_clicked(qtbot):
    from playground.qt.widgets.token_strip import TokenStrip
    strip = TokenStrip()
    qtbot.addWidget(strip)
    strip.resize(300, 100)
    strip.show()
    strip.set_tokens(list("ab\ncd ") + ["長", "安"] * 40)
    rects = [strip.token_rect(i) for i in range(len(strip.tokens))]
    assert rects[3].top() > rects[2].top() and rects[3].left() == rects[0].left()  # "c" starts a new line
    assert all(not a.intersects(b) for a, b in zip(rects, rects[1:]))
    assert max(r.right() for r in rects) <= 300 and strip.minimumHeight() >= rects[-1].bottom()
    assert strip.labels[2] == "↵" and strip.labels[5] == "·"
    with qtbot.waitSignal(strip.tokenClicked) as got:
        qtbot.mouseClick(strip, Qt.LeftButton, pos=rects[7].center().toPoint())
    assert got.args == [7]
