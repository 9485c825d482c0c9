"""One head's attention as a large map: a cell per (query, key), the tokens on both axes kept in view while
the map scrolls, zoom with Ctrl+wheel or zoom_in / zoom_out / fit, and what a cell means under the mouse.

At 256 tokens a map that fits the view has cells of two pixels and no room for labels; it opens instead
at READABLE pixels a cell, where each token can be read, and scrolls.
"""

from __future__ import annotations

import csv
import io

import numpy as np
from PySide6.QtCore import QEvent, QPoint, QRectF, Qt, Signal
from PySide6.QtGui import QColor, QFont, QFontMetrics, QPainter, QPen
from PySide6.QtWidgets import QAbstractScrollArea, QToolTip

from playground.qt.widgets.heatmap import heatmap_image, visible, weights_image

ZOOMS = (1, 2, 3, 4, 5, 6, 8, 10, 12, 14, 16, 20, 24, 28, 32, 40)  # pixels a cell
READABLE = 12      # the smallest cell a new map opens at: its labels can be read
LARGEST = 28       # the largest: a short text's map is not blown up to a few giant cells
LABELS_FROM = 7    # cells smaller than this have no labels (they would overlap)
QUERY = QColor("#fd7e14")


class AttentionMap(QAbstractScrollArea):
    hovered = Signal(str)         # what the cell under the mouse says; "" once the mouse leaves the cells
    queryClicked = Signal(int)    # a row was clicked: that query

    def __init__(self, parent=None):
        super().__init__(parent)
        self.weights = np.zeros((0, 0), np.float32)
        self.tokens: list[str] = []
        self.labels: list[str] = []
        self.query: int | None = None   # the row outlined: the token chosen in the text
        self.cell = READABLE
        self.empty_text = ""
        self._image = None
        self._margins: dict[int, int] = {}   # the labels' room at each cell size
        self._hover: tuple[int, int] | None = None
        self._auto = True               # zoom follows the text until the user zooms
        self.viewport().setMouseTracking(True)

    # --- what it shows -----------------------------------------------------------------------------------

    def set_map(self, weights: np.ndarray, tokens: list[str]) -> None:
        """weights (T, T): row q, how query q weighs each key; tokens: the T tokens' own text."""
        self.weights = np.asarray(weights, dtype=np.float32)
        self.tokens, self.labels = list(tokens), [visible(t) for t in tokens]
        self._margins: dict[int, int] = {}
        self._image = weights_image(self.weights) if len(tokens) else None
        if self.query is not None and self.query >= len(tokens):
            self.query = None
        self._set_hover(None)  # the readout spoke of the map before
        if self._auto:
            self.cell = self._opening_cell()
        self._layout()

    def clear(self, text: str = "") -> None:
        """Show no map, and `text` in its place."""
        self.empty_text = text
        self.set_map(np.zeros((0, 0), np.float32), [])

    def set_query(self, q: int | None) -> None:
        self.query = q
        if q is not None and self.tokens:
            self.ensure_row_visible(q)
        self.viewport().update()

    def ensure_row_visible(self, q: int) -> None:
        """Scroll row q into view if it is out of it."""
        bar, y = self.verticalScrollBar(), q * self.cell   # the row's top, below the labels
        room = self.viewport().height() - self._margin() - self.cell
        if not bar.value() <= y <= bar.value() + room:
            bar.setValue(max(0, y - room // 2))

    def cell_at(self, pos: QPoint) -> tuple[int, int] | None:
        """The (query, key) under a point of the viewport; None off the map or above its diagonal."""
        m, c = self._margin(), self.cell
        x = pos.x() - m + self.horizontalScrollBar().value()
        y = pos.y() - m + self.verticalScrollBar().value()
        if pos.x() < m or pos.y() < m or x < 0 or y < 0:
            return None
        q, k = int(y // c), int(x // c)
        return (q, k) if k <= q < len(self.tokens) else None

    def cell_centre(self, q: int, k: int) -> QPoint:
        """Where cell (q, k) is in the viewport now (for tests and for scrolling to it)."""
        m, c = self._margin(), self.cell
        return QPoint(m + k * c + c // 2 - self.horizontalScrollBar().value(),
                      m + q * c + c // 2 - self.verticalScrollBar().value())

    def describe(self, q: int, k: int) -> str:
        """What cell (q, k) says."""
        return self.tr("query '{0}' (position {1}) → key '{2}' (position {3}): {4:.1%}").format(
            self.labels[q], q, self.labels[k], k, float(self.weights[q, k]))

    # --- zoom ------------------------------------------------------------------------------------------

    def zoom_in(self) -> None:
        self.set_cell(next((z for z in ZOOMS if z > self.cell), ZOOMS[-1]))

    def zoom_out(self) -> None:
        self.set_cell(next((z for z in reversed(ZOOMS) if z < self.cell), ZOOMS[0]))

    def fit(self) -> None:
        """The whole map in view, however small its cells."""
        self.set_cell(self._fit_cell())

    def set_cell(self, cell: int, anchor: QPoint | None = None) -> None:
        """Cells of `cell` pixels; the point of the map under `anchor` (viewport) stays where it is."""
        anchor = anchor or QPoint(self.viewport().width() // 2, self.viewport().height() // 2)
        m0, c0 = self._margin(), self.cell
        fx = (anchor.x() - m0 + self.horizontalScrollBar().value()) / c0
        fy = (anchor.y() - m0 + self.verticalScrollBar().value()) / c0
        self._auto = False
        self.cell = max(ZOOMS[0], min(ZOOMS[-1], int(cell)))
        self._layout()
        m = self._margin()
        self.horizontalScrollBar().setValue(int(fx * self.cell + m - anchor.x()))
        self.verticalScrollBar().setValue(int(fy * self.cell + m - anchor.y()))

    def _fit_cell(self) -> int:
        side = min(self.viewport().width(), self.viewport().height())
        T = max(1, len(self.tokens))
        return next((c for c in reversed(ZOOMS) if self._margin(c) + T * c <= side), ZOOMS[0])

    def _opening_cell(self) -> int:
        return max(READABLE, min(LARGEST, self._fit_cell()))

    # --- geometry --------------------------------------------------------------------------------------

    def _font(self, cell: int | None = None) -> QFont:
        font = QFont(self.font())
        font.setPixelSize(max(6, min(13, (cell or self.cell) - 2)))
        return font

    def _margin(self, cell: int | None = None) -> int:
        """The room the labels take left of and above the cells."""
        cell = cell or self.cell
        if cell < LABELS_FROM or not self.labels:
            return 16
        if cell not in self._margins:  # asked at every mouse move: measured once per text and zoom
            fm = QFontMetrics(self._font(cell))
            self._margins[cell] = min(140, max(fm.horizontalAdvance(t) for t in self.labels) + 10)
        return self._margins[cell]

    def _layout(self) -> None:
        full = self._margin() + len(self.tokens) * self.cell + 4
        for bar, page in ((self.horizontalScrollBar(), self.viewport().width()),
                          (self.verticalScrollBar(), self.viewport().height())):
            bar.setRange(0, max(0, full - page))
            bar.setPageStep(page)
            bar.setSingleStep(max(self.cell, 8))
        self.viewport().update()

    def resizeEvent(self, event):
        super().resizeEvent(event)
        if self._auto and self.tokens:
            self.cell = self._opening_cell()
        self._layout()

    def scrollContentsBy(self, dx, dy):
        self.viewport().update()

    # --- drawing ---------------------------------------------------------------------------------------

    def paintEvent(self, event):
        p = QPainter(self.viewport())
        w, h = self.viewport().width(), self.viewport().height()
        p.fillRect(0, 0, w, h, Qt.white)
        T = len(self.tokens)
        if not T:
            p.setPen(QColor("#666"))
            p.drawText(QRectF(12, 12, w - 24, h - 24), Qt.AlignCenter | Qt.TextWordWrap, self.empty_text)
            return
        m, c = self._margin(), self.cell
        x0, y0 = self.horizontalScrollBar().value(), self.verticalScrollBar().value()
        p.save()
        p.setClipRect(m, m, w - m, h - m)
        p.drawImage(QRectF(m - x0, m - y0, T * c, T * c), self._image)
        if c >= 10:  # the diagonal: where a token looks at itself
            p.setPen(QPen(QColor(0, 0, 0, 40), 1))
            p.drawLine(m - x0, m - y0, m - x0 + T * c, m - y0 + T * c)
        if self.query is not None:
            p.setPen(QPen(QUERY, 2))
            p.setBrush(Qt.NoBrush)
            p.drawRect(QRectF(m - x0, m - y0 + self.query * c, (self.query + 1) * c, c))
        if self._hover is not None:
            q, k = self._hover
            p.setPen(QPen(QColor("#dc3545"), 2))
            p.drawRect(QRectF(m - x0 + k * c, m - y0 + q * c, c, c))
        p.restore()
        if c >= LABELS_FROM:
            self._draw_labels(p, m, c, x0, y0, w, h)
        if m >= 60:
            p.setPen(QColor("#666"))
            small = QFont(self.font())
            small.setPixelSize(10)
            p.setFont(small)
            p.drawText(QRectF(2, 2, m - 4, m - 4), Qt.AlignLeft | Qt.AlignTop | Qt.TextWordWrap,
                       self.tr("rows: queries\ncolumns: keys"))

    def _draw_labels(self, p, m, c, x0, y0, w, h) -> None:
        p.setFont(self._font())
        hq, hk = self._hover if self._hover is not None else (None, None)
        first_row, last_row = max(0, y0 // c), min(len(self.tokens), (y0 + h - m) // c + 1)
        p.save()
        p.setClipRect(0, m, m, h - m)
        for i in range(first_row, last_row):
            p.setPen(QUERY if i == self.query else (QColor("#dc3545") if i == hq else Qt.black))
            p.drawText(QRectF(0, m - y0 + i * c, m - 4, c), Qt.AlignRight | Qt.AlignVCenter, self.labels[i])
        p.restore()
        first_col, last_col = max(0, x0 // c), min(len(self.tokens), (x0 + w - m) // c + 1)
        p.save()
        p.setClipRect(m, 0, w - m, m)
        fm = p.fontMetrics()
        for i in range(first_col, last_col):
            p.setPen(QColor("#dc3545") if i == hk else Qt.black)
            if fm.horizontalAdvance(self.labels[i]) <= c:  # one character (a Chinese one too) reads upright
                p.drawText(QRectF(m - x0 + i * c, 0, c, m - 2), Qt.AlignHCenter | Qt.AlignBottom, self.labels[i])
                continue
            p.save()
            p.translate(m - x0 + i * c, m - 4)
            p.rotate(-90)
            p.drawText(QRectF(0, 0, m - 8, c), Qt.AlignLeft | Qt.AlignVCenter, self.labels[i])
            p.restore()
        p.restore()

    # --- the mouse -------------------------------------------------------------------------------------

    def viewportEvent(self, event):
        kind = event.type()
        if kind == QEvent.ToolTip:
            cell = self.cell_at(event.pos())
            if cell is not None:
                QToolTip.showText(event.globalPos(), self.describe(*cell), self.viewport())
            else:
                QToolTip.hideText()
            return True
        if kind == QEvent.Leave:
            self._set_hover(None)
        return super().viewportEvent(event)

    def mouseMoveEvent(self, event):
        self._set_hover(self.cell_at(event.position().toPoint()))
        super().mouseMoveEvent(event)

    def _set_hover(self, cell) -> None:
        if cell != self._hover:
            self._hover = cell
            self.hovered.emit(self.describe(*cell) if cell is not None else "")
            self.viewport().update()

    def mousePressEvent(self, event):
        cell = self.cell_at(event.position().toPoint())
        if cell is not None and event.button() == Qt.LeftButton:
            self.queryClicked.emit(cell[0])
        super().mousePressEvent(event)

    def wheelEvent(self, event):
        if event.modifiers() & Qt.ControlModifier:
            step = event.angleDelta().y()
            if step:
                i = ZOOMS.index(self.cell) if self.cell in ZOOMS else ZOOMS.index(READABLE)
                i = max(0, min(len(ZOOMS) - 1, i + (1 if step > 0 else -1)))
                self.set_cell(ZOOMS[i], event.position().toPoint())
            event.accept()
            return
        super().wheelEvent(event)

    def changeEvent(self, event):
        if event.type() in (QEvent.LanguageChange, QEvent.FontChange):
            self._margins.clear()
            self.viewport().update()
        super().changeEvent(event)

    # --- export ----------------------------------------------------------------------------------------

    def image(self, title: str):
        """The whole map as an image, whatever the zoom (QImage)."""
        return heatmap_image(self.weights, self.tokens, title, self.tr("(rows: query, columns: key)"))

    def csv_bytes(self) -> bytes:
        """The weights as a UTF-8 CSV table: a row per query, a column per key, each headed by its position
        and token (spaces as ·, line ends as ↵, as on screen)."""
        f = io.StringIO(newline="")
        w = csv.writer(f)
        heads = [f"{i}:{t}" for i, t in enumerate(self.labels)]
        w.writerow(["query \\ key", *heads])
        for head, row in zip(heads, self.weights.tolist()):
            w.writerow([head, *(f"{v:.6g}" for v in row)])
        return f.getvalue().encode("utf-8")
