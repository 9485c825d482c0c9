"""Where each head looks: a text (by default a piece of the validation text), every head's attention as a small
map, the chosen head large with the tokens on both axes, and a token of the text chosen as the query to see
where it looks in every head.

It asks the Inspector only while it is shown: a hidden view costs training nothing. While a run trains and
the view is shown, it looks again at each evaluation.
"""

from __future__ import annotations


import numpy as np
from PySide6.QtCore import QEvent, Qt, QTimer
from PySide6.QtGui import QAction, QKeySequence, QShortcut
from PySide6.QtWidgets import (QHBoxLayout, QLabel, QMenu, QPlainTextEdit, QPushButton, QScrollArea,
                               QSplitter, QToolButton, QVBoxLayout, QWidget)

from playground.core import events as ev
from playground.qt.widgets.attention_map import AttentionMap
from playground.qt.widgets.exports import png_bytes, save_export
from playground.qt.widgets.head_grid import HeadGrid
from playground.qt.widgets.heatmap import visible
from playground.qt.widgets.token_strip import TokenStrip

CHANNEL = "attention"
DEBOUNCE_MS = 400   # typing pauses this long before the text is inspected again


class AttentionPanel(QWidget):

    def __init__(self, inspector, generation, training, report, parent=None):
        # inspector: the forward passes; generation and training: when the model changes; report: shows an
        # export that could not be written
        super().__init__(parent)
        self.inspector, self.generation, self.training, self._report = inspector, generation, training, report
        self.attention = np.zeros((0, 0, 0, 0), np.float32)  # (n_layer, n_head, T, T) of the text shown
        self.tokens: list[str] = []
        self.head = (0, 0)
        self.query: int | None = None
        self._stale = True         # something changed while the view was hidden: look again when shown
        self._problem = ""         # why the text could not be inspected, in words
        self._cut: tuple[int, int] | None = None   # (the text's tokens, those read) when it is over the window
        self._text_shown = ""

        self.status = QLabel()
        self.status.setWordWrap(True)
        self.text = QPlainTextEdit()
        self.text.setMaximumHeight(64)
        self.excerpt_button = QPushButton()
        self.excerpt_button.clicked.connect(self.use_excerpt)
        self.inspect_button = QPushButton()
        self.inspect_button.clicked.connect(self.refresh)
        buttons = QVBoxLayout()
        buttons.addWidget(self.inspect_button)
        buttons.addWidget(self.excerpt_button)
        buttons.addStretch(1)
        text_row = QHBoxLayout()
        text_row.addWidget(self.text, 1)
        text_row.addLayout(buttons)

        self.strip_label = QLabel()
        self.strip_label.setWordWrap(True)
        self.strip_label.setStyleSheet("color: palette(mid);")
        self.strip = TokenStrip()
        self.strip.tokenClicked.connect(self.toggle_query)
        strip_scroll = QScrollArea()
        strip_scroll.setWidget(self.strip)
        strip_scroll.setWidgetResizable(True)
        strip_scroll.setMaximumHeight(96)
        strip_scroll.setHorizontalScrollBarPolicy(Qt.ScrollBarAlwaysOff)

        self.grid_label = QLabel()
        self.grid_label.setWordWrap(True)
        self.grid = HeadGrid()
        self.grid.headChosen.connect(self.choose_head)
        self.grid_scroll = grid_scroll = QScrollArea()
        grid_scroll.setWidget(self.grid)
        grid_scroll.setAlignment(Qt.AlignLeft | Qt.AlignTop)
        grid_scroll.viewport().installEventFilter(self)  # the thumbnails fit its width
        left = QWidget()
        ll = QVBoxLayout(left)
        ll.setContentsMargins(0, 0, 0, 0)
        ll.addWidget(self.grid_label)
        ll.addWidget(grid_scroll, 1)

        self.head_label = QLabel()
        self.head_label.setStyleSheet("font-weight: bold;")
        self.zoom_out = QToolButton()
        self.zoom_in = QToolButton()
        self.fit = QToolButton()
        self.export = QToolButton()
        self.export.setPopupMode(QToolButton.InstantPopup)
        self.save_map_action, self.save_grid_action, self.save_csv_action = QAction(self), QAction(self), QAction(self)
        self.save_map_action.triggered.connect(lambda: self.save_map_png())
        self.save_grid_action.triggered.connect(lambda: self.save_grid_png())
        self.save_csv_action.triggered.connect(lambda: self.save_csv())
        menu = QMenu(self)
        menu.addActions([self.save_map_action, self.save_grid_action, self.save_csv_action])
        self.export.setMenu(menu)
        self.map = AttentionMap()
        self.map.hovered.connect(lambda text: self.readout.setText(text or self._readout_hint()))
        self.map.queryClicked.connect(self.toggle_query)
        for keys, zoom in ((QKeySequence.ZoomIn, self.map.zoom_in), (QKeySequence.ZoomOut, self.map.zoom_out)):
            QShortcut(keys, self, activated=zoom, context=Qt.WidgetWithChildrenShortcut)
        self.zoom_out.clicked.connect(self.map.zoom_out)
        self.zoom_in.clicked.connect(self.map.zoom_in)
        self.fit.clicked.connect(self.map.fit)
        self.readout = QLabel()
        self.readout.setStyleSheet("color: palette(mid);")
        tools = QHBoxLayout()
        tools.addWidget(self.head_label, 1)
        for button in (self.zoom_out, self.zoom_in, self.fit, self.export):
            tools.addWidget(button)
        right = QWidget()
        rl = QVBoxLayout(right)
        rl.setContentsMargins(0, 0, 0, 0)
        rl.addLayout(tools)
        rl.addWidget(self.map, 1)
        rl.addWidget(self.readout)

        split = QSplitter(Qt.Horizontal)
        split.addWidget(left)
        split.addWidget(right)
        split.setStretchFactor(1, 1)
        split.setSizes([380, 520])
        split.setChildrenCollapsible(False)
        layout = QVBoxLayout(self)
        layout.addWidget(self.status)
        layout.addLayout(text_row)
        layout.addWidget(self.strip_label)
        layout.addWidget(strip_scroll)
        layout.addWidget(split, 1)

        self._debounce = QTimer(self)
        self._debounce.setSingleShot(True)
        self._debounce.setInterval(DEBOUNCE_MS)
        self._debounce.timeout.connect(self.refresh)
        self.text.textChanged.connect(self._debounce.start)
        inspector.inspected.connect(self._inspected)
        inspector.inspectFailed.connect(self._failed)
        training.eventReceived.connect(self._training_event)
        training.phaseChanged.connect(lambda _p: self._model_changed())
        generation.modelChanged.connect(lambda _m: self._model_changed())
        self.retranslate()

    # --- asking ----------------------------------------------------------------------------------------

    def refresh(self) -> bool:
        """Inspect the text now if the view is shown; else once it is. True when it asked."""
        self._debounce.stop()
        if not self.isVisible():
            self._stale = True
            return False
        self._stale = False
        if not self.inspector.has_model():
            self._problem = ""
            self._show_status()
            return False
        if not self.text.toPlainText().strip():
            excerpt = self.inspector.excerpt()
            if excerpt:
                self.text.setPlainText(excerpt)  # the user sees what is inspected
                self._debounce.stop()
        text = self.text.toPlainText()
        if not text.strip():
            self._show_status()
            return False
        return self.inspector.inspect(CHANNEL, text, top_k=1, attention=True)

    def use_excerpt(self) -> None:
        """Inspect a piece of the validation text: text the model was never trained on."""
        self.text.setPlainText(self.inspector.excerpt())
        self.refresh()

    def showEvent(self, event):
        super().showEvent(event)
        if self._stale:
            QTimer.singleShot(0, self.refresh)  # once the tab is drawn

    def _training_event(self, event) -> None:
        if isinstance(event, ev.Eval) and self.training.live:
            self.refresh()

    def _model_changed(self) -> None:
        self._show_status()
        if self.inspector.has_model():
            self.refresh()

    # --- answers ---------------------------------------------------------------------------------------

    def _inspected(self, seen) -> None:
        if seen.channel != CHANNEL:
            return
        inspection = seen.inspection
        if inspection.attention is None:
            return
        self.attention, self.tokens = inspection.attention.numpy(), list(inspection.tokens)
        n_layer, n_head = self.attention.shape[:2]
        self.head = (min(self.head[0], n_layer - 1), min(self.head[1], n_head - 1))
        # the same text looked at again (at an evaluation) keeps its query; another text starts without one
        if seen.text != self._text_shown or (self.query is not None and self.query >= len(self.tokens)):
            self.query = None
        self._text_shown = seen.text
        self._problem = ""
        self._cut = self._context_cut(seen)
        self.grid.set_weights(self.attention, self.tokens)
        self.grid.set_chosen(*self.head)
        self.grid.set_query(self.query)
        self.strip.set_tokens(self.tokens)
        self._show_head()
        self._show_status()

    @staticmethod
    def _context_cut(seen) -> tuple[int, int] | None:
        from playground.core.encodings import normalise
        shown = len(seen.inspection.tokens)
        total = len(seen.tokenizer.encode(normalise(seen.text))) if seen.text else shown
        return (total, shown) if total > shown else None

    def _failed(self, channel: str, why: str) -> None:
        if channel != CHANNEL:
            return
        self._problem = why
        self.attention, self.tokens, self.query = np.zeros((0, 0, 0, 0), np.float32), [], None
        self._text_shown = ""
        self.grid.set_weights(self.attention, [])
        self.grid.set_query(None)
        self.strip.set_tokens([])
        self._show_head()
        self._show_status()

    # --- choosing --------------------------------------------------------------------------------------

    def choose_head(self, layer: int, head: int) -> None:
        self.head = (layer, head)
        self.grid.set_chosen(layer, head)
        self._show_head()

    def toggle_query(self, q: int) -> None:
        """Choose token q as the query; choosing it again lets it go."""
        self.set_query(None if q == self.query else q)

    def set_query(self, q: int | None) -> None:
        self.query = q
        self.grid.set_query(q)
        self._show_head()

    def _show_head(self) -> None:
        if not self.tokens:
            self.map.clear(self._empty_text())
            self.strip.set_query(None)
            self.head_label.setText("")
            return
        layer, head = self.head
        weights = self.attention[layer, head]
        self.map.set_map(weights, self.tokens)
        self.map.set_query(self.query)
        self.strip.set_query(self.query, weights[self.query, :self.query + 1] if self.query is not None else None)
        title = self.tr("Layer {0}, head {1}").format(layer + 1, head + 1)
        if self.query is not None:
            q = self.query
            title += " — " + self.tr("query '{0}' (position {1})").format(visible(self.tokens[q]), q)
        self.head_label.setText(title)

    # --- words -----------------------------------------------------------------------------------------

    def _empty_text(self) -> str:
        if not self.inspector.has_model():
            return self.tr("No model yet: train one (Training tab) or open a saved run (Runs).")
        if self._problem:
            return self.tr("Could not look at this text: {0}").format(self._problem)
        return self.tr("Type a text above, or take a piece of the validation text.")

    def _readout_hint(self) -> str:
        return self.tr("Hover a cell to read its weight; click a row or a token of the text to follow that query.")

    def _show_status(self) -> None:
        self.inspect_button.setEnabled(self.inspector.has_model())
        if not self.inspector.has_model():
            text, style = "", ""   # the map says it, where the map would be
        elif self._problem:
            text, style = self._empty_text(), "color: #b02a37;"
        elif self._cut is not None:
            text = self.tr("The text is {0} tokens long, more than the model's context window of {1}: the model "
                           "reads only its last {1} tokens, and these are what the maps show.").format(*self._cut)
            style = "color: #8a6d3b;"
        elif self.training.live:
            text, style = self.tr("The model being trained, looked at again at each evaluation."), ""
        else:
            text, style = "", ""
        self.status.setText(text)
        self.status.setStyleSheet(style)
        self.status.setVisible(bool(text))
        if not self.tokens:
            self.map.clear(self._empty_text())

    def eventFilter(self, obj, event):
        if obj is self.grid_scroll.viewport() and event.type() == QEvent.Resize:
            self.grid.set_width(event.size().width())
        return super().eventFilter(obj, event)

    def changeEvent(self, event):
        if event.type() == QEvent.LanguageChange:
            self.retranslate()
        super().changeEvent(event)

    def retranslate(self) -> None:
        self.text.setPlaceholderText(self.tr("Type a text to look at (empty: a piece of the validation text)…"))
        self.inspect_button.setText(self.tr("Look"))
        self.inspect_button.setToolTip(self.tr("Run the model over the text and show every head's attention."))
        self.excerpt_button.setText(self.tr("Validation excerpt"))
        self.excerpt_button.setToolTip(self.tr("A piece of the validation text: text the model never trained on."))
        self.strip_label.setText(self.tr("Click a token to see where it looks in every head; click it again to "
                                         "let it go."))
        self.grid_label.setText(self.tr("Every head: a row per layer, a column per head. Click one to see it large."))
        self.zoom_out.setText("−")
        self.zoom_out.setToolTip(self.tr("Zoom out (Ctrl+wheel, Ctrl+-)"))
        self.zoom_in.setText("+")
        self.zoom_in.setToolTip(self.tr("Zoom in (Ctrl+wheel, Ctrl++)"))
        self.fit.setText(self.tr("Fit"))
        self.fit.setToolTip(self.tr("Show the whole map"))
        self.export.setText(self.tr("Export"))
        self.save_map_action.setText(self.tr("Save this head as PNG…"))
        self.save_grid_action.setText(self.tr("Save every head as PNG…"))
        self.save_csv_action.setText(self.tr("Save this head's weights as CSV…"))
        self.readout.setText(self._readout_hint())
        self._show_head()
        self._show_status()

    # --- export ----------------------------------------------------------------------------------------

    def save_map_png(self, path: str | None = None) -> str | None:
        if not self.tokens:
            return None
        layer, head = self.head
        title = self.tr("Layer {0}, head {1}").format(layer + 1, head + 1)
        return save_export(self, path, self.tr("Save this head as PNG"), f"attention-L{layer + 1}-H{head + 1}.png",
                           self.tr("PNG image (*.png)"), lambda: png_bytes(self.map.image(title)), self._report)

    def save_grid_png(self, path: str | None = None) -> str | None:
        if not self.tokens:
            return None
        return save_export(self, path, self.tr("Save every head as PNG"), "attention-heads.png",
                           self.tr("PNG image (*.png)"), lambda: png_bytes(self.grid.image()), self._report)

    def save_csv(self, path: str | None = None) -> str | None:
        if not self.tokens:
            return None
        layer, head = self.head
        return save_export(self, path, self.tr("Save this head's weights as CSV"),
                           f"attention-L{layer + 1}-H{head + 1}.csv", self.tr("CSV table (*.csv)"),
                           self.map.csv_bytes, self._report)
