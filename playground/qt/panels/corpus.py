"""The corpus: open a file or folder, paste text or pick a demo; its statistics, tokenizer and a preview of
how the text is cut into tokens."""

from __future__ import annotations

import html
from dataclasses import fields

from PySide6.QtCore import QEvent, Qt
from PySide6.QtWidgets import (QComboBox, QDialog, QDialogButtonBox, QFileDialog, QFormLayout, QGroupBox,
                               QHBoxLayout, QLabel, QLineEdit, QPlainTextEdit, QPushButton, QTextBrowser,
                               QVBoxLayout, QWidget)

from playground.core.config import DataConfig
from playground.qt.fields import field_texts, with_colon
from playground.qt.session import Phase
from playground.qt.widgets.editors import FieldEditor

# Mirrors corpus.MAX_FILE_BYTES (a test keeps them equal): importing the corpus module here would pull numpy
# and the encoding detector into the startup path, before the window is shown.
MAX_FILE_BYTES = 1 << 30
PIECE_COLOURS = ("#dbeafe", "#fde68a", "#bbf7d0", "#fbcfe8", "#ddd6fe")


class CorpusPanel(QWidget):

    def __init__(self, corpus, form, training, parent=None):
        # corpus: what is loaded, and loading another; form: the tokenizer settings; training: the phase,
        # which keeps the corpus and its settings while a run trains
        super().__init__(parent)
        self.corpus, self.form, self.training = corpus, form, training

        self.open_file = QPushButton()
        self.open_file.clicked.connect(self.choose_file)
        self.open_folder = QPushButton()
        self.open_folder.clicked.connect(self.choose_folder)
        self.paste = QPushButton()
        self.paste.clicked.connect(self.paste_text)
        self.demo = QComboBox()
        self.demo.activated.connect(self._demo_chosen)
        buttons = QHBoxLayout()
        for b in (self.open_file, self.open_folder, self.paste):
            buttons.addWidget(b)
        demo_row = QHBoxLayout()
        self.demo_label = QLabel()
        demo_row.addWidget(self.demo_label)
        demo_row.addWidget(self.demo, 1)
        self.hint = QLabel()
        self.hint.setWordWrap(True)
        self.hint.setStyleSheet("color: palette(mid);")

        self.info_box = QGroupBox()
        info = QFormLayout(self.info_box)
        self.info_names: dict[str, QLabel] = {}
        self.info: dict[str, QLabel] = {}
        for key in ("name", "source", "encoding", "documents", "chars", "distinct", "tokens", "split", "vocab"):
            name, value = QLabel(), QLabel("—")
            value.setTextInteractionFlags(Qt.TextSelectableByMouse)
            value.setWordWrap(True)
            self.info_names[key], self.info[key] = name, value
            info.addRow(name, value)

        self.tok_box = QGroupBox()
        tok = QFormLayout(self.tok_box)
        self.editors: dict[str, FieldEditor] = {}
        self.labels: dict[str, QLabel] = {}
        for f in fields(DataConfig):
            editor = FieldEditor(f)
            editor.edited.connect(self._edited)
            label = QLabel()
            self.editors[f.name], self.labels[f.name] = editor, label
            tok.addRow(label, editor)

        self.problem = QLabel()
        self.problem.setWordWrap(True)
        self.problem.setStyleSheet("color: #b3261e; font-weight: bold;")
        self.problem.hide()

        self.preview_title = QLabel()
        self.preview_title.setStyleSheet("font-weight: bold;")
        self.preview = QTextBrowser()
        self.preview.setMinimumHeight(120)

        layout = QVBoxLayout(self)
        layout.addLayout(buttons)
        layout.addLayout(demo_row)
        layout.addWidget(self.hint)
        layout.addWidget(self.problem)
        layout.addWidget(self.info_box)
        layout.addWidget(self.tok_box)
        layout.addWidget(self.preview_title)
        layout.addWidget(self.preview, 1)

        corpus.loading.connect(self._loading)
        corpus.changed.connect(self._show)
        form.configChanged.connect(self._show_config)
        form.validityChanged.connect(self._show_validity)
        training.phaseChanged.connect(self._phase)
        self.retranslate()
        self._show_config(form.config)

    def changeEvent(self, event):
        if event.type() == QEvent.LanguageChange:
            self.retranslate()
        super().changeEvent(event)

    def retranslate(self) -> None:
        self.open_file.setText(self.tr("Open file…"))
        self.open_file.setToolTip(self.tr("A text file: .txt, .md, or .jsonl with one {\"text\": …} per line."))
        self.open_folder.setText(self.tr("Open folder…"))
        self.open_folder.setToolTip(self.tr("Every .txt, .md and .jsonl file in a folder and its subfolders."))
        self.paste.setText(self.tr("Paste text…"))
        self.demo_label.setText(self.tr("Built-in:"))
        current = self.demo.currentIndex()
        self.demo.clear()
        self.demo.addItem(self.tr("(choose a demo corpus)"), "")
        self.demo.addItem(self.tr("Python documentation (English prose and code)"), "python-docs")
        self.demo.addItem(self.tr("Arithmetic (watch it learn to add)"), "arithmetic")
        self.demo.setCurrentIndex(max(current, 0))
        self.hint.setText(self.tr(
            "You can also drop a file or folder onto the window. Any text encoding works (UTF-8, UTF-16, GBK, "
            "Big5…). Files up to {0} GiB: tokenizing needs several times the file's size in memory.").format(
            MAX_FILE_BYTES // 2**30))
        self.info_box.setTitle(self.tr("Statistics"))
        names = {"name": self.tr("Name:"), "source": self.tr("Source:"), "encoding": self.tr("Encoding:"),
                 "documents": self.tr("Documents:"), "chars": self.tr("Characters:"),
                 "distinct": self.tr("Distinct characters:"), "tokens": self.tr("Tokens:"),
                 "split": self.tr("Training / validation:"), "vocab": self.tr("Vocabulary:")}
        for key, label in self.info_names.items():
            label.setText(names[key])
        self.tok_box.setTitle(self.tr("Tokenizer"))
        texts = field_texts()
        for name, editor in self.editors.items():
            label, suffix, tip = texts[name]
            self.labels[name].setText(with_colon(label))
            self.labels[name].setToolTip(tip)
            editor.set_texts(suffix, tip)
        self.preview_title.setText(self.tr("How the text is cut into tokens"))
        self.preview.setToolTip(self.tr("Each coloured block is one token; ↵ marks a line break."))
        if self.corpus.view is not None:
            self._show(self.corpus.view)

    # --- actions ---------------------------------------------------------------------------------------

    def choose_file(self) -> None:
        path, _ = QFileDialog.getOpenFileName(self, self.tr("Open a text corpus"), "",
                                              self.tr("Text (*.txt *.md *.jsonl);;All files (*)"))
        if path:
            self.corpus.load_file(path)

    def choose_folder(self) -> None:
        path = QFileDialog.getExistingDirectory(self, self.tr("Open a folder of text files"))
        if path:
            self.corpus.load_file(path)

    def paste_text(self) -> None:
        dialog = PasteDialog(self)
        if dialog.exec() == QDialog.Accepted and dialog.text().strip():
            self.corpus.load_text(dialog.text(), dialog.name())

    def _demo_chosen(self, index: int) -> None:
        name = self.demo.itemData(index)
        if name:
            self.corpus.load_demo(name)

    def _edited(self, name: str, value) -> None:
        if not self.form.update_field("data", name, value):
            self._show_config(self.form.config)

    # --- models -> widgets -----------------------------------------------------------------------------

    def _loading(self, label: str) -> None:
        self.info["name"].setText(self.tr("Loading {0}…").format(label))
        for key in ("tokens", "split", "vocab"):
            self.info[key].setText("…")

    def _show_config(self, cfg) -> None:
        for name, editor in self.editors.items():
            editor.set_value(getattr(cfg.data, name))
        self.editors["bpe_vocab_size"].setEnabled(cfg.data.tokenizer == "bpe" and not self.training.active)

    def _show_validity(self, message: str, field_name: str) -> None:
        shown = bool(message) and field_name in ("corpus", "tokenizer", "bpe_vocab_size", "val_fraction")
        self.problem.setText(message if shown else "")
        self.problem.setVisible(shown)

    def _phase(self, phase: Phase) -> None:
        idle = phase is Phase.IDLE
        for w in (self.open_file, self.open_folder, self.paste, self.demo):
            w.setEnabled(idle)
        for editor in self.editors.values():
            editor.setEnabled(idle)
        self._show_config(self.form.config)

    def _show(self, view) -> None:
        if view is None:
            for value in self.info.values():
                value.setText("—")
            self.preview.clear()
            return
        c, s = view.corpus, view.stats
        source = c.source
        if source.startswith("demo:"):
            source = self.tr("built-in demo")
        elif source == "pasted":
            source = self.tr("pasted text")
        self.info["name"].setText(c.name)
        self.info["source"].setText(source)
        self.info["source"].setToolTip(c.source)
        self.info["encoding"].setText(c.encoding or "—")
        self.info["documents"].setText(f"{len(c.documents):,}")
        self.info["chars"].setText(f"{c.n_chars:,}")
        self.info["distinct"].setText(f"{c.n_distinct:,}")
        if s:
            self.info["tokens"].setText(f"{s['tokens']:,}")
            share = s["val_tokens"] / max(1, s["tokens"])
            self.info["split"].setText(self.tr("{0} / {1} tokens ({2:.0%} held out)").format(
                f"{s['train_tokens']:,}", f"{s['val_tokens']:,}", share))
            self.info["vocab"].setText(self.tr("{0} tokens").format(f"{s['vocab_size']:,}"))
        else:
            for key in ("tokens", "split", "vocab"):
                self.info[key].setText("—")
        self.preview.setHtml(pieces_html(view.pieces))


def pieces_html(pieces: list[str]) -> str:
    spans = []
    for i, piece in enumerate(pieces):
        text = html.escape(piece).replace("\n", "↵<br>")
        spans.append(f'<span style="background:{PIECE_COLOURS[i % len(PIECE_COLOURS)]}; color:#111;">{text}</span>')
    return '<div style="font-family: monospace; white-space: pre-wrap;">' + "".join(spans) + "</div>"


class PasteDialog(QDialog):

    def __init__(self, parent=None):
        super().__init__(parent)
        self.setWindowTitle(self.tr("Paste text to train on"))
        self.edit = QPlainTextEdit()
        self.edit.setPlaceholderText(self.tr("Paste or type at least a few thousand characters here…"))
        self.name_edit = QLineEdit()
        self.name_edit.setPlaceholderText(self.tr("Pasted text"))
        form = QFormLayout()
        form.addRow(self.tr("Name:"), self.name_edit)
        buttons = QDialogButtonBox(QDialogButtonBox.Ok | QDialogButtonBox.Cancel)
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(self.edit, 1)
        layout.addLayout(form)
        layout.addWidget(buttons)
        self.resize(640, 480)

    def text(self) -> str:
        return self.edit.toPlainText()

    def name(self) -> str:
        return self.name_edit.text().strip()
