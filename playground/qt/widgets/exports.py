"""Saving what a view shows: a PNG of it or a CSV of its numbers, written whole or not at all."""

from __future__ import annotations

from pathlib import Path
from typing import Callable

from PySide6.QtCore import QBuffer, QIODevice
from PySide6.QtWidgets import QFileDialog

from playground.core.atomic import atomic_write
from playground.core.errors import RunError


def png_bytes(picture) -> bytes:
    """A QImage or QPixmap as PNG bytes; a widget as it is drawn now."""
    if hasattr(picture, "grab"):
        picture = picture.grab()
    buf = QBuffer()
    buf.open(QIODevice.WriteOnly)
    picture.save(buf, "PNG")
    return bytes(buf.data())


def save_export(parent, path: str | None, title: str, name: str, kinds: str, make: Callable[[], bytes],
                report) -> str | None:
    """Ask where to save (a dialog titled `title`, suggesting `name`) unless `path` is given, then write
    `make()` there. A failure (full disk, no permission) goes to `report`, not up: returns the path or None."""
    if not path:
        path = QFileDialog.getSaveFileName(parent, title, name, kinds)[0]
    if not path:
        return None
    try:
        atomic_write(Path(path), make())
    except RunError as e:
        report(e)
        return None
    return path
