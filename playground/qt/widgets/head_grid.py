"""Every head at once: a small map per head, a row per layer and a column per head. Click one to choose it.

With a query chosen (a token clicked in the text), each thumbnail shows that query's row instead: a bar per
key before it, as tall as the weight the head gives it against the largest (a head that spreads its weight
thinly still shows where it leans), and the key it weighs most with its weight, so that where the token
looks can be compared across every head at a glance.
"""

from __future__ import annotations

import numpy as np
from PySide6.QtCore import QEvent, QPoint, QRect, QRectF, QSize, Qt, Signal
from PySide6.QtGui import QColor, QFont, QImage, QPainter, QPen
from PySide6.QtWidgets import QToolTip, QWidget

from playground.qt.widgets.heatmap import visible, weights_image

GAP = 8
LABEL = 16         # pixels of the "L1 H1" line above each thumbnail
CHOSEN = QColor("#0b5ed7")
BAR = QColor("#0b5ed7")


SIDES = (40, 128)  # a thumbnail's side in pixels: at least, at most


def pooled(weights: np.ndarray, side: int) -> np.ndarray:
    """(..., T, T) weights shrunk to at most side x side, each pixel the most weight among its cells: scaled
    down plainly, a sharp head's few strong cells would fall between pixels and its thumbnail look empty."""
    T = weights.shape[-1]
    if T <= side:
        return weights
    return _max_pool(_max_pool(weights, side, -2), side, -1)


def _max_pool(weights: np.ndarray, side: int, axis: int) -> np.ndarray:
    # a pixel covers at most ceil(T / side) cells: the maximum of that many gathered slices, which is several
    # times faster than np.maximum.reduceat over every head of a large model
    T = weights.shape[axis]
    starts = (np.arange(side) * T) // side
    ends = np.append(starts[1:], T) - 1
    out = weights.take(starts, axis=axis)
    for d in range(1, int((ends - starts).max()) + 1):
        out = np.maximum(out, weights.take(np.minimum(starts + d, ends), axis=axis))
    return out


class HeadGrid(QWidget):
    headChosen = Signal(int, int)   # layer, head

    def __init__(self, parent=None):
        super().__init__(parent)
        self.weights = np.zeros((0, 0, 0, 0), np.float32)
        self.tokens: list[str] = []
        self.chosen = (0, 0)
        self.query: int | None = None
        self.side = SIDES[1]
        self._width = 0                 # the width to fit the thumbnails of a layer in (set_width)
        self._images: list[list[QImage]] = []

    def set_weights(self, weights: np.ndarray, tokens: list[str]) -> None:
        """weights (n_layer, n_head, T, T)."""
        self.weights, self.tokens = np.asarray(weights, dtype=np.float32), list(tokens)
        n_layer, n_head = self.weights.shape[:2]
        self._fit()
        small = pooled(self.weights, SIDES[1])  # every head at once
        self._images = [[weights_image(small[i, j]) for j in range(n_head)] for i in range(n_layer)]
        layer, head = self.chosen
        self.chosen = (min(layer, max(n_layer - 1, 0)), min(head, max(n_head - 1, 0)))
        if self.query is not None and self.query >= len(tokens):
            self.query = None
        self.setFixedSize(self.sizeHint())
        self.update()

    def set_width(self, width: int) -> None:
        """Fit a layer's thumbnails in `width` pixels if they can be SIDES[0] or larger; else they scroll."""
        self._width = width
        if self._fit():
            self.setFixedSize(self.sizeHint())
            self.update()

    def _fit(self) -> bool:
        n_head = max(1, self.weights.shape[1])
        side = max(SIDES[0], min(SIDES[1], (self._width - GAP) // n_head - GAP)) if self._width else 96
        changed, self.side = side != self.side, side
        return changed

    def count(self) -> int:
        """How many thumbnails it shows."""
        return sum(len(row) for row in self._images)

    def set_chosen(self, layer: int, head: int) -> None:
        self.chosen = (layer, head)
        self.update()

    def set_query(self, q: int | None) -> None:
        self.query = q
        self.update()

    def sizeHint(self, side: int | None = None) -> QSize:
        n_layer, n_head = self.weights.shape[:2]
        side = side or self.side
        if not n_layer * n_head:
            return QSize(0, 0)
        return QSize(GAP + n_head * (side + GAP), GAP + n_layer * (side + LABEL + GAP))

    def thumb_rect(self, layer: int, head: int, side: int | None = None) -> QRect:
        """Where a head's thumbnail is drawn (without its label line above), with thumbnails of `side`
        pixels (those shown by default)."""
        side = side or self.side
        return QRect(GAP + head * (side + GAP), GAP + LABEL + layer * (side + LABEL + GAP), side, side)

    def head_at(self, pos: QPoint) -> tuple[int, int] | None:
        n_layer, n_head = self.weights.shape[:2]
        for layer in range(n_layer):
            for head in range(n_head):
                if self.thumb_rect(layer, head).adjusted(0, -LABEL, 0, 0).contains(pos):
                    return layer, head
        return None

    def top_key(self, layer: int, head: int) -> int | None:
        """The key the chosen query weighs most in this head, if a query is chosen."""
        if self.query is None:
            return None
        return int(np.argmax(self.weights[layer, head, self.query, :self.query + 1]))

    # --- drawing ---------------------------------------------------------------------------------------

    def paintEvent(self, event):
        p = QPainter(self)
        self.paint(p)

    def image(self) -> QImage:
        """The whole grid as an image, its thumbnails at their largest, however much of it is in view."""
        shown, self.side = self.side, SIDES[1]
        try:
            image = QImage(self.sizeHint(), QImage.Format_RGB32)
            image.fill(Qt.white)
            p = QPainter(image)
            self.paint(p)
            p.end()
        finally:
            self.side = shown
        return image

    def paint(self, p: QPainter) -> None:
        p.fillRect(QRect(QPoint(0, 0), self.sizeHint()), Qt.white)
        label_font = QFont(self.font())
        label_font.setPixelSize(11)
        p.setFont(label_font)
        for layer, row in enumerate(self._images):
            for head, thumb in enumerate(row):
                r = self.thumb_rect(layer, head)
                p.setPen(QColor("#333"))
                p.drawText(QRectF(r.x(), r.y() - LABEL, r.width(), LABEL), Qt.AlignLeft | Qt.AlignVCenter,
                           self.tr("L{0} H{1}").format(layer + 1, head + 1))
                top = self.top_key(layer, head)
                if top is None:
                    p.drawImage(r, thumb)
                else:
                    self._paint_row(p, r, self.weights[layer, head, self.query, :self.query + 1])
                    # the key it weighs most, above the bars (which keep the top quarter free for it)
                    text = f"→ {visible(self.tokens[top])} {self.weights[layer, head, self.query, top]:.0%}"
                    p.setPen(QColor("#333"))
                    p.drawText(QRectF(r.x() + 3, r.y() + 1, r.width() - 6, LABEL), Qt.AlignLeft | Qt.AlignVCenter,
                               p.fontMetrics().elidedText(text, Qt.ElideRight, r.width() - 6))
                chosen = (layer, head) == self.chosen
                p.setPen(QPen(CHOSEN, 3) if chosen else QPen(QColor("#bbb"), 1))
                p.setBrush(Qt.NoBrush)
                p.drawRect(r.adjusted(-1, -1, 0, 0) if chosen else r.adjusted(0, 0, -1, -1))

    def _paint_row(self, p: QPainter, r: QRect, row: np.ndarray) -> None:
        """One query's weights over its keys as bars; with more keys than pixels, each pixel shows the most
        weight among its keys, so a sharp peak never falls between two pixels."""
        p.fillRect(r, QColor("#f8f9fa"))
        n = len(row)
        cols = min(n, r.width())
        starts = (np.arange(cols) * n) // cols
        peaks = np.maximum.reduceat(row, starts)
        width = r.width() / cols
        scale = (r.height() - LABEL - 4) / max(float(peaks.max()), 1e-9)
        for i, v in enumerate(peaks.tolist()):
            height = v * scale
            if height >= 0.5:
                p.fillRect(QRectF(r.x() + i * width, r.bottom() - height, max(width - (width > 3), 1), height), BAR)

    # --- the mouse -------------------------------------------------------------------------------------

    def mousePressEvent(self, event):
        hit = self.head_at(event.position().toPoint())
        if hit is not None and event.button() == Qt.LeftButton:
            self.set_chosen(*hit)
            self.headChosen.emit(*hit)
        super().mousePressEvent(event)

    def event(self, event):
        if event.type() == QEvent.ToolTip:
            hit = self.head_at(event.pos())
            if hit is None:
                QToolTip.hideText()
                return True
            layer, head = hit
            tip = self.tr("Layer {0}, head {1}. Click to see it large.").format(layer + 1, head + 1)
            top = self.top_key(layer, head)
            if top is not None:
                weight = float(self.weights[layer, head, self.query, top])
                tip += "\n" + self.tr("Query '{0}' (position {1}) weighs key '{2}' (position {3}) most: {4:.1%}"
                                       ).format(visible(self.tokens[self.query]), self.query,
                                                visible(self.tokens[top]), top, weight)
            QToolTip.showText(event.globalPos(), tip, self)
            return True
        if event.type() == QEvent.LanguageChange:
            self.update()
        return super().event(event)
