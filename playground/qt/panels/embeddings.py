"""The embedding map: where the model puts each token, at each evaluation of the run so far; a slider goes
back over them, and the map follows the newest while the slider is at its end."""

from __future__ import annotations

from PySide6.QtCore import QEvent, Qt
from PySide6.QtWidgets import (QHBoxLayout, QLabel, QLineEdit, QListWidget, QListWidgetItem, QSlider, QSplitter,
                               QStackedWidget, QToolButton, QVBoxLayout, QWidget)

from playground.qt.widgets.embedding_scatter import EmbeddingScatter
from playground.qt.widgets.token_kinds import visible


class EmbeddingPanel(QWidget):

    def __init__(self, inspector, training, generation, report, parent=None):
        # inspector: the map's frames and the tokens; training and generation: whether there is a model, to
        # say so when there is no map; report: shows an export that failed
        super().__init__(parent)
        self.inspector, self.training, self.generation = inspector, training, generation
        self._tokens = None      # the inspector's token list the scatter was given
        self._count = 0          # frames the slider knew of

        self.slider_label = QLabel()
        self.slider = QSlider(Qt.Horizontal)
        self.slider.setPageStep(1)
        self.slider.setTickPosition(QSlider.TicksBelow)
        self.slider.valueChanged.connect(self._show_frame)
        self.frame_label = QLabel()
        self.frame_label.setTextInteractionFlags(Qt.TextSelectableByMouse)
        self.frame_label.setWordWrap(True)  # a long run name must not widen the window
        top = QHBoxLayout()
        top.addWidget(self.slider_label)
        top.addWidget(self.slider, 1)
        top.addWidget(self.frame_label, 1)

        self.scatter = EmbeddingScatter(report)
        self.scatter.tokenSelected.connect(self._selected)
        self.empty = QLabel()
        self.empty.setAlignment(Qt.AlignCenter)
        self.empty.setWordWrap(True)
        self.empty.setStyleSheet("color: palette(mid); font-size: 14px;")
        self.stack = QStackedWidget()
        self.stack.addWidget(self.empty)
        self.stack.addWidget(self.scatter)

        self.search = QLineEdit()
        self.search.setClearButtonEnabled(True)
        self.search.returnPressed.connect(self._find)
        self.search.textEdited.connect(self._find)
        self.search_note = QLabel()
        self.search_note.setStyleSheet("color: #b3261e;")
        self.search_note.hide()
        self.near_title = QLabel()
        self.near_title.setWordWrap(True)
        self.near_list = QListWidget()
        self.near_list.itemActivated.connect(self._near_clicked)
        self.near_list.itemClicked.connect(self._near_clicked)
        buttons = QHBoxLayout()
        self.buttons = []
        for action in (self.scatter.show_all, self.scatter.export_png, self.scatter.export_csv):
            button = QToolButton()
            button.setDefaultAction(action)
            buttons.addWidget(button)
            self.buttons.append(button)
        buttons.addStretch(1)
        side = QWidget()
        sl = QVBoxLayout(side)
        sl.setContentsMargins(0, 0, 0, 0)
        sl.addWidget(self.search)
        sl.addWidget(self.search_note)
        sl.addWidget(self.near_title)
        sl.addWidget(self.near_list, 1)

        split = QSplitter(Qt.Horizontal)
        split.addWidget(self.stack)
        split.addWidget(side)
        split.setStretchFactor(0, 1)
        split.setChildrenCollapsible(False)
        split.setSizes([800, 220])
        layout = QVBoxLayout(self)
        layout.addLayout(top)
        layout.addWidget(split, 1)
        layout.addLayout(buttons)

        self._following = False
        inspector.framesChanged.connect(self._frames_changed)
        training.phaseChanged.connect(lambda _p: self._update_state())
        generation.modelChanged.connect(lambda _m: self._update_state())
        self.retranslate()
        self._frames_changed()

    def showEvent(self, event):
        # the map costs a copy of the embedding at each evaluation: taken only once someone looks at it
        if not self._following:
            self._following = True
            self.scatter.ensure_plot()
            self.inspector.follow_embeddings()
        super().showEvent(event)

    def changeEvent(self, event):
        if event.type() == QEvent.LanguageChange:
            self.retranslate()
        super().changeEvent(event)

    def retranslate(self) -> None:
        self.slider_label.setText(self.tr("Evaluation:"))
        self.slider.setToolTip(self.tr("Go back over the maps taken at each evaluation of the run. At the right "
                                       "end, the map follows the newest one."))
        self.search.setPlaceholderText(self.tr("Find a token…"))
        self._update_state()
        self._selected(self.scatter.selected)

    # --- frames ----------------------------------------------------------------------------------------

    def _frames_changed(self) -> None:
        frames = self.inspector.frames
        n = len(frames)
        if n and (self.inspector.tokens is not self._tokens or n < self._count):
            tokens = self.inspector.tokens
            if len(tokens) != len(frames[0].xy):  # not known yet: the ids then stand for the tokens
                tokens = [str(i) for i in range(len(frames[0].xy))]
            self.scatter.set_tokens(tokens)
            self._tokens = self.inspector.tokens
            self._count = 0
        elif not n and self._count:
            self.scatter.clear()
            self._tokens = None
        at_end = self._count == 0 or self.slider.value() >= self._count - 1
        grew = 0 < self._count < n
        self._count = n
        self.slider.blockSignals(True)
        self.slider.setRange(0, max(0, n - 1))
        if at_end:
            self.slider.setValue(max(0, n - 1))
        self.slider.blockSignals(False)
        self.slider.setEnabled(n > 1)
        self._show_frame(self.slider.value(), animate=grew and at_end)  # the eye follows the points move

    def _show_frame(self, k: int, animate: bool = False) -> None:
        frames = self.inspector.frames
        if 0 <= k < len(frames):
            f = frames[k]
            self.scatter.set_frame(f.xy, f.near_ids, f.near_cos, animate)
            self._selected(self.scatter.selected)
        self._update_state()

    def shown_frame(self) -> int:
        """The index in inspector.frames of the map shown, or -1."""
        return self.slider.value() if self.inspector.frames else -1

    def _update_state(self) -> None:
        frames = self.inspector.frames
        for widget in (self.scatter.show_all, self.scatter.export_png, self.scatter.export_csv, self.search,
                       self.near_list):
            widget.setEnabled(bool(frames))  # nothing to show, save or find yet
        if frames:
            k = min(self.slider.value(), len(frames) - 1)
            f = frames[k]
            if f.iter is None:
                text = self.tr("The run {0}, map {1} of {2}").format(f.run_name, k + 1, len(frames))
            else:
                text = self.tr("Step {0} of the run {1}, evaluation {2} of {3}").format(
                    f.iter, f.run_name, k + 1, len(frames))
            self.frame_label.setText(text)
            self.stack.setCurrentWidget(self.scatter)
            return
        self.frame_label.setText("")
        if self.inspector.has_model():
            self.empty.setText(self.tr("Drawing the map…"))
        else:
            self.empty.setText(self.tr("No model yet: train one or open a run. Its embedding map appears "
                                       "here: each token placed by what the model learnt about it, and "
                                       "while it trains, a new map at each evaluation."))
        self.stack.setCurrentWidget(self.empty)

    # --- selection and search --------------------------------------------------------------------------

    def _selected(self, token_id: int) -> None:
        self.near_list.clear()
        tokens = self.scatter.tokens
        if token_id < 0:
            self.near_title.setText(self.tr("Click a token on the map, or find one above, to list its nearest "
                                            "tokens."))
            return
        self.near_title.setText(self.tr("Nearest tokens to {0}, by cosine similarity of their "
                                        "embeddings:").format(visible(tokens[token_id])))
        for j, cos in self.scatter.neighbours_of(token_id):
            item = QListWidgetItem(f"{visible(tokens[j])}\t{cos:+.3f}")
            item.setData(Qt.UserRole, j)
            self.near_list.addItem(item)

    def neighbours_listed(self) -> list[tuple[int, float]]:
        """(id, cosine) of the tokens in the side list, as listed."""
        items = (self.near_list.item(r) for r in range(self.near_list.count()))
        return [(it.data(Qt.UserRole), float(it.text().rsplit("\t", 1)[1])) for it in items]

    def _near_clicked(self, item) -> None:
        self.scatter.select(item.data(Qt.UserRole), reveal=True)

    def _find(self, *_args) -> None:
        text = self.search.text()
        i = self.scatter.find(text)
        self.search_note.setText(self.tr("No token reads “{0}”.").format(text) if text and i < 0 else "")
        self.search_note.setVisible(bool(text) and i < 0)
        if i >= 0:
            self.scatter.select(i, reveal=True)
