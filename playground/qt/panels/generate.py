"""Generate text from the model in memory (just trained, or a snapshot of one still training) or a saved run,
streaming it token by token."""

from __future__ import annotations

import dataclasses
import json
from dataclasses import fields

from PySide6.QtCore import QEvent, Qt, QTimer
from PySide6.QtGui import QColor, QFont, QFontDatabase, QKeySequence, QShortcut, QTextCharFormat, QTextCursor
from PySide6.QtWidgets import (QGridLayout, QHBoxLayout, QLabel, QPlainTextEdit, QPushButton,
                               QSplitter, QTextEdit, QToolTip, QVBoxLayout, QWidget)

from playground.core.config import SampleConfig, from_dict
from playground.core.errors import ConfigError
from playground.qt.fields import field_texts, with_colon
from playground.qt.session import Phase
from playground.qt.widgets.editors import FieldEditor

FLUSH_MS = 33
# how sure the model was of a token it produced, as a background tint: (lowest probability, colour)
SURENESS = ((0.5, None), (0.2, QColor("#fff2b3")), (0.05, QColor("#ffd199")), (0.0, QColor("#ffb3b3")))


def sureness_colour(prob: float) -> QColor | None:
    return next(colour for low, colour in SURENESS if prob >= low)


class GeneratePanel(QWidget):

    def __init__(self, generation, training, settings, parent=None):
        # generation: the model and the text it streams; training: whether a model is training, which a copy
        # of can be used; settings: the prompt and sampling settings, kept between sessions
        super().__init__(parent)
        self.generation, self.training, self.settings = generation, training, settings
        self.cfg = self._saved_config()

        self.model_label = QLabel()
        self.model_label.setWordWrap(True)
        self.prompt_label = QLabel()
        self.prompt = QPlainTextEdit()
        self.prompt.setPlainText(str(settings.value("prompt", "")))
        self.prompt.setMaximumHeight(110)

        params = QWidget()
        grid = QGridLayout(params)
        grid.setContentsMargins(0, 0, 0, 0)
        self.editors: dict[str, FieldEditor] = {}
        self.labels: dict[str, QLabel] = {}
        for i, f in enumerate(fields(SampleConfig)):
            editor = FieldEditor(f)
            editor.set_value(getattr(self.cfg, f.name))
            editor.edited.connect(self._edited)
            label = QLabel()
            label.setBuddy(editor.widget)
            self.editors[f.name], self.labels[f.name] = editor, label
            grid.addWidget(label, i // 3, (i % 3) * 2, Qt.AlignRight)
            grid.addWidget(editor, i // 3, (i % 3) * 2 + 1)

        self.generate = QPushButton()
        self.generate.setObjectName("generateButton")
        self.generate.setStyleSheet("QPushButton#generateButton { font-weight: bold; padding: 4px 18px; }")
        self.generate.clicked.connect(self.start)
        self.stop = QPushButton()
        self.stop.clicked.connect(generation.stop)
        self.clear = QPushButton()
        self.clear.clicked.connect(lambda: self.output.clear())
        self.info = QLabel()
        self.info.setStyleSheet("color: palette(mid);")
        buttons = QHBoxLayout()
        buttons.addWidget(self.generate)
        buttons.addWidget(self.stop)
        buttons.addWidget(self.clear)
        buttons.addWidget(self.info, 1)
        QShortcut(QKeySequence("Ctrl+Return"), self, activated=self.start)

        self.output = QTextEdit()
        self.output.setReadOnly(True)
        self.output.setFont(QFontDatabase.systemFont(QFontDatabase.FixedFont))
        self.output.viewport().installEventFilter(self)  # a token's tooltip: its probability and alternatives
        self.legend = QLabel()
        self.legend.setTextFormat(Qt.RichText)

        top = QWidget()
        tl = QVBoxLayout(top)
        tl.setContentsMargins(0, 0, 0, 0)
        tl.addWidget(self.model_label)
        tl.addWidget(self.prompt_label)
        tl.addWidget(self.prompt)
        tl.addWidget(params)
        tl.addLayout(buttons)
        bottom = QWidget()
        bl = QVBoxLayout(bottom)
        bl.setContentsMargins(0, 0, 0, 0)
        bl.addWidget(self.legend)
        bl.addWidget(self.output, 1)
        layout = QVBoxLayout(self)
        split = QSplitter(Qt.Vertical)
        split.addWidget(top)
        split.addWidget(bottom)
        split.setStretchFactor(1, 1)
        split.setChildrenCollapsible(False)
        layout.addWidget(split)

        self._pending: list[tuple[int, str]] = []
        self._current_sample = -1
        self._plain = QTextCharFormat()
        self._prompt_fmt = QTextCharFormat()
        self._prompt_fmt.setForeground(QColor("#0b5ed7"))
        self._prompt_fmt.setFontWeight(QFont.Bold)
        self._sep_fmt = QTextCharFormat()
        self._sep_fmt.setForeground(QColor("#888"))
        self._flush_timer = QTimer(self)
        self._flush_timer.setInterval(FLUSH_MS)
        self._flush_timer.timeout.connect(self._flush)
        self._last_done = None
        self._totals = [0, 0.0]

        generation.modelChanged.connect(lambda _m: self._update_state())
        training.phaseChanged.connect(lambda _p: self._update_state())
        generation.started.connect(self._started)
        generation.tokenReady.connect(self._token)
        generation.sampleDone.connect(self._done)
        generation.finished.connect(self._finished)
        self.retranslate()

    def _saved_config(self) -> SampleConfig:
        try:
            return from_dict(SampleConfig, json.loads(self.settings.value("sampleConfig", "{}")))
        except (ConfigError, ValueError, TypeError):
            return SampleConfig()

    def changeEvent(self, event):
        if event.type() == QEvent.LanguageChange:
            self.retranslate()
        super().changeEvent(event)

    def retranslate(self) -> None:
        self.prompt_label.setText(self.tr("Prompt (may be empty: the model then starts a new document):"))
        self.prompt.setPlaceholderText(self.tr("Type the beginning of a text…"))
        texts = field_texts()
        for name, editor in self.editors.items():
            label, suffix, tip = texts.get(name, (name, "", ""))
            if name == "seed":
                tip = self.tr("The same seed and settings give the same text. -1 picks a new seed each time.")
            self.labels[name].setText(with_colon(label))
            self.labels[name].setToolTip(tip)
            editor.set_texts(suffix, tip)
        self.generate.setText(self.tr("Generate"))
        self.generate.setToolTip(self.tr("Generate text from the prompt (Ctrl+Enter)."))
        self.stop.setText(self.tr("Stop"))
        self.clear.setText(self.tr("Clear"))
        keys = " ".join(f'<span style="background-color: {colour.name() if colour else "transparent"}">'
                        f'&nbsp;{text}&nbsp;</span>'
                        for text, (_low, colour) in zip(
                            (self.tr("50% or more"), self.tr("20–50%"), self.tr("5–20%"), self.tr("under 5%")),
                            SURENESS))
        self.legend.setText(self.tr("How sure the model was of each token it wrote: {0}. Hover a token for what "
                                    "it nearly said instead.").format(keys))
        self._update_state()

    # --- actions ---------------------------------------------------------------------------------------

    def _edited(self, name: str, value) -> None:
        setattr(self.cfg, name, value)
        self.settings.setValue("sampleConfig", json.dumps(dataclasses.asdict(self.cfg)))

    def start(self) -> None:
        if self.generation.generating:
            return
        cfg = SampleConfig(**vars(self.cfg))
        self.settings.setValue("prompt", self.prompt.toPlainText())
        self._prompt_text = self.prompt.toPlainText()
        self._current_sample = -1
        self._pending.clear()
        if self.output.toPlainText():
            self._append("\n\n", self._sep_fmt)
        self.generation.generate(self._prompt_text, cfg)

    # --- models -> widgets -----------------------------------------------------------------------------

    def _update_state(self) -> None:
        g = self.generation
        mv = g.model_view
        if self.training.phase in (Phase.TRAINING, Phase.PAUSED):
            text = self.tr("Model: a copy of the model being trained, taken at the current step.")
        elif mv is not None:
            where = self.tr("just trained") if mv.origin == "memory" else self.tr("opened from disk")
            step = self.tr(", step {0}").format(mv.iter + 1) if mv.iter is not None else ""
            text = self.tr("Model: run {0}{1} ({2}).").format(mv.run_name, step, where)
        else:
            text = self.tr("No model yet: train one (Training tab) or open a saved run (Runs).")
        self.model_label.setText(text)
        self.generate.setEnabled(g.can_generate() and not g.generating)
        self.stop.setEnabled(g.generating)

    def _started(self) -> None:
        self._totals = [0, 0.0]  # tokens and seconds of every sample of this generation
        self._flush_timer.start()
        self.info.setText(self.tr("Generating…"))
        self._update_state()

    def _token(self, token) -> None:
        self._pending.append(token)

    def _flush(self) -> None:
        if not self._pending:
            return
        pending, self._pending = self._pending, []
        self.output.setUpdatesEnabled(False)
        # one insertion per token, each in the colour of how sure the model was of it (about 0.2 ms each)
        for token in pending:
            if token.sample != self._current_sample:
                self._begin_sample(token.sample)
            self._append(token.text, self._token_format(token))
        self.output.setUpdatesEnabled(True)
        self.output.ensureCursorVisible()

    def _token_format(self, token) -> QTextCharFormat:
        if not token.probs:
            return self._plain
        fmt = QTextCharFormat()
        colour = sureness_colour(min(token.probs))
        if colour is not None:
            fmt.setBackground(colour)
        lines = []
        for prob, top in zip(token.probs, token.top):
            lines.append(self.tr("The model gave this token {0:.1%}. Its likeliest tokens here:").format(prob))
            lines += [f"  {_visible(c.text)}  {c.prob:.1%}" for c in top]
        fmt.setToolTip("\n".join(lines))
        return fmt

    def eventFilter(self, obj, event):
        if obj is self.output.viewport() and event.type() == QEvent.ToolTip:
            tip = self.output.cursorForPosition(event.pos()).charFormat().toolTip()
            if tip:
                QToolTip.showText(event.globalPos(), tip, self.output)
            else:
                QToolTip.hideText()
            return True
        return super().eventFilter(obj, event)

    def _begin_sample(self, sample: int) -> None:
        if self._current_sample >= 0 or sample > 0:
            self._append("\n\n", self._plain)
        if self.cfg.num_samples > 1:
            self._append(self.tr("— sample {0} —").format(sample + 1) + "\n", self._sep_fmt)
        self._current_sample = sample
        if self._prompt_text:
            self._append(self._prompt_text, self._prompt_fmt)

    def _append(self, text: str, fmt: QTextCharFormat) -> None:
        if not text:
            return
        cursor = self.output.textCursor()
        cursor.movePosition(QTextCursor.End)
        cursor.insertText(text, fmt)
        self.output.setTextCursor(cursor)

    def _done(self, done) -> None:
        self._flush()
        if done.sample != self._current_sample:
            self._begin_sample(done.sample)  # a sample that produced no text at all still shows its prompt
        if done.new_tokens == 0:  # else an empty box, with nothing to say why
            self._append(self.tr("(no new text: the first token the model drew was the end of a document)"),
                         self._sep_fmt)
        self._last_done = done
        self._totals[0] += done.new_tokens
        self._totals[1] += done.seconds
        tokens, seconds = self._totals
        rate = tokens / seconds if seconds > 0 else 0.0
        self.info.setText(self.tr("{0} tokens in {1:.2f} s ({2:,.0f} tokens/s)").format(tokens, seconds, rate))

    def _finished(self) -> None:
        self._flush()
        self._flush_timer.stop()
        if self._last_done is None:
            self.info.setText("")
        self._last_done = None
        self._update_state()


def _visible(text: str) -> str:
    """A token as it reads alone in a list: spaces and line ends made visible."""
    return repr(text)[1:-1].replace(" ", "·") or "∅"
