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
HALO = QColor(255, 255, 255, 170)
RING_GAP = 10      # the same for a ringed point: the selected token and its neighbours


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
        metrics = QFontMetricsF(self.font)
        h, ascent = metrics.height(), metrics.ascent()
        # Of the points that share a few pixels only the first can have a label: dropping the others first
        # leaves a few hundred to try in a dense cluster instead of thousands
        key = np.floor(px / 10).astype(np.int64) * 100_003 + np.floor(py / h).astype(np.int64)
        keep = np.sort(np.unique(key, return_index=True)[1])
        keep = np.union1d(keep, np.arange(len(first)))
        order, px, py = order[keep], px[keep], py[keep]
        device = painter.device()
        n_rows, n_cols = device.height() // CELL + 2, device.width() // CELL + 2
        # each row of cells as the bits of an int: testing a label's place costs a few integer operations
        # (numpy slices were 4 µs each, and 4,000 tokens try up to four places each)
        taken = [0] * n_rows
        painter.save()
        painter.resetTransform()
        bold = set(first[:1])
        ringed = set(first)
        painter.setFont(self.font)
        for i, x0, y0 in zip(order.tolist(), px.tolist(), py.tolist()):
            gap = RING_GAP if i in ringed else GAP  # outside the rings of the selection
            w = self.widths[i]
            # right of the point, else left, above or below: the first place that is free
            for lx, ly in ((x0 + gap, y0 - h / 2), (x0 - gap - w, y0 - h / 2), (x0 - w / 2, y0 - gap - h),
                           (x0 - w / 2, y0 + gap)):
                c0, r0 = int(lx // CELL), int(ly // CELL)
                c1, r1 = int((lx + w) // CELL) + 1, int((ly + h) // CELL) + 1
                if c1 <= 0 or r1 <= 0 or c0 >= n_cols or r0 >= n_rows:
                    continue
                c0, r0, r1 = max(c0, 0), max(r0, 0), min(r1, n_rows)
                mask = ((1 << (c1 - c0)) - 1) << c0
                if not any(taken[r] & mask for r in range(r0, r1)):
                    break
            else:
                continue
            for r in range(r0, r1):
                taken[r] |= mask
            if i in bold:
                painter.setFont(self.bold)
            painter.fillRect(QRectF(lx - 1, ly + 1, w + 2, h - 2), HALO)  # readable over the points
            painter.setPen(self.colours[self.kinds[i]])
            painter.drawText(QPointF(lx, ly + ascent), self.labels[i])
            if i in bold:
                painter.setFont(self.font)
            self.drawn += 1
            if self.drawn >= MAX_LABELS:
                break
        painter.restore()
