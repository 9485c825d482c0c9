"""The training view: Train/Pause/Stop, progress, the run's figures, its live curves and "watch it learn"."""

from __future__ import annotations

import html
import math
import time

from PySide6.QtCore import QEvent, Qt
from PySide6.QtWidgets import QHBoxLayout, QLabel, QProgressBar, QSplitter, QTextBrowser, QVBoxLayout, QWidget

from playground.core import events as ev
from playground.core.units import human_count
from playground.qt.actions import ActionButton
from playground.qt.session import Phase
from playground.qt.widgets.labels import LiveLine
from playground.qt.widgets.loss_plot import LossPlot

STATS_EVERY = 2         # text and progress bar on every other frame tick (2.5 Hz): faster cannot be read
MAX_SAMPLES = 100


def fmt_duration(seconds: float) -> str:
    if not math.isfinite(seconds) or seconds < 0:
        return "—"
    s = int(round(seconds))
    return f"{s // 3600}:{s // 60 % 60:02d}:{s % 60:02d}" if s >= 3600 else f"{s // 60}:{s % 60:02d}"


class TrainingPanel(QWidget):

    def __init__(self, training, library, form, actions, settings, report, parent=None):
        # training: its phase and events; library: the run shown and an opened run's curves; form: the length
        # of the next run; actions: Train, Pause and Stop; report: shows an export that failed
        super().__init__(parent)
        self.training, self.library, self.form = training, library, form

        self.start = ActionButton(actions.train)
        self.start.setObjectName("startButton")
        self.start.setStyleSheet("QPushButton#startButton { font-weight: bold; padding: 4px 18px; }")
        self.pause = ActionButton(actions.pause)
        self.stop = ActionButton(actions.stop)
        self.progress = QProgressBar()
        self.progress.setTextVisible(True)
        row = QHBoxLayout()
        row.addWidget(self.start)
        row.addWidget(self.pause)
        row.addWidget(self.stop)
        row.addWidget(self.progress, 1)

        self.why = QLabel()
        self.why.setWordWrap(True)
        self.why.setStyleSheet("color: #b3261e;")
        self.why.hide()
        self.stats = LiveLine()
        self.run_label = QLabel()
        self._run_line = None  # (run name, its Started event or None): the line is rebuilt in each language
        self.run_label.setStyleSheet("color: palette(mid);")
        self.run_label.setTextInteractionFlags(Qt.TextSelectableByMouse)

        self.plot = LossPlot(settings, report)
        self.plot.max_iters = form.config.train.max_iters

        # --- watch it learn ---
        samples = QWidget()
        sl = QVBoxLayout(samples)
        sl.setContentsMargins(0, 0, 0, 0)
        self.samples_title = QLabel()
        self.samples_title.setStyleSheet("font-weight: bold;")
        self.samples_view = QTextBrowser()
        sl.addWidget(self.samples_title)
        sl.addWidget(self.samples_view, 1)

        split = QSplitter(Qt.Vertical)
        split.addWidget(self.plot)
        split.addWidget(samples)
        split.setStretchFactor(0, 3)
        split.setStretchFactor(1, 1)
        split.setSizes([700, 250])
        split.setChildrenCollapsible(False)

        layout = QVBoxLayout(self)
        layout.addLayout(row)
        layout.addWidget(self.why)
        layout.addWidget(self.stats)
        layout.addWidget(self.run_label)
        layout.addWidget(split, 1)

        # --- data ---
        self.samples: list[tuple[int, str, float]] = []
        self._start_iter = 0
        self._last_step: ev.Step | None = None
        self._tps_value = 0.0
        self._wall_start = None
        self._paused_total = 0.0
        self._paused_since = None
        # the longest interval between two redraw ticks while training: how long the GUI thread was ever busy
        self.max_tick_gap = 0.0
        self._last_tick = None
        self._ticks = 0
        self.plot.ticked.connect(self._tick)

        training.eventReceived.connect(self.on_event)
        training.historyReset.connect(self.load_history)
        library.historyLoaded.connect(self.load_history)
        training.phaseChanged.connect(self._phase)
        form.validityChanged.connect(lambda *_: self._phase(training.phase))
        form.configChanged.connect(self._config_changed)
        self.retranslate()
        self._phase(training.phase)

    def ensure_plots(self) -> None:
        """Build the plots (importing pyqtgraph): the window calls this once it is first drawn."""
        self.plot.ensure_plots()

    # --- language --------------------------------------------------------------------------------------

    def changeEvent(self, event):
        if event.type() == QEvent.LanguageChange:
            self.retranslate()
        super().changeEvent(event)

    def retranslate(self) -> None:
        self.samples_title.setText(self.tr("Watch it learn: a sample at each evaluation, newest first"))
        self._phase(self.training.phase)
        self._render_samples()
        self._render_run_line()
        self._update_stats()

    # --- phase -----------------------------------------------------------------------------------------

    def _phase(self, phase: Phase) -> None:
        message, _ = self.form.validity
        idle = phase is Phase.IDLE
        self.why.setText(self.tr("Cannot train yet: {0}").format(message) if idle and message else "")
        self.why.setVisible(idle and bool(message))
        now = time.monotonic()
        if phase is Phase.PAUSED and self._paused_since is None:
            self._paused_since = now
        elif phase is not Phase.PAUSED and self._paused_since is not None:
            self._paused_total += now - self._paused_since
            self._paused_since = None
        self.plot.set_live(not idle)
        if phase is Phase.PREPARING:
            self.progress.setRange(0, 0)  # busy indicator while data and model are set up
        elif self.progress.maximum() == 0:
            self.progress.setRange(0, max(1, self.plot.max_iters))
        self._update_stats()

    def _config_changed(self, cfg) -> None:
        if not self.training.active:
            self.plot.max_iters = cfg.train.max_iters

    # --- events ----------------------------------------------------------------------------------------

    def clear(self) -> None:
        self.plot.clear()
        self.samples.clear()
        self._last_step = None
        self._render_samples()

    def on_event(self, e) -> None:
        self.plot.ensure_plots()
        if isinstance(e, ev.Step):
            self.plot.add_step(e.iter, e.loss, e.lr)
            self._last_step = e
            # a steadier reading than the raw per-step figure
            self._tps_value = e.tokens_per_sec if self._tps_value == 0 else 0.8 * self._tps_value + 0.2 * e.tokens_per_sec
        elif isinstance(e, ev.Eval):
            self.plot.add_eval(e.iter, e.train_loss, e.val_loss)
        elif isinstance(e, ev.Sample):
            self._add_sample(e.iter, e.text)
            self._render_samples()
        elif isinstance(e, ev.Started):
            self.plot.max_iters, self._start_iter = e.max_iters, e.iter
            self.progress.setRange(0, max(1, e.max_iters))
            self.progress.setValue(e.iter)
            self._wall_start, self._paused_total, self._paused_since = time.monotonic(), 0.0, None
            self._tps_value = 0.0
            self.plot.follow()
            run = self.training.run
            self._run_line = (run.name if run is not None else "", e)
            self._render_run_line()
        elif isinstance(e, ev.Finished):
            self.progress.setValue(e.iter)
            if not e.kept:
                self._run_line = None  # the run's folder is gone: no line naming it
                self._render_run_line()
        if not isinstance(e, ev.Step):
            self._update_stats()  # steps update the text from the timer, at a readable rate

    def _render_run_line(self) -> None:
        if self._run_line is None:
            self.run_label.setText("")
            return
        name, started = self._run_line
        self.run_label.setText(self.tr("Run {0}").format(name) if started is None else self.tr(
            "Run {0} · {1} parameters · {2}, {3}").format(name, human_count(started.n_params), started.device,
                                                       started.dtype))

    def _add_sample(self, it, text) -> None:
        self.samples.insert(0, (it, text, self.plot.val_at(it)))
        del self.samples[MAX_SAMPLES:]

    def load_history(self, metrics: list) -> None:
        """Show a run's curves from its metrics.jsonl (opened from disk, or resumed)."""
        self.plot.ensure_plots()
        self.clear()
        last_iter = 0
        for m in metrics:
            t = m.get("type")
            try:
                if t == "step":
                    self.plot.add_step(int(m["iter"]), float(m["loss"]), float(m.get("lr", math.nan)))
                    last_iter = int(m["iter"]) + 1
                elif t == "eval":
                    self.plot.add_eval(int(m["iter"]), float(m["train_loss"]), float(m["val_loss"]))
                elif t == "sample":
                    self._add_sample(int(m["iter"]), str(m.get("text", "")))
            except (KeyError, TypeError, ValueError):
                continue  # a line from another version: skip it rather than lose the whole history
        self._render_samples()
        if metrics:
            max_iters = self.plot.max_iters = self.form.config.train.max_iters
            self.progress.setRange(0, max(1, max_iters))
            self.progress.setValue(min(last_iter, max_iters))
            run = self.library.run
            self._run_line = (run.name, None) if run is not None else None
            self._render_run_line()
        self._update_stats()

    # --- figures ---------------------------------------------------------------------------------------

    def _tick(self) -> None:
        now = time.perf_counter()
        if self._last_tick is not None and self.training.phase is Phase.TRAINING:
            self.max_tick_gap = max(self.max_tick_gap, now - self._last_tick)
        self._last_tick = now
        self._ticks += 1
        if self.plot.graphics is None:
            return
        if self._ticks % STATS_EVERY == 0 and self._last_step is not None and self.training.active:
            self.progress.setValue(min(self._last_step.iter + 1, self.progress.maximum()))
            self._update_stats()

    def _update_stats(self) -> None:
        phase = self.training.phase
        if self.progress.maximum() > 0:
            self.progress.setFormat(self.tr("step %v of %m (%p%)"))
        else:
            self.progress.setFormat(self.tr("preparing…"))
        parts = []
        e = self._last_step
        if e is not None:
            parts.append(self.tr("elapsed {0}").format(fmt_duration(e.elapsed)))
            if phase in (Phase.TRAINING, Phase.PAUSED) and self._wall_start is not None:
                now = time.monotonic()
                paused = self._paused_total + (now - self._paused_since if self._paused_since else 0.0)
                done = e.iter + 1 - self._start_iter
                wall = now - self._wall_start - paused
                if done > 0 and wall > 0:
                    remaining = (self.plot.max_iters - e.iter - 1) * wall / done
                    parts.append(self.tr("ETA {0}").format(fmt_duration(remaining)))
            parts.append(self.tr("{0} tokens/s").format(f"{self._tps_value:,.0f}"))
            parts.append(self.tr("epoch {0:.2f}").format(e.epoch))
            parts.append(self.tr("loss {0:.4f}").format(e.loss))
        val = self.plot.last_val()
        if val is not None:
            parts.append(self.tr("validation loss {0:.4f} (step {1})").format(*val))
        self.stats.setText("  ·  ".join(parts) if parts else self.tr(
            "Press Train to start. The loss measures how surprised the model is by the next token; "
            "watch it fall."))

    def _render_samples(self) -> None:
        if not self.samples:
            hint = self.tr("Samples appear here at each evaluation: first noise, then words.")
            self.samples_view.setHtml(f"<p style='color:#777'>{html.escape(hint)}</p>")
            return
        blocks = []
        for it, text, val in self.samples:
            head = self.tr("step {0}").format(it)
            if math.isfinite(val):
                head += " · " + self.tr("validation loss {0:.3f}").format(val)
            body = html.escape(text).replace("\n", "<br>")
            blocks.append(f"<p style='margin:0'><b>{html.escape(head)}</b></p>"
                          f"<p style='font-family:monospace; margin:2px 0 10px 0'>{body}</p>")
        self.samples_view.setHtml("".join(blocks))
