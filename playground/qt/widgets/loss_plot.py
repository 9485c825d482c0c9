"""The live loss and learning-rate curves: pyqtgraph plots fed from bounded numpy buffers, with smoothing,
a log scale, a hover readout, a short right-click menu and PNG and CSV export.

Points only append to the buffers; a 5 Hz timer hands the buffers to pyqtgraph when something changed, so
redraw cost is independent of the step rate. pyqtgraph and numpy (about a second to import) are loaded by
ensure_plots, which the window calls just after it is first shown, not before.
"""

from __future__ import annotations

import math
import time
from typing import Callable

from PySide6.QtCore import QEvent, Qt, QTimer, Signal
from PySide6.QtGui import QAction
from PySide6.QtWidgets import (QCheckBox, QGraphicsItem, QHBoxLayout, QLabel, QMenu, QSlider,
                               QVBoxLayout, QWidget)

from playground.qt.widgets.exports import png_bytes, save_export
from playground.qt.widgets.labels import LiveLine
from playground.qt.widgets.ranges import nice_ceiling, sticky_range

FULL_SPAN_ITERS = 5000  # runs up to this long show their whole span from the start
# A frame costs the GUI thread about 8 ms, and while a model trains on every core each of them is taken from
# training. On 2 cores, at 10 Hz with every curve handed over each frame, the GUI thread used 12% of a core;
# at 5 Hz with only the changed ones, 6%, and the app's speed against the CLI's rose from 0.89x to 0.99x
# (interleaved runs). 5 Hz still reads as live.
REDRAW_MS = 200
MAX_POINTS = 100_000


class LossPlot(QWidget):
    """The curves of one run. `live` says a run is going on: ranges then keep room to move, and are fitted
    tightly once it ends. `max_iters` is the run's length: runs up to FULL_SPAN_ITERS show all of it."""

    ticked = Signal()  # each tick of the redraw timer, before its frame: the clock of the view around

    def __init__(self, settings, report: Callable[[BaseException], None], parent=None):
        # `report` shows an export that could not be written
        super().__init__(parent)
        self.settings = settings
        self._report = report
        self.live = False
        self.max_iters = 0

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
        pl = QVBoxLayout(self)
        pl.setContentsMargins(0, 0, 0, 0)
        pl.addWidget(self.plot_host, 1)
        pl.addLayout(controls)

        self._dirty = False
        self._new_steps = False
        self._drawn_at, self._drawn_x = 0.0, 0.0  # when the curves were last drawn, and up to which step
        self._taking_over_range = False
        self.timer = QTimer(self)
        self.timer.setInterval(REDRAW_MS)
        self.timer.timeout.connect(self._tick)
        self.timer.start()
        # the window has ensure_plots called once it is drawn; this is the fallback when used on its own
        QTimer.singleShot(2000, self.ensure_plots)
        self.retranslate()

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
        self._smoothing_changed(self.smoothing.value(), recompute=False)

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

    # --- settings --------------------------------------------------------------------------------------

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

    # --- data ------------------------------------------------------------------------------------------

    def clear(self) -> None:
        self.ensure_plots()
        for b in (self.loss, self.smoothed, self.lr, self.train_eval, self.val):
            b.clear()
        self.ema.reset()
        self._dirty = True

    def follow(self) -> None:
        """A run starts: keep all of it in view again, even after the user zoomed."""
        self._follow = True
        self._dirty = True

    def set_live(self, live: bool) -> None:
        self.live = live
        if not live:
            self._dirty = True  # redraw once more, with ranges fitted tightly now that nothing moves

    def add_step(self, it, loss, lr) -> None:
        x = it + 1  # the step's loss is known once step `it` is done: plot it at the count of steps taken
        self.loss.append(x, loss)
        self.smoothed.append(x, self.ema(loss))
        self.lr.append(x, lr)
        self._new_steps = True  # drawn once they add a pixel (see _tick); anything else redraws at once

    def add_eval(self, it, train_loss, val_loss) -> None:
        self.train_eval.append(it, train_loss)
        self.val.append(it, val_loss)
        self._dirty = True

    def val_at(self, it: int) -> float:
        """The validation loss measured at step `it` if it is the latest one, else NaN."""
        return float(self.val.data()[1][-1]) if len(self.val) and self.val.last_x() == it else math.nan

    def last_val(self) -> tuple[float, int] | None:
        """The latest validation loss and its step, if any was measured."""
        if self.graphics is None or not len(self.val):
            return None
        return float(self.val.data()[1][-1]), int(self.val.last_x())

    def curve_points(self) -> int:
        self.ensure_plots()
        return len(self.loss)

    def loss_values(self):
        self.ensure_plots()
        return self.loss.data()[1].copy()

    # --- drawing ---------------------------------------------------------------------------------------

    def _tick(self) -> None:
        self.ticked.emit()
        if self.graphics is None:
            return
        now = time.perf_counter()
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
            self._follow_ranges(tight=not self.live)

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
        x_max = max(self.max_iters, last)
        if x_max > FULL_SPAN_ITERS:
            # a long run: show what is done with room to grow, or its first steps would be a line at x = 0
            x_max = min(x_max, nice_ceiling(2 * max(last, 1)))
        sticky_range(self.loss_plot, 0, x_max if x_max == x_max else 1, axis="x")
        ys = [b.data()[1] for b in (self.loss, self.val, self.train_eval) if len(b)]
        if ys:
            y = np.concatenate(ys)
            y = y[np.isfinite(y)]
            if y.size:
                lo, hi = float(y.min()), float(y.max())
                if self.log_scale.isChecked():
                    lo, hi = math.log10(max(lo, 1e-6)), math.log10(max(hi, 1e-6))
                sticky_range(self.loss_plot, lo, hi, axis="y", tight=tight)
        if len(self.lr):
            lr = self.lr.data()[1]
            top = float(np.nanmax(lr)) if np.isfinite(lr).any() else 1.0
            sticky_range(self.lr_plot, 0.0, top, axis="y", tight=tight)

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
        return save_export(self, path, self.tr("Save curves as PNG"), "curves.png", self.tr("PNG image (*.png)"),
                           lambda: png_bytes(self.graphics), self._report)

    def save_csv(self, path: str | None = None) -> str | None:
        self.ensure_plots()
        from playground.qt.widgets.curves import csv_table
        return save_export(self, path, self.tr("Save curves as CSV"), "curves.csv", self.tr("CSV table (*.csv)"),
                           lambda: csv_table((("loss", self.loss), ("smoothed_loss", self.smoothed), ("lr", self.lr),
                                              ("eval_train_loss", self.train_eval), ("val_loss", self.val))),
                           self._report)
