"""Generate text from the model in memory (just trained, or a snapshot of one still training) or a saved run,
streaming it token by token; rewrite it from any token ('what if it had said this?'); and see what the model
would write after the prompt, before and after the sampling settings."""

from __future__ import annotations

import dataclasses
import json
from dataclasses import fields

from PySide6.QtCore import QEvent, Qt, QTimer
from PySide6.QtGui import QKeySequence, QShortcut
from PySide6.QtWidgets import (QGridLayout, QHBoxLayout, QLabel, QMessageBox, QPlainTextEdit, QPushButton,
                               QSplitter, QVBoxLayout, QWidget)

from playground.core import events as ev
from playground.core.config import SampleConfig, from_dict
from playground.core.errors import ConfigError
from playground.qt.fields import field_texts, with_colon
from playground.qt.messages import error_text
from playground.qt.session import Phase
from playground.qt.widgets.editors import FieldEditor
from playground.qt.widgets.next_token_bars import NextTokenBars
from playground.qt.widgets.token_text import CHOSEN, CHOSEN_BACKGROUND, SURENESS, TokenText

FLUSH_MS = 33
INSPECT_DELAY_MS = 200   # typing in the prompt asks for its next-token distribution once this long idle
CHANNEL = "next"         # the inspector's channel for the bars


class GeneratePanel(QWidget):

    def __init__(self, generation, training, settings, inspector, parent=None):
        # generation: the model and the text it streams; training: whether a model is training, which a copy
        # of can be used; settings: the prompt and sampling settings, kept between sessions; inspector: the
        # next-token distribution after the prompt
        super().__init__(parent)
        self.generation, self.training, self.settings, self.inspector = generation, training, settings, inspector
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

        self.output = TokenText()
        self.output.alternativeChosen.connect(self.choose)
        self.legend = QLabel()
        self.legend.setTextFormat(Qt.RichText)
        self.legend.setWordWrap(True)

        self.bars = NextTokenBars(self._export_failed)
        self.save_png, self.save_csv = QPushButton(), QPushButton()
        self.save_png.clicked.connect(self.bars.export_png.trigger)
        self.save_csv.clicked.connect(self.bars.export_csv.trigger)
        self.bars.export_csv.changed.connect(lambda: self.save_csv.setEnabled(self.bars.export_csv.isEnabled()))

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
        text_side = QSplitter(Qt.Vertical)
        text_side.addWidget(top)
        text_side.addWidget(bottom)
        text_side.setStretchFactor(1, 1)
        text_side.setChildrenCollapsible(False)
        bars_side = QWidget()
        rl = QVBoxLayout(bars_side)
        rl.setContentsMargins(0, 0, 0, 0)
        rl.addWidget(self.bars, 1)
        exports = QHBoxLayout()
        exports.addStretch(1)
        exports.addWidget(self.save_png)
        exports.addWidget(self.save_csv)
        rl.addLayout(exports)
        self.split = QSplitter(Qt.Horizontal)
        self.split.addWidget(text_side)
        self.split.addWidget(bars_side)
        self.split.setStretchFactor(0, 3)
        self.split.setStretchFactor(1, 2)
        self.split.setChildrenCollapsible(False)
        QVBoxLayout(self).addWidget(self.split)

        self._pending: list = []
        self._current_sample = -1
        self._prompt_text = ""
        self._flush_timer = QTimer(self)
        self._flush_timer.setInterval(FLUSH_MS)
        self._flush_timer.timeout.connect(self._flush)
        self._last_done = None
        self._totals = [0, 0.0]
        self._continue_from: str | None = None   # a choice made while generating: go on once it has stopped
        self._discarding = False         # tokens of a generation stopped for a choice are dropped

        self._seen = None                # the inspection of the prompt the bars show
        self._stale = True               # the bars wait for a new inspection once the panel is shown
        self._inspect_timer = QTimer(self)
        self._inspect_timer.setSingleShot(True)
        self._inspect_timer.setInterval(INSPECT_DELAY_MS)
        self._inspect_timer.timeout.connect(self._inspect)
        self.prompt.textChanged.connect(self._prompt_changed)

        generation.modelChanged.connect(lambda _m: self._update_state())
        generation.modelChanged.connect(lambda _m: self._model_moved())
        training.phaseChanged.connect(lambda _p: self._update_state())
        training.eventReceived.connect(lambda e: self._model_moved() if isinstance(e, ev.Eval) else None)
        generation.started.connect(self._started)
        generation.tokenReady.connect(self._token)
        generation.sampleDone.connect(self._done)
        generation.finished.connect(self._finished)
        inspector.inspected.connect(self._inspected)
        inspector.inspectFailed.connect(self._inspect_failed)
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
        marked = self.tr("marked like this")
        mark = (f'<span style="color: {CHOSEN.name()}; background-color: {CHOSEN_BACKGROUND.name()}; '
                f'text-decoration: underline; font-weight: bold">{marked}</span>')
        self.legend.setText(self.tr("How sure the model was of each token it wrote: {0}. Hover a token for what "
                                    "it nearly said instead; click it to write one of those ({1}) and go on "
                                    "from there.").format(keys, mark))
        self.save_png.setText(self.tr("Save PNG…"))
        self.save_png.setToolTip(self.bars.export_png.text())
        self.save_csv.setText(self.tr("Save CSV…"))
        self.save_csv.setToolTip(self.bars.export_csv.text())
        if self._seen is None:
            self._inspect()  # its message, in the new language
        self._update_state()

    # --- actions ---------------------------------------------------------------------------------------

    def _edited(self, name: str, value) -> None:
        setattr(self.cfg, name, value)
        self.settings.setValue("sampleConfig", json.dumps(dataclasses.asdict(self.cfg)))
        self._show_bars()

    def start(self) -> None:
        if self.generation.generating:
            return
        cfg = SampleConfig(**vars(self.cfg))
        self.settings.setValue("prompt", self.prompt.toPlainText())
        self._prompt_text = self.prompt.toPlainText()
        self._current_sample = -1
        self._pending.clear()
        if self.output.toPlainText():
            self.output.append_text("\n\n", "note")
        self.generation.generate(self._prompt_text, cfg)

    def choose(self, span, choice) -> None:
        """Write `choice` instead of the generated `span`, drop what followed, and go on from there."""
        prompt = self.output.rewrite(span, choice)
        self._pending.clear()
        if self.generation.generating:
            self._continue_from, self._discarding = prompt, True  # once the running generation has stopped
            self.generation.stop()
        else:
            self._continue(prompt)

    def _continue(self, prompt: str) -> None:
        self._current_sample = 0  # its one sample follows the chosen token, with no heading or prompt of its own
        self.generation.generate(prompt, dataclasses.replace(SampleConfig(**vars(self.cfg)), num_samples=1))

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
        if not self._discarding:
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
            self.output.add_token(token)
        self.output.setUpdatesEnabled(True)
        self.output.ensureCursorVisible()

    def _begin_sample(self, sample: int) -> None:
        if self._current_sample >= 0 or sample > 0:
            self.output.append_text("\n\n")
        if self.cfg.num_samples > 1:
            self.output.append_text(self.tr("— sample {0} —").format(sample + 1) + "\n", "note")
        self._current_sample = sample
        self.output.append_text(self._prompt_text, "prompt")

    def _done(self, done) -> None:
        if self._discarding:
            return
        self._flush()
        if done.sample != self._current_sample:
            self._begin_sample(done.sample)  # a sample that produced no text at all still shows its prompt
        if done.new_tokens == 0:  # else an empty box, with nothing to say why
            self.output.append_text(self.tr("(no new text: the first token the model drew was the end of a "
                                            "document)"), "note")
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
        if self._continue_from is not None:
            prompt, self._continue_from, self._discarding = self._continue_from, None, False
            self._continue(prompt)

    # --- the next-token bars ---------------------------------------------------------------------------

    def _prompt_changed(self) -> None:
        self._inspect_timer.start()

    def _model_moved(self) -> None:
        """A new model, or the one training was evaluated: the bars are read again, now or once shown."""
        self._inspect()  # at once: evaluations can come faster than the typing delay

    def showEvent(self, event):
        super().showEvent(event)
        if self._stale:
            self._inspect()

    def _inspect(self) -> None:
        if not self.isVisible():  # nothing asked of a model while nobody looks
            self._stale = True
            return
        self._stale = False
        if not self.inspector.inspect(CHANNEL, self.prompt.toPlainText(), top_k=0, attention=False):
            self._seen = None
            self.bars.show_message(self.tr("No model yet: the bars show what a model would write after the "
                                           "prompt."))

    def _inspected(self, seen) -> None:
        if seen.channel == CHANNEL:
            self._seen = seen
            self._show_bars()

    def _inspect_failed(self, channel: str, why: str) -> None:
        if channel == CHANNEL:
            self._seen = None  # the settings moving must not bring back the bars of an earlier prompt
            self.bars.show_message(why)

    def _show_bars(self) -> None:
        """The bars of the cached inspection with the settings of now: cheap, so done as the settings move."""
        if self._seen is None:
            return
        cfg = SampleConfig(**vars(self.cfg))
        try:
            cfg.validate()
        except ConfigError as e:
            self.bars.show_message(error_text(e))
            return
        seen = self._seen
        self.bars.show_distribution(seen.raw().numpy(), seen.distribution(cfg).numpy(), seen.tokenizer.pieces,
                                    cfg.temperature == 0)

    def _export_failed(self, error) -> None:
        QMessageBox.warning(self, self.tr("Could not save"), error_text(error))
