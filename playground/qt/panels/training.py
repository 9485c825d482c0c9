"""The training view: Start/Pause/Stop, progress, live loss and learning-rate curves, and "watch it learn".

Events only append to numpy buffers; a 5 Hz timer hands the buffers to pyqtgraph when something changed,
so redraw cost is independent of the step rate. pyqtgraph and numpy (about a second to import) are loaded
just after the window is first shown, not before.
"""

from __future__ import annotations

import csv
import html
import io
import math
import time
from pathlib import Path

from PySide6.QtCore import QBuffer, QEvent, QIODevice, Qt, QTimer
from PySide6.QtGui import QAction
from PySide6.QtWidgets import (QCheckBox, QFileDialog, QGraphicsItem, QHBoxLayout, QLabel, QMenu, QProgressBar,
                               QSlider, QSplitter, QTextBrowser, QVBoxLayout, QWidget)

from playground.core import events as ev
from playground.core.errors import RunError
from playground.core.atomic import atomic_write
from playground.core.units import human_count
from playground.qt.actions import ActionButton
from playground.qt.session import Phase
from playground.qt.widgets.labels import LiveLine

FULL_SPAN_ITERS = 5000  # runs up to this long show their whole span from the start
# A frame costs the GUI thread about 8 ms, and while a model trains on every core each of them is taken from
# training. On 2 cores, at 10 Hz with every curve handed over each frame, the GUI thread used 12% of a core;
# at 5 Hz with only the changed ones, 6%, and the app's speed against the CLI's rose from 0.89x to 0.99x
# (interleaved runs). 5 Hz still reads as live.
REDRAW_MS = 200
STATS_EVERY = 2         # text and progress bar at 2.5 Hz: figures that change more often cannot be read
MAX_SAMPLES = 100
MAX_POINTS = 100_000


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
        self.training, self.library, self.form, self.settings = training, library, form, settings
        self._report = report

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

        self.graphics = None  # the plots, built by ensure_plots once the window is up
        self.plot_host = QWidget()
        self.plot_host.setMinimumHeight(280)  # holds its space while the plots are still being built
        QVBoxLayout(self.plot_host).setContentsMargins(0, 0, 0, 0)
        self.export_png = QAction(self)
        self.export_png.triggered.connect(lambda: self.save_png())
        self.export_csv = QAction(self)
        self.export_csv.triggered.connect(lambda: self.save_csv())

        self.smoothing_label = QLabel()
        self.smoothing = QSlider(Qt.Horizontal)
        self.smoothing.setRange(0, 99)
        self.smoothing.setValue(int(float(settings.value("smoothing", 0.9)) * 100))
        self.smoothing.setMaximumWidth(180)
        self.smoothing.valueChanged.connect(self._smoothing_changed)
        self.smoothing_value = QLabel()
        self.log_scale = QCheckBox()
        self.log_scale.setChecked(settings.value("logScale", False) in (True, "true"))
        self.log_scale.toggled.connect(self._log_toggled)
        self.readout = LiveLine()
        controls = QHBoxLayout()
        controls.addWidget(self.smoothing_label)
        controls.addWidget(self.smoothing)
        controls.addWidget(self.smoothing_value)
        controls.addSpacing(12)
        controls.addWidget(self.log_scale)
        controls.addSpacing(12)
        controls.addWidget(self.readout, 1)
        plots = QWidget()
        pl = QVBoxLayout(plots)
        pl.setContentsMargins(0, 0, 0, 0)
        pl.addWidget(self.plot_host, 1)
        pl.addLayout(controls)

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
        split.addWidget(plots)
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
        self._dirty = False
        self._max_iters = form.config.train.max_iters
        self._start_iter = 0
        self._last_step: ev.Step | None = None
        self._tps_value = 0.0
        self._wall_start = None
        self._paused_total = 0.0
        self._paused_since = None
        # the longest interval between two redraw ticks: how long the GUI thread was ever busy
        self.max_tick_gap = 0.0
        self._last_tick = None
        self._ticks = 0
        self._new_steps = False
        self._drawn_at, self._drawn_x = 0.0, 0.0  # when the curves were last drawn, and up to which step
        self._taking_over_range = False

        self.timer = QTimer(self)
        self.timer.setInterval(REDRAW_MS)
        self.timer.timeout.connect(self._tick)
        self.timer.start()
        # the main window calls ensure_plots once it is drawn; this is the fallback when used on its own
        QTimer.singleShot(2000, self.ensure_plots)

        training.eventReceived.connect(self.on_event)
        training.historyReset.connect(self.load_history)
        library.historyLoaded.connect(self.load_history)
        training.phaseChanged.connect(self._phase)
        form.validityChanged.connect(lambda *_: self._phase(training.phase))
        form.configChanged.connect(self._config_changed)
        self.retranslate()
        self._phase(training.phase)

    # --- plots, built lazily ---------------------------------------------------------------------------

    def ensure_plots(self) -> None:
        if self.graphics is not None:
            return
        import pyqtgraph as pg

        from playground.qt.widgets.curves import CurveBuffer, Ema
        pg.setConfigOptions(antialias=False, background="w", foreground="#333")
        self.loss = CurveBuffer(MAX_POINTS)
        self.smoothed = CurveBuffer(MAX_POINTS)
        self.lr = CurveBuffer(MAX_POINTS)
        self.train_eval = CurveBuffer(10_000)
        self.val = CurveBuffer(10_000)
        self.ema = Ema(self.smoothing.value() / 100)
        self.graphics = pg.GraphicsLayoutWidget()
        self.loss_plot = self.graphics.addPlot(row=0, col=0)
        self.lr_plot = self.graphics.addPlot(row=1, col=0)
        self.graphics.ci.layout.setRowStretchFactor(0, 3)
        self.graphics.ci.layout.setRowStretchFactor(1, 1)
        self.lr_plot.setXLink(self.loss_plot)
        for plot in (self.loss_plot, self.lr_plot):
            plot.showGrid(x=True, y=True, alpha=0.2)
            # no "Plot Options" (FFT, derivative and other transforms of the curves) in the menu below
            plot.setMenuEnabled(False, enableViewBoxMenu=True)
            # Axes were the bulk of each frame (text drawn anew on every repaint); cached as pixmaps they
            # cost a blit unless their range moved, and ranges move rarely (see _follow_ranges)
            for name in ("left", "bottom"):
                plot.getAxis(name).setCacheMode(QGraphicsItem.DeviceCoordinateCache)
            plot.enableAutoRange(x=False, y=False)
            plot.getViewBox().sigRangeChangedManually.connect(self._user_zoomed)
            plot.getViewBox().sigStateChanged.connect(self._autorange_clicked)
        self._follow = True
        self.legend = self.loss_plot.addLegend(offset=(-10, 10))
        self._drawn_versions = {}  # curve -> the version of its buffer it shows
        self.raw_curve = self.loss_plot.plot(pen=pg.mkPen("#9ec5fe", width=1))
        self.smooth_curve = self.loss_plot.plot(pen=pg.mkPen("#0b5ed7", width=2))
        self.train_eval_curve = self.loss_plot.plot(pen=pg.mkPen("#198754", width=1, style=Qt.DashLine),
                                                    symbol="t", symbolSize=7, symbolBrush="#198754")
        self.val_curve = self.loss_plot.plot(pen=pg.mkPen("#dc3545", width=2), symbol="o", symbolSize=7,
                                             symbolBrush="#dc3545")
        self.lr_curve = self.lr_plot.plot(pen=pg.mkPen("#6f42c1", width=2))
        for curve in (self.train_eval_curve, self.val_curve):
            # they change a few times a run: kept as pixmaps, the frames in between copy them, markers and all
            for part in (curve.curve, curve.scatter):
                part.setCacheMode(QGraphicsItem.DeviceCoordinateCache)
        for curve in (self.raw_curve, self.smooth_curve, self.lr_curve):
            curve.setClipToView(True)
            curve.setDownsampling(auto=True, method="peak")
        self.cursor_line = pg.InfiniteLine(angle=90, movable=False, pen=pg.mkPen("#888", style=Qt.DotLine))
        self.cursor_line.hide()
        self.loss_plot.addItem(self.cursor_line, ignoreBounds=True)
        self.graphics.scene().sigMouseMoved.connect(self._hover)
        # The right-click menu: a short one in the interface's language instead of pyqtgraph's (English only,
        # with axis forms, mouse modes and an export dialog that repeats the two exports)
        self.show_all = QAction(self)
        self.show_all.triggered.connect(lambda: self.loss_plot.enableAutoRange())  # as the "A" button does
        self.plot_menu = QMenu(self)
        self.plot_menu.addAction(self.show_all)
        self.plot_menu.addSeparator()
        self.plot_menu.addActions([self.export_png, self.export_csv])
        self.graphics.scene().contextMenu = []
        for plot in (self.loss_plot, self.lr_plot):
            plot.getViewBox().getMenu = lambda _event: self.plot_menu
        self.plot_host.layout().addWidget(self.graphics)
        self._retranslate_plots()
        self._log_toggled(self.log_scale.isChecked())

    # --- language --------------------------------------------------------------------------------------

    def changeEvent(self, event):
        if event.type() == QEvent.LanguageChange:
            self.retranslate()
        super().changeEvent(event)

    def retranslate(self) -> None:
        self._retranslate_plots()
        self.export_png.setText(self.tr("Save curves as PNG…"))
        self.export_csv.setText(self.tr("Save curves as CSV…"))
        self.smoothing_label.setText(self.tr("Smoothing:"))
        self.smoothing.setToolTip(self.tr("How strongly the training loss is averaged over recent steps."))
        self.log_scale.setText(self.tr("Log scale"))
        self.samples_title.setText(self.tr("Watch it learn: a sample at each evaluation, newest first"))
        self._smoothing_changed(self.smoothing.value(), recompute=False)
        self._phase(self.training.phase)
        self._render_samples()
        self._render_run_line()
        self._update_stats()

    def _retranslate_plots(self) -> None:
        if self.graphics is None:
            return
        self.loss_plot.setLabel("left", self.tr("loss"))
        self.lr_plot.setLabel("left", self.tr("learning rate"))
        self.lr_plot.setLabel("bottom", self.tr("step"))
        self.show_all.setText(self.tr("Show the whole run"))
        self.legend.clear()
        self.legend.addItem(self.raw_curve, self.tr("training loss"))
        self.legend.addItem(self.smooth_curve, self.tr("smoothed"))
        self.legend.addItem(self.train_eval_curve, self.tr("training loss (eval)"))
        self.legend.addItem(self.val_curve, self.tr("validation loss"))

    # --- controls --------------------------------------------------------------------------------------

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
        if idle:
            self._dirty = True  # redraw once more, with ranges fitted tightly now that nothing moves
        if phase is Phase.PREPARING:
            self.progress.setRange(0, 0)  # busy indicator while data and model are set up
        elif self.progress.maximum() == 0:
            self.progress.setRange(0, max(1, self._max_iters))
        self._update_stats()

    def _config_changed(self, cfg) -> None:
        if not self.training.active:
            self._max_iters = cfg.train.max_iters

    def _smoothing_changed(self, value: int, recompute: bool = True) -> None:
        self.smoothing_value.setText(f"{value / 100:.2f}")
        if not recompute:
            return
        self.ensure_plots()
        self.settings.setValue("smoothing", value / 100)
        from playground.qt.widgets.curves import Ema
        self.ema = Ema(value / 100)
        x, y = self.loss.data()
        self.smoothed.clear()
        for xi, yi in zip(x, self.ema.over(y)):
            self.smoothed.append(xi, yi)
        self._dirty = True

    def _log_toggled(self, on: bool) -> None:
        self.settings.setValue("logScale", on)
        if self.graphics is None:
            return
        # the loss only: the learning-rate plot is too short for a log axis' labels, which ran into each other
        self.loss_plot.setLogMode(y=on)
        self._follow = True
        self._dirty = True

    # --- events ----------------------------------------------------------------------------------------

    def clear(self) -> None:
        self.ensure_plots()
        for b in (self.loss, self.smoothed, self.lr, self.train_eval, self.val):
            b.clear()
        self.ema.reset()
        self.samples.clear()
        self._last_step = None
        self._render_samples()
        self._dirty = True

    def on_event(self, e) -> None:
        self.ensure_plots()
        if isinstance(e, ev.Step):
            self._add_step(e.iter, e.loss, e.lr)
            self._last_step = e
            # a steadier reading than the raw per-step figure
            self._tps_value = e.tokens_per_sec if self._tps_value == 0 else 0.8 * self._tps_value + 0.2 * e.tokens_per_sec
        elif isinstance(e, ev.Eval):
            self._add_eval(e.iter, e.train_loss, e.val_loss)
        elif isinstance(e, ev.Sample):
            self._add_sample(e.iter, e.text)
            self._render_samples()
        elif isinstance(e, ev.Started):
            self._max_iters, self._start_iter = e.max_iters, e.iter
            self.progress.setRange(0, max(1, e.max_iters))
            self.progress.setValue(e.iter)
            self._wall_start, self._paused_total, self._paused_since = time.monotonic(), 0.0, None
            self._tps_value = 0.0
            self._follow = True
            self._dirty = True
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

    def _add_step(self, it, loss, lr) -> None:
        x = it + 1  # the step's loss is known once step `it` is done: plot it at the count of steps taken
        self.loss.append(x, loss)
        self.smoothed.append(x, self.ema(loss))
        self.lr.append(x, lr)
        self._new_steps = True  # drawn once they add a pixel (see _tick); anything else redraws at once

    def _add_eval(self, it, train_loss, val_loss) -> None:
        self.train_eval.append(it, train_loss)
        self.val.append(it, val_loss)
        self._dirty = True

    def _add_sample(self, it, text) -> None:
        val = float(self.val.data()[1][-1]) if len(self.val) and self.val.last_x() == it else math.nan
        self.samples.insert(0, (it, text, val))
        del self.samples[MAX_SAMPLES:]

    def load_history(self, metrics: list) -> None:
        """Show a run's curves from its metrics.jsonl (opened from disk, or resumed)."""
        self.ensure_plots()
        self.clear()
        last_iter = 0
        for m in metrics:
            t = m.get("type")
            try:
                if t == "step":
                    self._add_step(int(m["iter"]), float(m["loss"]), float(m.get("lr", math.nan)))
                    last_iter = int(m["iter"]) + 1
                elif t == "eval":
                    self._add_eval(int(m["iter"]), float(m["train_loss"]), float(m["val_loss"]))
                elif t == "sample":
                    self._add_sample(int(m["iter"]), str(m.get("text", "")))
            except (KeyError, TypeError, ValueError):
                continue  # a line from another version: skip it rather than lose the whole history
        self._render_samples()
        if metrics:
            self._max_iters = self.form.config.train.max_iters
            self.progress.setRange(0, max(1, self._max_iters))
            self.progress.setValue(min(last_iter, self._max_iters))
            run = self.library.run
            self._run_line = (run.name, None) if run is not None else None
            self._render_run_line()
        self._update_stats()

    # --- drawing ---------------------------------------------------------------------------------------

    def _tick(self) -> None:
        now = time.perf_counter()
        if self._last_tick is not None and self.training.phase is Phase.TRAINING:
            self.max_tick_gap = max(self.max_tick_gap, now - self._last_tick)
        self._last_tick = now
        self._ticks += 1
        if self.graphics is None:
            return
        if self._ticks % STATS_EVERY == 0 and self._last_step is not None and self.training.active:
            self.progress.setValue(min(self._last_step.iter + 1, self.progress.maximum()))
            self._update_stats()
        if self._new_steps and (self._dirty or self._steps_reach_a_pixel(now)):
            self._dirty = True
        if not self._dirty:
            return
        self._dirty = self._new_steps = False
        self._drawn_at, self._drawn_x = now, self.loss.last_x() if len(self.loss) else 0.0
        pairs = ((self.raw_curve, self.loss), (self.smooth_curve, self.smoothed), (self.lr_curve, self.lr),
                 (self.train_eval_curve, self.train_eval), (self.val_curve, self.val))
        for curve, buffer in pairs:
            # handing a curve over costs 0.3-1.5 ms, most for the evaluation curves, which rarely change
            if self._drawn_versions.get(curve) != buffer.version:
                curve.setData(*buffer.data())
                self._drawn_versions[curve] = buffer.version
        if self._follow:
            self._follow_ranges(tight=not self.training.active)

    def _steps_reach_a_pixel(self, now: float) -> bool:
        """Whether the steps since the last frame reach at least a pixel further right (or a second passed).

        Every millisecond of a frame is taken from training when it uses every core (see REDRAW_MS). `baby`
        on a 2000-step axis adds about a pixel per 5 Hz frame: drawing only whole pixels skips the frames
        that would change nothing on screen.
        """
        if now - self._drawn_at >= 1.0:
            return True
        vb = self.loss_plot.getViewBox()
        x0, x1 = vb.viewRange()[0]
        return (self.loss.last_x() - self._drawn_x) * vb.width() >= max(x1 - x0, 1e-9)

    def _follow_ranges(self, tight: bool = False) -> None:
        """Keep the whole run in view with ranges that change in jumps, not at every point: a new range
        means new axis text, the most expensive thing to draw. `tight` fits the data exactly (a finished or
        opened run), with no room left for it to move."""
        import numpy as np

        last = max(self.loss.last_x() if len(self.loss) else 0, self.val.last_x() if len(self.val) else 0)
        x_max = max(self._max_iters, last)
        if x_max > FULL_SPAN_ITERS:
            # a long run: show what is done with room to grow, or its first steps would be a line at x = 0
            x_max = min(x_max, _nice_ceiling(2 * max(last, 1)))
        self._sticky(self.loss_plot, 0, x_max if x_max == x_max else 1, axis="x")
        ys = [b.data()[1] for b in (self.loss, self.val, self.train_eval) if len(b)]
        if ys:
            y = np.concatenate(ys)
            y = y[np.isfinite(y)]
            if y.size:
                lo, hi = float(y.min()), float(y.max())
                if self.log_scale.isChecked():
                    lo, hi = math.log10(max(lo, 1e-6)), math.log10(max(hi, 1e-6))
                self._sticky(self.loss_plot, lo, hi, axis="y", tight=tight)
        if len(self.lr):
            lr = self.lr.data()[1]
            top = float(np.nanmax(lr)) if np.isfinite(lr).any() else 1.0
            self._sticky(self.lr_plot, 0.0, top, axis="y", tight=tight)

    @staticmethod
    def _sticky(plot, lo: float, hi: float, axis: str, tight: bool = False) -> None:
        vb = plot.getViewBox()
        (x0, x1), (y0, y1) = vb.viewRange()
        cur0, cur1 = (x0, x1) if axis == "x" else (y0, y1)
        span = max(hi - lo, abs(hi) * 1e-3, 1e-9)
        pad = 0.05 * span
        inside = cur0 <= lo and hi <= cur1
        too_loose = (cur1 - cur0) > (1.01 if tight else 1.6) * (span + 2 * pad)
        if inside and not too_loose:
            return
        if axis == "x":
            vb.setXRange(lo, hi, padding=0.02)
            return
        # Room to keep moving the way the data left the range: a falling loss (or a warming-up learning rate)
        # otherwise left it again at the next frame, and each new range re-renders the axis text. Without
        # it the first seconds of a run drew a 30-50 ms frame every 100-200 ms.
        room = 0.0 if too_loose or tight else 0.5 * span + 0.02 * max(abs(lo), abs(hi))
        vb.setYRange(lo - pad - (room if lo < cur0 else 0.0), hi + pad + (room if hi > cur1 else 0.0), padding=0)

    def _user_zoomed(self, *_args) -> None:
        self._follow = False

    def _autorange_clicked(self, vb) -> None:
        # pyqtgraph's "A" button (and its log mode) turns its own per-point autorange on; take over with the
        # cheaper one. Turning it off first does one last autorange, which reports a state change of its own
        # while autorange still reads as on: answering that one too recursed without end.
        if self._taking_over_range or not any(vb.autoRangeEnabled()):
            return
        self._taking_over_range = True
        try:
            vb.enableAutoRange(x=False, y=False)
        finally:
            self._taking_over_range = False
        self._follow = True
        self._dirty = True

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
                    parts.append(self.tr("ETA {0}").format(fmt_duration((self._max_iters - e.iter - 1) * wall / done)))
            parts.append(self.tr("{0} tokens/s").format(f"{self._tps_value:,.0f}"))
            parts.append(self.tr("epoch {0:.2f}").format(e.epoch))
            parts.append(self.tr("loss {0:.4f}").format(e.loss))
        if self.graphics is not None and len(self.val):
            parts.append(self.tr("validation loss {0:.4f} (step {1})").format(
                float(self.val.data()[1][-1]), int(self.val.last_x())))
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

    def _hover(self, pos) -> None:
        if self.graphics is None:
            return
        vb = self.loss_plot.getViewBox()
        if not self.loss_plot.sceneBoundingRect().contains(pos) or not len(self.loss):
            self.cursor_line.hide()
            return
        x = vb.mapSceneToView(pos).x()
        i = self.loss.nearest(x)
        step = self.loss.x[i]
        self.cursor_line.setPos(step)
        self.cursor_line.show()
        text = self.tr("step {0}: loss {1:.4f}, smoothed {2:.4f}, learning rate {3:.3g}").format(
            int(step), self.loss.y[i], self.smoothed.data()[1][min(i, len(self.smoothed) - 1)], self.lr.y[i])
        j = self.val.nearest(x)
        if j is not None and abs(self.val.x[j] - x) <= max(1.0, 0.02 * self.loss.last_x()):
            text += " · " + self.tr("validation {0:.4f} at step {1}").format(self.val.y[j], int(self.val.x[j]))
        self.readout.setText(text)

    # --- export ----------------------------------------------------------------------------------------

    def save_png(self, path: str | None = None) -> str | None:
        self.ensure_plots()
        if not path:
            path, _ = QFileDialog.getSaveFileName(self, self.tr("Save curves as PNG"), "curves.png",
                                                  self.tr("PNG image (*.png)"))
        if not path:
            return None
        buf = QBuffer()
        buf.open(QIODevice.WriteOnly)
        self.graphics.grab().save(buf, "PNG")
        return self._export(path, bytes(buf.data()))

    def save_csv(self, path: str | None = None) -> str | None:
        self.ensure_plots()
        if not path:
            path, _ = QFileDialog.getSaveFileName(self, self.tr("Save curves as CSV"), "curves.csv",
                                                  self.tr("CSV table (*.csv)"))
        if not path:
            return None
        rows: dict[float, dict] = {}
        for key, buf in (("loss", self.loss), ("smoothed_loss", self.smoothed), ("lr", self.lr),
                         ("eval_train_loss", self.train_eval), ("val_loss", self.val)):
            x, y = buf.data()
            for xi, yi in zip(x.tolist(), y.tolist()):
                rows.setdefault(xi, {})[key] = yi
        f = io.StringIO(newline="")
        w = csv.writer(f)
        cols = ["loss", "smoothed_loss", "lr", "eval_train_loss", "val_loss"]
        w.writerow(["step", *cols])
        for x in sorted(rows):
            w.writerow([f"{x:g}", *(f"{rows[x][c]:.6g}" if c in rows[x] else "" for c in cols)])
        return self._export(path, f.getvalue().encode("utf-8"))

    def _export(self, path: str, data: bytes) -> str | None:
        """Write an exported file whole or not at all; a failure (full disk, no permission) is shown, not raised."""
        try:
            atomic_write(Path(path), data)
        except RunError as e:
            self._report(e)
            return None
        return path

    def curve_points(self) -> int:
        self.ensure_plots()
        return len(self.loss)

    def loss_values(self):
        self.ensure_plots()
        return self.loss.data()[1].copy()


def _nice_ceiling(x: float) -> float:
    """The smallest 1, 2 or 5 times a power of ten that is at least x: axis ranges that jump rarely."""
    scale = 10 ** math.floor(math.log10(x))
    return next(m * scale for m in (1, 2, 5, 10) if m * scale >= x)
