"""Generated text, each token tinted by how sure the model was of it. Hovering a token shows what the model
nearly said instead; clicking it offers those alternatives, and choosing one rewrites the text from there.

The widget only shows what it is given and says what was chosen (`alternativeChosen`); whoever generates
continues the text.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from PySide6.QtCore import QEvent, Qt, Signal
from PySide6.QtGui import QColor, QFont, QFontDatabase, QTextCharFormat, QTextCursor
from PySide6.QtWidgets import QMenu, QTextEdit, QToolTip

from playground.core.tokenizer import EOT

# how sure the model was of a token it produced, as a background tint: (lowest probability, colour)
SURENESS = ((0.5, None), (0.2, QColor("#fff2b3")), (0.05, QColor("#ffd199")), (0.0, QColor("#ffb3b3")))
CHOSEN, CHOSEN_BACKGROUND = QColor("#1d4f91"), QColor("#cfe2ff")  # a token the user chose
# a byte-level BPE token that holds part of a character reads as \xe4 and so on: it cannot be written alone
PARTIAL_BYTE = re.compile(r"\\x[89a-f][0-9a-f]")


def sureness_colour(prob: float) -> QColor | None:
    return next(colour for low, colour in SURENESS if prob >= low)


def visible(text: str) -> str:
    """A token as it reads alone in a list: spaces and line ends made visible."""
    return text.replace(" ", "·").replace("\n", "↵").replace("\t", "→").replace("\r", "␍") or "∅"


@dataclass
class Span:
    """One piece of generated text (a Token event): where it lies in the document, which sample it belongs
    to, how probable the model found it and its alternatives at its first token, best first."""
    start: int                 # document positions (QTextCursor's)
    end: int
    group: int                 # the sample: text the continuation reads runs from its prompt to here
    text: str
    prob: float | None
    top: tuple = ()            # Choice(id, text, prob) the model found likeliest where this span begins
    chosen: bool = False       # written by the user's choice, not drawn by the sampler


class TokenText(QTextEdit):
    alternativeChosen = Signal(object, object)  # Span, Choice: the user chose Choice instead of Span

    def __init__(self, parent=None):
        super().__init__(parent)
        self.setReadOnly(True)
        self.setFont(QFontDatabase.systemFont(QFontDatabase.FixedFont))
        self.viewport().installEventFilter(self)  # a token's tooltip, and its menu on a click
        self.spans: list[Span] = []
        self.menu: QMenu | None = None          # the last menu of alternatives opened, for the tests
        self._prompts: list[str] = []            # each group's prompt
        self._group = -1
        self._plain = QTextCharFormat()
        self._prompt_fmt = QTextCharFormat()
        self._prompt_fmt.setForeground(QColor("#0b5ed7"))
        self._prompt_fmt.setFontWeight(QFont.Bold)
        self._note_fmt = QTextCharFormat()
        self._note_fmt.setForeground(QColor("#888"))

    # --- writing ---------------------------------------------------------------------------------------

    def clear(self) -> None:
        super().clear()
        self.spans, self._prompts, self._group = [], [], -1

    def append_text(self, text: str, style: str = "plain") -> None:
        """Text that is not the model's: "plain", "note" (greyed) or "prompt" (starts a new sample)."""
        if style == "prompt":
            self._prompts.append(text)
            self._group = len(self._prompts) - 1
        fmt = {"prompt": self._prompt_fmt, "note": self._note_fmt}.get(style, self._plain)
        self._insert(text, fmt)

    def add_token(self, token) -> None:
        """A Token event's text, tinted by the least probable of its tokens, its alternatives kept."""
        if self._group < 0:  # tokens before any prompt (an empty one): their own group
            self.append_text("", "prompt")
        prob = min(token.probs) if token.probs else None
        span = Span(0, 0, self._group, token.text, prob, token.top[0] if token.top else ())
        self._add(span)

    def _add(self, span: Span) -> None:
        span.start = self._end()
        self._insert(span.text, self._format(span))
        span.end = self._end()
        if span.end > span.start:
            self.spans.append(span)

    def _format(self, span: Span) -> QTextCharFormat:
        if span.prob is None and not span.chosen:
            return self._plain
        fmt = QTextCharFormat()
        lines = []
        if span.chosen:
            fmt.setFontUnderline(True)
            fmt.setUnderlineColor(CHOSEN)
            fmt.setForeground(CHOSEN)
            fmt.setBackground(CHOSEN_BACKGROUND)
            fmt.setFontWeight(QFont.Bold)
            lines.append(self.tr("You chose this (the model gave it {0:.1%}). Click to choose again.")
                         .format(span.prob or 0.0))
        else:
            colour = sureness_colour(span.prob)
            if colour is not None:
                fmt.setBackground(colour)
            lines.append(self.tr("The model gave this token {0:.1%}. Its likeliest tokens here:").format(span.prob))
        lines += [f"  {visible(c.text)}  {c.prob:.1%}" for c in span.top]
        if span.top and not span.chosen:
            lines.append(self.tr("Click to write one of them instead and go on from there."))
        fmt.setToolTip("\n".join(lines))
        return fmt

    def _insert(self, text: str, fmt: QTextCharFormat) -> None:
        if not text:
            return
        cursor = self.textCursor()
        cursor.movePosition(QTextCursor.End)
        cursor.insertText(text, fmt)
        self.setTextCursor(cursor)

    def _end(self) -> int:
        cursor = self.textCursor()
        cursor.movePosition(QTextCursor.End)
        return cursor.position()

    # --- rewriting ---------------------------------------------------------------------------------------

    def reads_before(self, span: Span) -> str:
        """What the model had read when it wrote `span`: its sample's prompt and the text generated before it."""
        before = [s.text for s in self.spans if s.group == span.group and s.start < span.start]
        return self._prompts[span.group] + "".join(before)

    def rewrite(self, span: Span, choice) -> str:
        """Drop `span` and everything after it, write `choice` in its place marked as chosen, and return the
        text to continue from: its sample's prompt, the text generated before it, and the choice."""
        prompt = self.reads_before(span) + choice.text
        cursor = self.textCursor()
        cursor.setPosition(span.start)
        cursor.movePosition(QTextCursor.End, QTextCursor.KeepAnchor)
        cursor.removeSelectedText()
        self.spans = [s for s in self.spans if s.start < span.start]
        del self._prompts[span.group + 1:]
        self._group = span.group
        self._add(Span(0, 0, span.group, choice.text, choice.prob, span.top, chosen=True))
        return prompt

    @staticmethod
    def writable(choice) -> bool:
        """Whether a choice can be written as text: not the end of the text, nor part of a character."""
        return choice.text != EOT and not PARTIAL_BYTE.search(choice.text)

    # --- the mouse -----------------------------------------------------------------------------------------

    def span_at(self, point) -> Span | None:
        """The span under a point of the viewport."""
        cursor = self.cursorForPosition(point)
        pos = cursor.position()
        if point.x() < self.cursorRect(cursor).left():
            pos -= 1  # the point is on the character before the nearest gap
        return next((s for s in self.spans if s.start <= pos < s.end), None)

    def open_menu(self, span: Span, global_pos) -> QMenu:
        """The alternatives to `span`, each with its probability; choosing one emits alternativeChosen."""
        menu = QMenu(self)
        title = menu.addAction(self.tr("Instead of “{0}”, the model could have written:").format(visible(span.text)))
        title.setEnabled(False)
        for choice in span.top:
            label = f"{visible(choice.text)}    {choice.prob:.1%}"
            if choice.text == span.text:
                label += "    " + (self.tr("(you chose this)") if span.chosen else self.tr("(written)"))
            if choice.text == EOT:
                label += "    " + self.tr("(the end of the text)")
            elif PARTIAL_BYTE.search(choice.text):
                label += "    " + self.tr("(part of a character)")
            action = menu.addAction(label)
            action.setEnabled(self.writable(choice))
            action.triggered.connect(lambda _=False, c=choice: self.alternativeChosen.emit(span, c))
        menu.setAttribute(Qt.WA_DeleteOnClose)
        self.menu = menu
        menu.popup(global_pos)
        return menu

    def eventFilter(self, obj, event):
        if obj is self.viewport():
            if event.type() == QEvent.ToolTip:
                span = self.span_at(event.pos())
                tip = self._format(span).toolTip() if span is not None else ""  # in the language of now
                if tip:
                    QToolTip.showText(event.globalPos(), tip, self)
                else:
                    QToolTip.hideText()
                return True
            if (event.type() == QEvent.MouseButtonRelease and event.button() == Qt.LeftButton
                    and not self.textCursor().hasSelection()):
                span = self.span_at(event.position().toPoint())
                if span is not None and span.top:
                    self.open_menu(span, event.globalPosition().toPoint())
                    return True
        return super().eventFilter(obj, event)
