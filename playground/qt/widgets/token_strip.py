"""The inspected text as a row of tokens that wraps like text: click one to choose it as the query, click it
again to let it go. With a query chosen, each token before it is tinted by the weight the chosen head gives it,
against the largest of them: a head that spreads its weight thinly still shows where it leans."""

from __future__ import annotations

import numpy as np
from PySide6.QtCore import QEvent, QPoint, QRectF, QSize, Qt, Signal
from PySide6.QtGui import QColor, QFontMetrics, QPainter, QPen
from PySide6.QtWidgets import QSizePolicy, QToolTip, QWidget

from playground.qt.widgets.heatmap import colours, visible

PAD, GAP = 3, 2
QUERY = QColor("#fd7e14")


class TokenStrip(QWidget):
    tokenClicked = Signal(int)    # the position of the token clicked

    def __init__(self, parent=None):
        super().__init__(parent)
        self.tokens: list[str] = []
        self.labels: list[str] = []
        self.query: int | None = None
        self.tints: np.ndarray | None = None   # (query + 1,) the chosen head's weights of the query's keys
        self._rects: list[QRectF] = []
        self._width = -1
        sp = QSizePolicy(QSizePolicy.Preferred, QSizePolicy.Preferred)
        sp.setHeightForWidth(True)
        self.setSizePolicy(sp)

    def set_tokens(self, tokens: list[str]) -> None:
        self.tokens, self.labels = list(tokens), [visible(t) for t in tokens]
        if self.query is not None and self.query >= len(tokens):
            self.query, self.tints = None, None
        self._width = -1
        self._relayout()

    def set_query(self, q: int | None, tints: np.ndarray | None = None) -> None:
        self.query, self.tints = q, tints
        self.update()

    def token_rect(self, i: int) -> QRectF:
        self._ensure_layout()
        return self._rects[i]

    def token_at(self, pos: QPoint) -> int | None:
        self._ensure_layout()
        return next((i for i, r in enumerate(self._rects) if r.contains(pos)), None)

    # --- layout ----------------------------------------------------------------------------------------

    def _layout_for(self, width: int) -> tuple[list[QRectF], int]:
        fm = QFontMetrics(self.font())
        h = fm.height() + 2 * PAD
        x = y = GAP
        rects = []
        for token, label in zip(self.tokens, self.labels):
            w = fm.horizontalAdvance(label) + 2 * PAD
            if x + w > width - GAP and x > GAP:
                x, y = GAP, y + h + GAP
            rects.append(QRectF(x, y, w, h))
            x += w + GAP
            if token.endswith("\n"):  # the text's own line ends, as in the text
                x, y = GAP, y + h + GAP
        return rects, (rects[-1].bottom() + GAP if rects else h + 2 * GAP)

    def _ensure_layout(self) -> None:
        if self._width != self.width():
            self._rects, _ = self._layout_for(max(self.width(), 40))
            self._width = self.width()

    def _relayout(self) -> None:
        _, height = self._layout_for(max(self.width(), 40))
        self.setMinimumHeight(int(height))
        self.updateGeometry()
        self.update()

    def hasHeightForWidth(self) -> bool:
        return True

    def heightForWidth(self, width: int) -> int:
        return int(self._layout_for(max(width, 40))[1])

    def sizeHint(self) -> QSize:
        return QSize(400, self.heightForWidth(max(self.width(), 400)))

    def resizeEvent(self, event):
        super().resizeEvent(event)
        _, height = self._layout_for(max(self.width(), 40))
        if int(height) != self.minimumHeight():
            self.setMinimumHeight(int(height))

    # --- drawing ---------------------------------------------------------------------------------------

    def paintEvent(self, event):
        self._ensure_layout()
        p = QPainter(self)
        p.setFont(self.font())
        fills = colours(self.tints / max(float(self.tints.max()), 1e-9)) if self.tints is not None else None
        for i, (r, label) in enumerate(zip(self._rects, self.labels)):
            if not r.intersects(QRectF(event.rect())):
                continue
            if fills is not None and i < len(fills):
                fill = QColor(*fills[i].tolist())
            else:
                fill = QColor("#f1f3f5")
            p.fillRect(r, fill)
            if i == self.query:
                p.setPen(QPen(QUERY, 2))
                p.drawRect(r.adjusted(1, 1, -1, -1))
            p.setPen(Qt.white if fill.lightness() < 140 else Qt.black)
            p.drawText(r, Qt.AlignCenter, label)

    # --- the mouse -------------------------------------------------------------------------------------

    def mousePressEvent(self, event):
        i = self.token_at(event.position().toPoint())
        if i is not None and event.button() == Qt.LeftButton:
            self.tokenClicked.emit(i)
        super().mousePressEvent(event)

    def event(self, event):
        if event.type() == QEvent.ToolTip:
            i = self.token_at(event.pos())
            if i is None:
                QToolTip.hideText()
                return True
            tip = self.tr("Position {0}: '{1}'").format(i, self.labels[i])
            if self.tints is not None and i < len(self.tints):
                tip += "\n" + self.tr("weight from the query: {0:.1%}").format(float(self.tints[i]))
            QToolTip.showText(event.globalPos(), tip, self)
            return True
        return super().event(event)
