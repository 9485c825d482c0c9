"""What the model would say next, as bars: the likeliest tokens of its own next-token distribution, and beside
each the probability the sampler would draw it with after temperature, top-k and top-p. A token the settings
cut off is greyed. Exports as PNG and as CSV (the whole vocabulary).

The widget shows what it is given (`show_distribution`): the numbers come from whoever reads the model.
"""

from __future__ import annotations

import csv
import io
from dataclasses import dataclass
from typing import Callable

from PySide6.QtCore import QEvent, QRectF, QSize, Qt
from PySide6.QtGui import QAction, QColor, QFont, QFontMetrics, QPainter
from PySide6.QtWidgets import QWidget

from playground.core.tokenizer import EOT
from playground.qt.widgets.exports import png_bytes, save_export
from playground.qt.widgets.token_text import visible

TOP = 25                       # bars at most
RAW = QColor("#b9cbe3")        # the model's own probability
AFTER = QColor("#0b5ed7")      # after the sampler's settings
CUT = QColor("#9a9a9a")


@dataclass(frozen=True)
class Bar:
    id: int
    text: str        # the token's own text (Tokenizer.pieces)
    raw: float       # the model's probability, temperature 1, nothing cut off
    after: float     # the sampler's, after temperature, top-k and top-p: 0 when they cut it off

    @property
    def cut(self) -> bool:
        return self.after <= 0.0


class NextTokenBars(QWidget):

    def __init__(self, report: Callable[[BaseException], None], parent=None):
        # `report` shows an export that could not be written
        super().__init__(parent)
        self._report = report
        self.bars: list[Bar] = []
        self.greedy = False
        self.message = ""
        self._rest = (0.0, 0.0)              # the probability of the tokens not shown: raw, after
        self._full = None                    # (raw, after, pieces) of the whole vocabulary, for the CSV
        self.setMinimumSize(260, 220)
        self.export_png = QAction(self)
        self.export_png.triggered.connect(lambda: self.save_png())
        self.export_csv = QAction(self)
        self.export_csv.triggered.connect(lambda: self.save_csv())
        self.addActions([self.export_png, self.export_csv])
        self.setContextMenuPolicy(Qt.ActionsContextMenu)
        self.retranslate()

    def changeEvent(self, event):
        if event.type() == QEvent.LanguageChange:
            self.retranslate()
        super().changeEvent(event)

    def retranslate(self) -> None:
        self.export_png.setText(self.tr("Save the bars as PNG…"))
        self.export_csv.setText(self.tr("Save the distribution as CSV…"))
        self.update()

    # --- what is shown -----------------------------------------------------------------------------------

    def show_distribution(self, raw, after, pieces: Callable[[list[int]], list[str]], greedy: bool) -> None:
        """raw, after: (vocab,) arrays of probabilities; pieces(ids) names tokens; greedy: temperature 0."""
        import numpy as np
        raw, after = np.asarray(raw, dtype=np.float64), np.asarray(after, dtype=np.float64)
        k = min(TOP, raw.size)
        top = np.argpartition(-raw, k - 1)[:k]
        top = top[np.lexsort((top, -raw[top]))]  # likeliest first; a tie in id order
        self.bars = [Bar(int(i), t, float(raw[i]), float(after[i])) for i, t in zip(top, pieces(top.tolist()))]
        self._rest = (max(0.0, 1.0 - float(raw[top].sum())), max(0.0, float(after.sum() - after[top].sum())))
        self._full = (raw, after, pieces)
        self.greedy = greedy
        self.message = ""
        self.export_png.setEnabled(True)
        self.export_csv.setEnabled(True)
        self.update()

    def show_message(self, text: str) -> None:
        """A line instead of the bars (no model yet, a prompt that cannot be read)."""
        self.bars, self._full, self.message = [], None, text
        self.export_csv.setEnabled(False)
        self.update()

    # --- drawing -----------------------------------------------------------------------------------------

    def sizeHint(self):
        return QSize(360, 520)

    def paintEvent(self, _event):
        p = QPainter(self)
        p.setRenderHint(QPainter.Antialiasing)
        p.fillRect(self.rect(), Qt.white)  # a chart: the same on screen and in the PNG
        fm = QFontMetrics(self.font())
        line, pad, w = fm.height(), 8, self.width()
        bold = QFont(self.font())
        bold.setBold(True)
        p.setFont(bold)
        p.setPen(QColor("#222"))
        y = pad + self._wrapped(p, pad, y=pad, text=self.tr("What the model would write next"))
        p.setFont(self.font())
        if not self.bars:
            p.setPen(QColor("#666"))
            self._wrapped(p, pad, y + 4, self.message)
            return
        for colour, text, h in ((RAW, self.tr("the model's own probability"), line - 4),
                                (AFTER, self.tr("after your temperature, top-k and top-p"), line // 2)):
            p.fillRect(QRectF(pad, y + (line - h) / 2, 18, h), colour)
            p.setPen(QColor("#444"))
            y += self._wrapped(p, pad + 24, y, text)
        y += 6
        notes = self._notes()
        note_h = sum(fm.boundingRect(0, 0, w - 2 * pad, 1000, Qt.TextWordWrap, n).height() for n in notes) + 4
        label_font = QFont(self.font())
        label_font.setPointSizeF(self.font().pointSizeF() * 1.15)  # one Chinese character must read well
        lm = QFontMetrics(label_font)
        row = max(lm.height() + 4, 18)
        shown = self.bars[:max(1, int((self.height() - y - note_h - pad) // row))]
        label_w = min(max(lm.horizontalAdvance(self._label(b)) for b in shown) + 10, int(w * 0.35))
        value_w = fm.horizontalAdvance("100.0% → 100.0%") + 6
        bar_x, bar_w = pad + label_w, max(20, w - 2 * pad - label_w - value_w - 4)
        scale = max(max(b.raw for b in shown), max(b.after for b in shown), 1e-9)
        for b in shown:
            p.setFont(label_font)
            p.setPen(CUT if b.cut else QColor("#111"))
            p.drawText(QRectF(pad, y, label_w - 8, row), Qt.AlignRight | Qt.AlignVCenter,
                       lm.elidedText(self._label(b), Qt.ElideRight, label_w - 8))
            p.setFont(self.font())
            p.fillRect(QRectF(bar_x, y + 2, bar_w * b.raw / scale, row - 4), RAW.lighter(112) if b.cut else RAW)
            if not b.cut:
                p.fillRect(QRectF(bar_x, y + row / 2 - row / 6, bar_w * b.after / scale, row / 3), AFTER)
            p.setPen(CUT if b.cut else QColor("#222"))
            after = "0" if b.cut else _pct(b.after)
            p.drawText(QRectF(bar_x + bar_w + 4, y, value_w, row), Qt.AlignLeft | Qt.AlignVCenter,
                       f"{_pct(b.raw)} → {after}")
            y += row
        p.setPen(QColor("#555"))
        y += 4
        for note in notes:
            y += self._wrapped(p, pad, y, note)

    def _label(self, bar: Bar) -> str:
        return self.tr("(end of text)") if bar.text == EOT else visible(bar.text)

    def _wrapped(self, p: QPainter, x: float, y: float, text: str) -> float:
        """Draw `text` wrapped to the widget's width from (x, y); return its height."""
        r = p.boundingRect(QRectF(x, y, self.width() - x - 8, 10_000), Qt.TextWordWrap, text)
        p.drawText(r, Qt.TextWordWrap, text)
        return r.height()

    def _notes(self) -> list[str]:
        notes = []
        if self.greedy:
            notes.append(self.tr("Temperature 0: the sampler always takes the likeliest token."))
        elif any(b.cut for b in self.bars):
            notes.append(self.tr("Greyed: cut off by top-k/top-p, never drawn."))
        raw, after = self._rest
        if raw >= 0.0005:
            notes.append(self.tr("All other tokens: {0} → {1}").format(_pct(raw), _pct(after)))
        return notes

    # --- export ------------------------------------------------------------------------------------------

    def save_png(self, path: str | None = None) -> str | None:
        return save_export(self, path, self.tr("Save the bars as PNG"), "next-token.png", self.tr("PNG image (*.png)"),
                           lambda: png_bytes(self), self._report)

    def save_csv(self, path: str | None = None) -> str | None:
        if self._full is None:
            return None
        return save_export(self, path, self.tr("Save the distribution as CSV"), "next-token.csv",
                           self.tr("CSV table (*.csv)"), lambda: distribution_csv(*self._full), self._report)


def distribution_csv(raw, after, pieces) -> bytes:
    """Every token of the vocabulary, likeliest first: its id, its text, its probability before and after the
    sampler's settings, as a UTF-8 CSV table."""
    import numpy as np
    order = np.lexsort((np.arange(raw.size), -raw))
    f = io.StringIO(newline="")
    w = csv.writer(f)
    w.writerow(["token_id", "token", "probability", "probability_after_settings"])
    for i, text in zip(order.tolist(), pieces(order.tolist())):
        w.writerow([i, text, f"{raw[i]:.6g}", f"{after[i]:.6g}"])
    return f.getvalue().encode("utf-8")


def _pct(p: float) -> str:
    return "<0.1%" if 0 < p < 0.0005 else f"{p:.1%}"
