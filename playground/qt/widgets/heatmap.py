"""An attention map as an image: one cell per (query, key), darker for more weight, the tokens on both axes.

write_heatmap_png works without a screen (the offscreen platform), for `playground inspect --attention-png`.
"""

from __future__ import annotations

import os

import numpy as np
from PySide6.QtCore import QRectF, Qt
from PySide6.QtGui import QColor, QFont, QImage, QPainter

CELL = 14          # pixels a cell at most; long texts get smaller cells
MAX_SIDE = 2400    # the map's side in pixels at most


def heatmap_image(weights: np.ndarray, tokens: list[str], title: str) -> QImage:
    """weights (T, T), row = query, column = key, values in [0, 1]."""
    T = weights.shape[0]
    cell = max(2, min(CELL, MAX_SIDE // max(T, 1)))
    label_font = QFont()
    label_font.setPixelSize(max(6, min(12, cell - 2)))
    margin = 8 * max(len(t) for t in map(_visible, tokens)) + 16 if cell >= 6 else 16
    margin = min(margin, 160)
    side = cell * T
    image = QImage(max(margin + side + 12, 640), margin + side + 40, QImage.Format_RGB32)
    image.fill(Qt.white)
    p = QPainter(image)
    p.setRenderHint(QPainter.TextAntialiasing)
    title_font = QFont()
    title_font.setPixelSize(14)
    p.setFont(title_font)
    p.drawText(QRectF(8, 4, image.width() - 16, 24), Qt.AlignLeft | Qt.AlignVCenter,
               f"{title}   (rows: query, columns: key)")
    top = 32 + margin
    for q in range(T):
        for k in range(q + 1):
            shade = int(255 * (1 - float(np.clip(weights[q, k], 0, 1))) ** 1.5)
            p.fillRect(margin + k * cell, top + q * cell, cell, cell, QColor(shade, shade, 255 - (255 - shade) // 3))
    if cell >= 6:
        p.setFont(label_font)
        p.setPen(Qt.black)
        for i, token in enumerate(tokens):
            text = _visible(token)
            p.drawText(QRectF(0, top + i * cell, margin - 4, cell), Qt.AlignRight | Qt.AlignVCenter, text)
            p.save()
            p.translate(margin + i * cell, top - 4)
            p.rotate(-90)
            p.drawText(QRectF(0, 0, margin - 8, cell), Qt.AlignLeft | Qt.AlignVCenter, text)
            p.restore()
    p.end()
    return image


def write_heatmap_png(path: str, weights: np.ndarray, tokens: list[str], title: str) -> None:
    """Write the map as a PNG, with or without a screen."""
    from PySide6.QtGui import QGuiApplication
    if QGuiApplication.instance() is None:
        if not os.environ.get("DISPLAY") and not os.environ.get("WAYLAND_DISPLAY"):
            os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
        _app = QGuiApplication([])  # noqa: F841  (fonts need one; it lives until the image is saved)
    if not heatmap_image(weights, tokens, title).save(path, "PNG"):
        from playground.core.errors import PlaygroundError
        raise PlaygroundError("Could not write {path}.", path=path)


def _visible(token: str) -> str:
    """Spaces and line ends made visible: a token " the" reads as "·the"."""
    return token.replace(" ", "·").replace("\n", "↵").replace("\t", "→") or "∅"
