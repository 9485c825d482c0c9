"""An attention map as an image: one cell per (query, key), darker for more weight, the tokens on both axes.

write_heatmap_png works without a screen (the offscreen platform), for `playground inspect --attention-png`.
"""

from __future__ import annotations

import os

import numpy as np
from PySide6.QtCore import QRectF, Qt
from PySide6.QtGui import QFont, QImage, QPainter

CELL = 14          # pixels a cell at most; long texts get smaller cells
MAX_SIDE = 2400    # the map's side in pixels at most


def colours(weights: np.ndarray) -> np.ndarray:
    """(..., 3) uint8 for weights in [0, 1]: white for none, deep blue for all. Every view uses this scale, so
    the same weight looks the same in a thumbnail, the large map and the exported image.

    The darkness goes with the square root of the weight: a head spread over 200 keys gives each a few
    percent, which a linear scale leaves almost white, while 25% is still half as dark as 100%."""
    shade = (255 * (1 - np.sqrt(np.clip(np.asarray(weights, dtype=np.float32), 0, 1)))).astype(np.int32)
    return np.stack([shade, shade, 255 - (255 - shade) // 3], axis=-1).astype(np.uint8)


def weights_image(weights: np.ndarray) -> QImage:
    """(T, T) weights as a T x T image, one pixel a cell: drawn scaled (without smoothing) it is the map."""
    rgb = np.ascontiguousarray(colours(weights))
    h, w = rgb.shape[:2]
    return QImage(rgb.data, w, h, 3 * w, QImage.Format_RGB888).copy()  # a copy: rgb is freed on return


def heatmap_image(weights: np.ndarray, tokens: list[str], title: str,
                  note: str = "(rows: query, columns: key)") -> QImage:
    """weights (T, T), row = query, column = key, values in [0, 1]."""
    T = weights.shape[0]
    cell = max(2, min(CELL, MAX_SIDE // max(T, 1)))
    label_font = QFont()
    label_font.setPixelSize(max(6, min(12, cell - 2)))
    margin = 8 * max(len(t) for t in map(visible, tokens)) + 16 if cell >= 6 else 16
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
               f"{title}   {note}")
    top = 32 + margin
    p.drawImage(QRectF(margin, top, side, side), weights_image(weights))  # no smoothing: sharp cells
    if cell >= 6:
        p.setFont(label_font)
        p.setPen(Qt.black)
        for i, token in enumerate(tokens):
            text = visible(token)
            p.drawText(QRectF(0, top + i * cell, margin - 4, cell), Qt.AlignRight | Qt.AlignVCenter, text)
            if p.fontMetrics().horizontalAdvance(text) <= cell:  # one character (a Chinese one too) reads upright
                p.drawText(QRectF(margin + i * cell, 0, cell, top - 4), Qt.AlignHCenter | Qt.AlignBottom, text)
                continue
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


def visible(token: str) -> str:
    """Spaces and line ends made visible: a token " the" reads as "·the"."""
    return token.replace(" ", "·").replace("\n", "↵").replace("\t", "→") or "∅"
