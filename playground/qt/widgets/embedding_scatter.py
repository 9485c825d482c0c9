"""The embedding map: every token a point in 2-D, coloured by its kind and labelled with its text where the
labels fit; hover a point for its nearest tokens, click it to select it and ring them.

It shows what it is given: the tokens once (set_tokens), then a map at a time (set_frame: each token's place
and its neighbours by cosine). pyqtgraph (about a second to import) is loaded by ensure_plot, when the view is
first shown. The points of each kind are one scatter item, so a new frame is a handful of setData calls
however large the vocabulary; the view range is the union of the frames shown since set_tokens, so points
move across a still map instead of the axes jumping.
"""

from __future__ import annotations

import csv
import io
import time
from typing import Callable

import numpy as np
from PySide6.QtCore import QEvent, QRectF, Qt, QTimer, Signal
from PySide6.QtGui import QAction, QColor, QCursor
from PySide6.QtWidgets import QLabel, QMenu, QToolTip, QVBoxLayout, QWidget

from playground.qt.widgets.exports import png_bytes, save_export
from playground.qt.widgets.token_kinds import KINDS, kinds_of, visible
from playground.qt.widgets.token_labels import TokenLabels

HIT_PX = 8  # a click or hover this close to a point (in pixels) is on it
ANIMATE_S, ANIMATE_MS = 0.6, 40   # a new map's points move there over 0.6 s, a step each 40 ms
ANIMATE_MAX = 1500     # tokens: larger maps are drawn at once, each step would cost too much of the GUI thread


class EmbeddingScatter(QWidget):
    tokenSelected = Signal(int)   # a token id, or -1 when nothing is selected

    def __init__(self, report: Callable[[BaseException], None], parent=None):
        # `report` shows an export that could not be written
        super().__init__(parent)
        self._report = report
        self.graphics = None
        self.tokens: list[str] = []
        self.kinds = np.zeros(0, dtype=np.int32)
        self._groups = [np.zeros(0, dtype=np.int64) for _kind in KINDS]  # the token ids of each kind
        self.xy = np.zeros((0, 2), dtype=np.float32)
        self.near_ids = np.zeros((0, 0), dtype=np.int32)
        self.near_cos = np.zeros((0, 0), dtype=np.float32)
        self._drawn = self.xy          # where the points are drawn: xy, or on their way to it
        self.selected = -1
        self.hovered = -1              # the token under the mouse, whose tooltip shows
        self._bounds: QRectF | None = None   # of every frame shown since set_tokens
        self._follow = True                  # keep them all in view, until the user pans or zooms
        self.plot_host = QWidget()
        QVBoxLayout(self.plot_host).setContentsMargins(0, 0, 0, 0)
        self.legend = QLabel()
        self.legend.setTextFormat(Qt.RichText)
        self.legend.setWordWrap(True)
        self.export_png = QAction(self)
        self.export_png.triggered.connect(lambda: self.save_png())
        self.export_csv = QAction(self)
        self.export_csv.triggered.connect(lambda: self.save_csv())
        self.show_all = QAction(self)
        self.show_all.triggered.connect(self.fit)
        self._moving = QTimer(self)  # the points on their way from one map to the next
        self._moving.setInterval(ANIMATE_MS)
        self._moving.timeout.connect(self._move)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.plot_host, 1)
        layout.addWidget(self.legend)
        self.retranslate()

    def ensure_plot(self) -> None:
        if self.graphics is not None:
            return
        import pyqtgraph as pg
        pg.setConfigOptions(antialias=False, background="w", foreground="#333")
        self.graphics = pg.GraphicsLayoutWidget()
        self.plot = self.graphics.addPlot()
        self.plot.setMenuEnabled(False, enableViewBoxMenu=True)
        self.plot.hideButtons()  # "Show all" in the menu and the panel does what the "A" button did
        # no grid: the components' values mean nothing to read (where tokens lie does), and its translucent
        # lines across the whole map were two thirds of every repaint
        for name in ("left", "bottom"):
            self.plot.getAxis(name).setStyle(showValues=False)
            self.plot.getAxis(name).enableAutoSIPrefix(False)
        self.vb = self.plot.getViewBox()
        self.vb.enableAutoRange(x=False, y=False)
        self.vb.sigRangeChangedManually.connect(self._user_moved)
        self.dots = [pg.ScatterPlotItem(size=6, pen=None, brush=pg.mkBrush(colour), symbol="o")
                     for _key, colour in KINDS]
        self.lines = pg.PlotCurveItem(connect="pairs", pen=pg.mkPen("#555", width=1, style=Qt.DashLine))
        self.rings = pg.ScatterPlotItem(size=13, brush=None, pen=pg.mkPen("#222", width=1.5), symbol="o")
        self.ring = pg.ScatterPlotItem(size=18, brush=None, pen=pg.mkPen("#d62728", width=2.5), symbol="o")
        self.labels = TokenLabels(self.vb.viewRect)
        for item in (self.lines, *self.dots, self.rings, self.ring):
            self.plot.addItem(item)
        self.plot.addItem(self.labels, ignoreBounds=True)
        self.labels.setZValue(10)  # above the points, so that a label reads even in a dense cluster
        self.menu = QMenu(self)
        self.menu.addAction(self.show_all)
        self.menu.addSeparator()
        self.menu.addActions([self.export_png, self.export_csv])
        self.graphics.scene().contextMenu = []
        self.vb.getMenu = lambda _event: self.menu
        self.graphics.scene().sigMouseMoved.connect(self._hover)
        self.graphics.scene().sigMouseClicked.connect(self._clicked)
        self.plot_host.layout().addWidget(self.graphics)
        self._retranslate_plot()
        self._tokens_to_plot()

    # --- language --------------------------------------------------------------------------------------

    def changeEvent(self, event):
        if event.type() == QEvent.LanguageChange:
            self.retranslate()
        super().changeEvent(event)

    def kind_names(self) -> dict[str, str]:
        return {"digit": self.tr("digits"), "vowel": self.tr("vowels"), "lower": self.tr("lower case"),
                "upper": self.tr("upper case"), "punct": self.tr("punctuation"), "space": self.tr("spaces"),
                "cjk": self.tr("Chinese, Japanese, Korean"), "other": self.tr("other")}

    def retranslate(self) -> None:
        self.export_png.setText(self.tr("Save map as PNG…"))
        self.export_csv.setText(self.tr("Save map as CSV…"))
        self.show_all.setText(self.tr("Show all tokens"))
        self._retranslate_plot()
        self._update_legend()

    def _retranslate_plot(self) -> None:
        if self.graphics is not None:
            self.plot.setLabel("bottom", self.tr("first principal component"))
            self.plot.setLabel("left", self.tr("second principal component"))

    def _update_legend(self) -> None:
        names = self.kind_names()
        counts = np.bincount(self.kinds, minlength=len(KINDS)) if len(self.kinds) else np.zeros(len(KINDS), int)
        keys = [f'<span style="color: {colour}; font-size: large;">●</span>&nbsp;{names[key]}&nbsp;({counts[k]})'
                for k, (key, colour) in enumerate(KINDS) if counts[k]]
        hint = self.tr("Hover a token for its nearest tokens; click it to select it. Drag to pan, wheel to zoom.")
        self.legend.setText("&nbsp;&nbsp; ".join(keys) + ("<br>" if keys else "") + hint)

    # --- data ------------------------------------------------------------------------------------------

    def set_tokens(self, tokens: list[str]) -> None:
        """A new vocabulary (a new run): no frame, no selection, the view range forgotten."""
        self.tokens = list(tokens)
        self.kinds = kinds_of(self.tokens)
        self._groups = [np.flatnonzero(self.kinds == k) for k in range(len(KINDS))]
        self.xy = np.zeros((0, 2), dtype=np.float32)
        self.near_ids = np.zeros((0, 0), dtype=np.int32)
        self.near_cos = np.zeros((0, 0), dtype=np.float32)
        self._drawn = self.xy
        self._moving.stop()
        self._bounds, self._follow, self.hovered = None, True, -1
        self._update_legend()
        self._tokens_to_plot()
        self.select(-1)

    def _tokens_to_plot(self) -> None:
        if self.graphics is not None:
            self.labels.set_tokens([visible(t) for t in self.tokens], self.kinds,
                                   [QColor(colour) for _key, colour in KINDS])
            for item in self.dots:
                item.setData(x=[], y=[])

    def clear(self) -> None:
        self.set_tokens([])

    def set_frame(self, xy: np.ndarray, near_ids: np.ndarray, near_cos: np.ndarray, animate: bool = False) -> None:
        """One map: xy (vocab, 2), and each token's nearest tokens (vocab, k) with their cosines, best first.
        `animate` moves the points there from where they are over a moment, so the eye can follow them."""
        if len(xy) != len(self.tokens):
            raise ValueError(f"a map of {len(xy)} tokens for a vocabulary of {len(self.tokens)}")
        start = self._drawn if animate and self._drawn.shape == xy.shape and len(xy) <= ANIMATE_MAX else None
        self.xy, self.near_ids, self.near_cos = np.asarray(xy, dtype=np.float32), near_ids, near_cos
        if len(self.xy):
            (x0, y0), (x1, y1) = self.xy.min(axis=0), self.xy.max(axis=0)
            rect = QRectF(float(x0), float(y0), float(x1 - x0), float(y1 - y0))
            self._bounds = rect if self._bounds is None else self._bounds.united(rect)
        self.ensure_plot()
        if self._follow:
            self._fit_bounds()
        self._moving.stop()
        if start is None:
            self._draw(self.xy)
        else:
            self._start, self._started = start, time.monotonic()
            self._moving.start()

    def _move(self) -> None:
        t = min(1.0, (time.monotonic() - self._started) / ANIMATE_S)
        if t >= 1.0:
            self._moving.stop()
            self._draw(self.xy)  # exactly there
        else:
            self._draw(self._start + (self.xy - self._start) * (1 - (1 - t) ** 3))  # fast, then settling

    def _draw(self, xy: np.ndarray) -> None:
        self._drawn = xy
        for item, ids in zip(self.dots, self._groups):
            item.setData(x=xy[ids, 0], y=xy[ids, 1])
        self.labels.set_points(xy)
        self._show_selection()

    def fit(self) -> None:
        """Show every token of every frame seen, and keep doing so as frames come."""
        self._follow = True
        self._fit_bounds()

    def _fit_bounds(self) -> None:
        if self._bounds is not None and self.graphics is not None:
            b = self._bounds
            self.vb.setRange(xRange=(b.left(), b.right()), yRange=(b.top(), b.bottom()), padding=0.05)

    def _user_moved(self, *_args) -> None:
        self._follow = False

    def neighbours_of(self, token_id: int) -> list[tuple[int, float]]:
        """(id, cosine) of the token's nearest tokens in the frame shown, best first."""
        if not 0 <= token_id < len(self.near_ids):
            return []
        return list(zip(self.near_ids[token_id].tolist(), self.near_cos[token_id].tolist()))

    def plotted_xy(self) -> np.ndarray:
        """(vocab, 2): where each token's point is drawn, read back from the plot."""
        out = np.full((len(self.tokens), 2), np.nan, dtype=np.float32)
        if self.graphics is not None:
            for item, ids in zip(self.dots, self._groups):
                x, y = item.getData()
                if len(ids) and x is not None and len(x) == len(ids):
                    out[ids, 0], out[ids, 1] = x, y
        return out

    # --- selection -------------------------------------------------------------------------------------

    def select(self, token_id: int, reveal: bool = False) -> None:
        """Select a token (-1: none), ring its neighbours and, with `reveal`, pan to it if it is out of view."""
        token_id = token_id if 0 <= token_id < len(self.tokens) else -1
        self.selected = token_id
        self._show_selection()
        if reveal and token_id >= 0 and len(self.xy) and self.graphics is not None:
            x, y = (float(v) for v in self.xy[token_id])
            view = self.vb.viewRect()
            if not view.contains(x, y):
                self._follow = False
                self.vb.setRange(xRange=(x - view.width() / 2, x + view.width() / 2),
                                 yRange=(y - view.height() / 2, y + view.height() / 2), padding=0)
        self.tokenSelected.emit(token_id)

    def _show_selection(self) -> None:
        if self.graphics is None:
            return
        i = self.selected
        if i < 0 or len(self._drawn) != len(self.tokens) or not len(self._drawn):
            self.ring.setData(x=[], y=[])
            self.rings.setData(x=[], y=[])
            self.lines.setData(x=[], y=[])
            self.labels.first = []
        else:
            near = [j for j, _cos in self.neighbours_of(i)]
            xy = self._drawn
            self.ring.setData(x=xy[[i], 0], y=xy[[i], 1])
            self.rings.setData(x=xy[near, 0], y=xy[near, 1])
            pairs = np.empty((2 * len(near), 2), dtype=np.float32)
            pairs[0::2], pairs[1::2] = xy[i], xy[near]
            self.lines.setData(x=pairs[:, 0], y=pairs[:, 1])
            self.labels.first = [i, *near]
        self.labels.update()

    def find(self, text: str) -> int:
        """The id of the token that reads `text`: exactly, as shown on the map (· for a space), without its
        spaces, or else the first that contains it; -1 if none does."""
        if not text:
            return -1
        for match in (lambda t: t == text, lambda t: visible(t) == text, lambda t: t.strip() == text.strip(),
                      lambda t: text in t or text in visible(t)):
            hit = next((i for i, t in enumerate(self.tokens) if match(t)), -1)
            if hit >= 0:
                return hit
        return -1

    # --- the mouse -------------------------------------------------------------------------------------

    def token_at(self, scene_pos) -> int:
        """The token whose point is nearest `scene_pos`, if within HIT_PX pixels; else -1."""
        if self.graphics is None or not len(self.xy) or not self.vb.sceneBoundingRect().contains(scene_pos):
            return -1
        p = self.vb.mapSceneToView(scene_pos)
        pw, ph = self.vb.viewPixelSize()
        d2 = ((self.xy[:, 0] - p.x()) / pw) ** 2 + ((self.xy[:, 1] - p.y()) / ph) ** 2
        i = int(np.argmin(d2))
        return i if d2[i] <= HIT_PX ** 2 else -1

    def tooltip_for(self, token_id: int) -> str:
        names = self.kind_names()
        lines = [f"{visible(self.tokens[token_id])}   ({names[KINDS[self.kinds[token_id]][0]]})",
                 self.tr("Nearest tokens (cosine similarity):")]
        lines += [f"  {visible(self.tokens[j])}   {cos:.3f}" for j, cos in self.neighbours_of(token_id)]
        return "\n".join(lines)

    def _hover(self, scene_pos) -> None:
        i = self.token_at(scene_pos)
        if i == self.hovered:
            return
        self.hovered = i
        if i < 0:
            QToolTip.hideText()
        else:
            QToolTip.showText(QCursor.pos(), self.tooltip_for(i), self.graphics)

    def _clicked(self, event) -> None:
        if event.button() == Qt.LeftButton and not event.double():
            self.select(self.token_at(event.scenePos()))

    # --- export ----------------------------------------------------------------------------------------

    def csv_bytes(self) -> bytes:
        """The map shown as a UTF-8 CSV table: one row per token, its place and its nearest tokens."""
        f = io.StringIO(newline="")
        w = csv.writer(f)
        k = self.near_ids.shape[1] if self.near_ids.ndim == 2 else 0
        w.writerow(["id", "token", "kind", "x", "y", *(f"{name}_{n + 1}" for n in range(k)
                                                       for name in ("neighbour", "cosine"))])
        for i, token in enumerate(self.tokens if len(self.xy) else []):
            near = [v for j, cos in self.neighbours_of(i) for v in (self.tokens[j], f"{cos:.4f}")]
            w.writerow([i, token, KINDS[self.kinds[i]][0], f"{self.xy[i, 0]:.6g}", f"{self.xy[i, 1]:.6g}", *near])
        return f.getvalue().encode("utf-8")

    def save_png(self, path: str | None = None) -> str | None:
        self.ensure_plot()
        # the legend too: the colours mean nothing without it
        return save_export(self, path, self.tr("Save map as PNG"), "embedding-map.png", self.tr("PNG image (*.png)"),
                           lambda: png_bytes(self), self._report)

    def save_csv(self, path: str | None = None) -> str | None:
        return save_export(self, path, self.tr("Save map as CSV"), "embedding-map.csv", self.tr("CSV table (*.csv)"),
                           self.csv_bytes, self._report)
