"""Editors built from config field metadata: a spin box for values spanning decades, and one editor per field."""

from __future__ import annotations

import dataclasses

from PySide6.QtCore import QSignalBlocker, Signal
from PySide6.QtWidgets import QCheckBox, QComboBox, QDoubleSpinBox, QHBoxLayout, QSpinBox, QWidget

from playground.qt.fields import choice_texts

INT_MAX = 2**31 - 1


class SciSpinBox(QDoubleSpinBox):
    """A spin box for values spanning decades (learning rates): shows 3e-4, steps by ×/÷ 2."""

    def __init__(self, parent=None):
        super().__init__(parent)
        self.setDecimals(12)

    def textFromValue(self, value: float) -> str:
        return f"{value:.3g}"

    def valueFromText(self, text: str) -> float:
        try:
            return float(text.replace(",", "."))
        except ValueError:
            return self.value()

    def validate(self, text, pos):
        from PySide6.QtGui import QValidator
        try:
            float(text.replace(",", "."))
            return QValidator.Acceptable, text, pos
        except ValueError:
            return QValidator.Intermediate, text, pos

    def stepBy(self, steps: int) -> None:
        v = self.value()
        if v <= 0:
            self.setValue(self.minimum() if self.minimum() > 0 else 1e-4)
        else:
            self.setValue(v * (2.0 ** steps))


class FieldEditor(QWidget):
    """An editor for one config dataclass field: spin box, combo box or check box, chosen from its type
    and bounded by its metadata. Emits `edited(name, value)` only for the user's changes."""

    edited = Signal(str, object)
    LOG_FIELDS = {"learning_rate", "min_lr"}
    SLOW_FIELDS = {"bpe_vocab_size", "val_fraction"}

    def __init__(self, f: dataclasses.Field, parent=None):
        super().__init__(parent)
        self.name = f.name
        self.kind = type(f.default)
        meta = f.metadata
        layout = QHBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        if meta.get("choices"):
            w = QComboBox()
            for c in meta["choices"]:
                w.addItem(c, c)
            w.currentIndexChanged.connect(lambda _i: self.edited.emit(self.name, w.currentData()))
        elif self.kind is bool:
            w = QCheckBox()
            w.toggled.connect(lambda on: self.edited.emit(self.name, bool(on)))
        elif self.kind is int:
            w = QSpinBox()
            w.setRange(int(max(meta.get("min") or 0, -INT_MAX)), int(min(meta.get("max") or INT_MAX, INT_MAX)))
            w.setGroupSeparatorShown(True)
            w.valueChanged.connect(lambda v: self.edited.emit(self.name, int(v)))
        else:
            w = SciSpinBox() if f.name in self.LOG_FIELDS else QDoubleSpinBox()
            if not isinstance(w, SciSpinBox):
                w.setDecimals(3 if (meta.get("max") or 1) <= 1 else 4)
                w.setSingleStep(0.05 if (meta.get("max") or 1) <= 1 else 0.1)
            lo, hi = meta.get("min"), meta.get("max")
            w.setRange(lo if lo is not None else -1e12, hi if hi is not None else 1e12)
            w.valueChanged.connect(lambda v: self.edited.emit(self.name, float(v)))
        if f.name in self.SLOW_FIELDS:
            # each value re-tokenizes the corpus: wait for Enter instead of reacting to every digit typed
            w.setKeyboardTracking(False)
        self.widget = w
        layout.addWidget(w)

    def set_value(self, value) -> None:
        w = self.widget
        with QSignalBlocker(w):
            if isinstance(w, QComboBox):
                i = w.findData(value)
                w.setCurrentIndex(max(i, 0))
            elif isinstance(w, QCheckBox):
                w.setChecked(bool(value))
            else:
                w.setValue(value)

    def value(self):
        w = self.widget
        if isinstance(w, QComboBox):
            return w.currentData()
        if isinstance(w, QCheckBox):
            return w.isChecked()
        return w.value()

    def set_texts(self, suffix: str, tooltip: str) -> None:
        w = self.widget
        if isinstance(w, QComboBox):
            names = choice_texts()
            for i in range(w.count()):
                w.setItemText(i, names.get(w.itemData(i), w.itemData(i)))
        elif hasattr(w, "setSuffix"):
            w.setSuffix(suffix)
        w.setToolTip(tooltip)
        self.setToolTip(tooltip)

    def set_error(self, on: bool) -> None:
        self.widget.setProperty("invalid", on)
        self.widget.setStyleSheet("border: 2px solid #d93025; border-radius: 3px;" if on else "")
