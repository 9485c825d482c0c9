"""The tokens' texts beside their points on the embedding map, as many as fit without overlapping.

One item paints them all: a text item per token (thousands for a BPE vocabulary) made every pan and zoom
crawl. Each paint maps the points in view to pixels with numpy and places labels greedily on a coarse grid
of taken pixels, the selected token and its neighbours first, so a zoomed-out map of 4,000 tokens labels a
spread of them and zooming in reveals the rest.
"""

from __future__ import annotations

import numpy as np
from PySide6.QtCore import QPointF, QRectF
from PySide6.QtGui import QColor, QFont, QFontMetricsF
from PySide6.QtWidgets import QGraphicsObject

MAX_LABELS = 600   # per paint: text is the costliest thing drawn (about 15 µs a label)
CELL = 4           # pixels: the grid that says where a label is already drawn
GAP = 3            # pixels between a point and its label


class TokenLabels(QGraphicsObject):
    """Paints labels[i] at xy[i] in the colour colours[kinds[i]]; view_rect() gives the data range in view."""

    def __init__(self, view_rect, parent=None):
        super().__init__(parent)
        self._view_rect = view_rect
        self.font = QFont()
        self.font.setPixelSize(12)
        self.bold = QFont(self.font)
        self.bold.setBold(True)
        self.xy = np.zeros((0, 2), dtype=np.float32)
        self.labels: list[str] = []
        self.widths = np.zeros(0)
        self.kinds = np.zeros(0, dtype=np.int32)
        self.colours: list[QColor] = []
        self.first: list[int] = []     # labelled before the others: the selected token, then its neighbours
        self.drawn = 0                 # how many labels the last paint drew
        self._rect = QRectF()

    def set_tokens(self, labels: list[str], kinds: np.ndarray, colours: list[QColor]) -> None:
        metrics = QFontMetricsF(self.bold)
        self.labels, self.kinds = labels, kinds
        self.colours = [c.darker(140) for c in colours]
        self.widths = np.array([metrics.horizontalAdvance(t) for t in labels])
        self.first = []
        self.set_points(np.zeros((len(labels), 2), dtype=np.float32))

    def set_points(self, xy: np.ndarray) -> None:
        self.prepareGeometryChange()
        self.xy = xy
        if len(xy):
            (x0, y0), (x1, y1) = xy.min(axis=0), xy.max(axis=0)
            # room for the texts, which reach past the outermost points
            pad_x, pad_y = 0.3 * (x1 - x0) + 1e-6, 0.1 * (y1 - y0) + 1e-6
            self._rect = QRectF(x0 - pad_x, y0 - pad_y, x1 - x0 + 2 * pad_x, y1 - y0 + 2 * pad_y)
        else:
            self._rect = QRectF()
        self.update()

    def boundingRect(self) -> QRectF:
        return self._rect

    def paint(self, painter, _option, _widget=None) -> None:
        self.drawn = 0
        if not len(self.xy) or len(self.xy) != len(self.labels):
            return
        view = self._view_rect()
        x, y = self.xy[:, 0], self.xy[:, 1]
        inside = np.flatnonzero((x >= view.left()) & (x <= view.right()) & (y >= view.top()) & (y <= view.bottom()))
        first = [i for i in self.first if 0 <= i < len(self.xy)]
        order = np.concatenate([np.array(first, dtype=np.int64), np.setdiff1d(inside, first)])
        t = painter.transform()
        px = x[order] * t.m11() + y[order] * t.m21() + t.dx()
        py = x[order] * t.m12() + y[order] * t.m22() + t.dy()
        device = painter.device()
        width, height = device.width(), device.height()
        taken = np.zeros((height // CELL + 2, width // CELL + 2), dtype=bool)
        metrics = QFontMetricsF(self.font)
        h, ascent = metrics.height(), metrics.ascent()
        painter.save()
        painter.resetTransform()
        bold = set(first[:1])
        painter.setFont(self.font)
        for i, lx, ly in zip(order.tolist(), (px + GAP).tolist(), (py - h / 2).tolist()):
            c0, r0 = int(lx // CELL), int(ly // CELL)
            c1, r1 = int((lx + self.widths[i]) // CELL) + 1, int((ly + h) // CELL) + 1
            if c1 < 0 or r1 < 0 or c0 >= taken.shape[1] or r0 >= taken.shape[0]:
                continue
            c0, r0 = max(c0, 0), max(r0, 0)
            if taken[r0:r1, c0:c1].any():
                continue
            taken[r0:r1, c0:c1] = True
            if i in bold:
                painter.setFont(self.bold)
            painter.setPen(self.colours[self.kinds[i]])
            painter.drawText(QPointF(lx, ly + ascent), self.labels[i])
            if i in bold:
                painter.setFont(self.font)
            self.drawn += 1
            if self.drawn >= MAX_LABELS:
                break
        painter.restore()
