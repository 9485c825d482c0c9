"""Model and training hyperparameters: presets, a form built from the config dataclasses, inline validation
and a live summary (parameters, per-layer table, memory, FLOPs) that follows every edit."""

from __future__ import annotations

from dataclasses import fields

from PySide6.QtCore import QEvent, Qt
from PySide6.QtWidgets import (QComboBox, QFormLayout, QGridLayout, QGroupBox, QHBoxLayout, QHeaderView, QLabel,
                               QScrollArea, QSplitter, QTreeWidget, QTreeWidgetItem, QVBoxLayout, QWidget)

from playground.core.config import PRESETS, ModelConfig, TrainConfig
from playground.core.costs import summarize
from playground.core.units import human_bytes, human_count
from playground.qt.fields import field_texts, with_colon
from playground.qt.session import Phase
from playground.qt.widgets.editors import FieldEditor

GROUPS = (
    ("model", ("block_size", "n_layer", "n_head", "n_embd", "dropout", "bias")),
    ("train", ("batch_size", "max_iters", "learning_rate", "min_lr", "lr_schedule", "warmup_iters",
               "lr_decay_iters", "weight_decay", "beta1", "beta2", "grad_clip", "grad_accum")),
    ("eval", ("eval_interval", "eval_iters", "sample_tokens")),
    ("system", ("seed", "device", "dtype", "compile", "threads")),
)
SECTION = {f.name: "model" for f in fields(ModelConfig)} | {f.name: "train" for f in fields(TrainConfig)}


class HyperPanel(QWidget):

    def __init__(self, form, corpus, training, parent=None):
        # form: the settings shown and edited; corpus: its vocabulary size, for the summary; training: the
        # phase, which locks the form while a run trains
        super().__init__(parent)
        self.form, self.corpus = form, corpus
        self.editors: dict[str, FieldEditor] = {}
        self.labels: dict[str, QLabel] = {}
        all_fields = {f.name: f for f in fields(ModelConfig)} | {f.name: f for f in fields(TrainConfig)}

        self.preset_label = QLabel()
        self.preset = QComboBox()
        self.preset.addItem("", "")
        for name in PRESETS:
            self.preset.addItem(name, name)
        self.preset.activated.connect(self._preset_chosen)
        self.preset_note = QLabel()
        self.preset_note.setWordWrap(True)
        self.preset_note.setStyleSheet("color: palette(mid);")
        top = QHBoxLayout()
        top.addWidget(self.preset_label)
        top.addWidget(self.preset, 1)

        form_host = QWidget()
        form_layout = QVBoxLayout(form_host)
        form_layout.setContentsMargins(0, 0, 0, 0)
        self.groups: dict[str, QGroupBox] = {}
        for group, names in GROUPS:
            box = QGroupBox()
            rows = QFormLayout(box)
            rows.setFieldGrowthPolicy(QFormLayout.AllNonFixedFieldsGrow)
            for name in names:
                editor = FieldEditor(all_fields[name])
                editor.edited.connect(self._edited)
                label = QLabel()
                label.setBuddy(editor.widget)
                self.editors[name], self.labels[name] = editor, label
                rows.addRow(label, editor)
            self.groups[group] = box
            form_layout.addWidget(box)
        form_layout.addStretch(1)
        scroll = QScrollArea()
        scroll.setWidgetResizable(True)
        scroll.setWidget(form_host)
        scroll.setFrameShape(QScrollArea.NoFrame)

        self.problem = QLabel()
        self.problem.setWordWrap(True)
        self.problem.setStyleSheet("color: #b3261e; font-weight: bold;")
        self.problem.hide()
        self.locked = QLabel()
        self.locked.setWordWrap(True)
        self.locked.hide()

        summary = QWidget()
        sl = QVBoxLayout(summary)
        sl.setContentsMargins(0, 0, 0, 0)
        self.summary_title = QLabel()
        self.summary_title.setStyleSheet("font-weight: bold;")
        grid = QGridLayout()
        self.figure_names: dict[str, QLabel] = {}
        self.figures: dict[str, QLabel] = {}
        for i, key in enumerate(("params", "memory", "flops", "tokens")):
            name, value = QLabel(), QLabel()
            value.setTextInteractionFlags(Qt.TextSelectableByMouse)
            self.figure_names[key], self.figures[key] = name, value
            grid.addWidget(name, i // 2, (i % 2) * 2)
            grid.addWidget(value, i // 2, (i % 2) * 2 + 1)
        grid.setColumnStretch(1, 1)
        grid.setColumnStretch(3, 1)
        self.table = QTreeWidget()
        self.table.setColumnCount(4)
        self.table.setUniformRowHeights(True)
        self.table.setAlternatingRowColors(True)
        self.table.header().setSectionResizeMode(QHeaderView.ResizeToContents)
        self.table.header().setStretchLastSection(False)
        self.vocab_note = QLabel()
        self.vocab_note.setWordWrap(True)
        self.vocab_note.setStyleSheet("color: palette(mid);")
        sl.addWidget(self.summary_title)
        sl.addLayout(grid)
        sl.addWidget(self.table, 1)
        sl.addWidget(self.vocab_note)

        split = QSplitter(Qt.Vertical)
        split.addWidget(scroll)
        split.addWidget(summary)
        split.setStretchFactor(0, 3)
        split.setStretchFactor(1, 2)
        split.setChildrenCollapsible(False)

        layout = QVBoxLayout(self)
        layout.addLayout(top)
        layout.addWidget(self.preset_note)
        layout.addWidget(self.locked)
        layout.addWidget(self.problem)
        layout.addWidget(split, 1)

        form.configChanged.connect(self._show_config)
        form.validityChanged.connect(self._show_validity)
        corpus.changed.connect(lambda _v: self._update_summary())
        training.phaseChanged.connect(self._phase)
        self.retranslate()
        self._show_config(form.config)
        self._show_validity(*form.validity)

    # --- language --------------------------------------------------------------------------------------

    def changeEvent(self, event):
        if event.type() == QEvent.LanguageChange:
            self.retranslate()
        super().changeEvent(event)

    def retranslate(self) -> None:
        self.preset_label.setText(self.tr("Preset:"))
        self.preset.setItemText(0, self.tr("(custom)"))
        self.preset.setToolTip(self.tr("A ready-made starting point. Editing any value below makes it custom."))
        titles = {"model": self.tr("Model"), "train": self.tr("Training"), "eval": self.tr("Evaluation"),
                  "system": self.tr("System")}
        for group, box in self.groups.items():
            box.setTitle(titles[group])
        texts = field_texts()
        for name, editor in self.editors.items():
            label, suffix, tip = texts.get(name, (name, "", ""))
            self.labels[name].setText(with_colon(label))
            self.labels[name].setToolTip(tip + f"\n\n({name})")
            editor.set_texts(suffix, tip + f"\n\n({name})")
        self.summary_title.setText(self.tr("Model summary"))
        self.figure_names["params"].setText(self.tr("Parameters:"))
        self.figure_names["memory"].setText(self.tr("Training memory:"))
        self.figure_names["flops"].setText(self.tr("FLOPs per token:"))
        self.figure_names["tokens"].setText(self.tr("Tokens per step:"))
        self.figure_names["memory"].setToolTip(self.tr(
            "Rough estimate: weights, gradients and the optimizer's two moment buffers in float32, plus the "
            "activations kept for the backward pass."))
        self.figure_names["flops"].setToolTip(self.tr(
            "Floating-point operations to train on one token (forward and backward), as nanoGPT estimates it."))
        self.table.setHeaderLabels([self.tr("Layer"), self.tr("Type"), self.tr("Output shape"), self.tr("Parameters")])
        self.locked.setText(self.tr("Settings are locked while a run trains; they apply to the next run."))
        self._update_preset_note()
        self._update_summary()

    # --- models -> widgets -----------------------------------------------------------------------------

    def _show_config(self, cfg) -> None:
        for name, editor in self.editors.items():
            editor.set_value(getattr(getattr(cfg, SECTION[name]), name))
        i = self.preset.findData(cfg.preset or "")
        self.preset.setCurrentIndex(max(i, 0))
        self._update_preset_note()
        self._update_summary()

    def _show_validity(self, message: str, field_name: str) -> None:
        for name, editor in self.editors.items():
            editor.set_error(bool(message) and name == field_name)
        # corpus problems are the corpus panel's to show; here only what the form can fix
        shown = bool(message) and field_name in self.editors
        self.problem.setText(message if shown else "")
        self.problem.setVisible(shown)

    def _phase(self, phase: Phase) -> None:
        training = phase is not Phase.IDLE
        for editor in self.editors.values():
            editor.setEnabled(not training)
        self.preset.setEnabled(not training)
        self.locked.setVisible(training)

    def _update_preset_note(self) -> None:
        notes = {
            "tiny": self.tr("tiny: learns visibly in under a minute on a laptop CPU."),
            "baby": self.tr("baby: nanoGPT's Shakespeare configuration for CPUs; a few minutes on a laptop."),
            "small": self.tr("small: nanoGPT's GPU configuration; very slow on a CPU."),
            "article": self.tr("article: the Chinese article's model (BPE 10000, width 512, 2 layers), "
                               "rebuilt as a proper causal decoder. Needs a GPU to be quick."),
        }
        self.preset_note.setText(notes.get(self.preset.currentData() or "", self.tr(
            "Custom settings. Pick a preset to start again from a known-good configuration.")))

    def _update_summary(self) -> None:
        cfg = self.form.config
        vocab = self.corpus.vocab_size()
        try:
            s = summarize(cfg.model, cfg.train.batch_size, cfg.train.grad_accum, cfg.train.dtype,
                          vocab_size=vocab or 0)
        except (ArithmeticError, ValueError):
            return
        self.figures["params"].setText(self.tr("{0} ({1} without position embeddings)").format(
            human_count(s.total_params), human_count(s.non_embedding_params)))
        self.figures["params"].setToolTip(f"{s.total_params:,}")
        self.figures["memory"].setText("≈ " + human_bytes(s.memory.total))
        self.figures["memory"].setToolTip(self.tr(
            "weights {0}, gradients {1}, optimizer {2}, activations {3}").format(
            human_bytes(s.memory.params), human_bytes(s.memory.grads), human_bytes(s.memory.optimizer),
            human_bytes(s.memory.activations)))
        self.figures["flops"].setText(human_count(s.flops_per_token))
        self.figures["tokens"].setText(f"{s.tokens_per_iter:,}")
        self.vocab_note.setText("" if vocab else self.tr(
            "The vocabulary size is known once a corpus is loaded; until then the embedding rows count as 0."))
        self.vocab_note.setVisible(not vocab)
        self._fill_table(s)

    def _fill_table(self, s) -> None:
        expanded = {self.table.topLevelItem(i).text(0) for i in range(self.table.topLevelItemCount())
                    if self.table.topLevelItem(i).isExpanded()}
        self.table.setUpdatesEnabled(False)
        self.table.clear()
        for row in s.layers:
            item = self._row_item(row)
            self.table.addTopLevelItem(item)
            for child in row.children:
                item.addChild(self._row_item(child))
            item.setExpanded(row.name in expanded)
        total = QTreeWidgetItem([self.tr("Total"), "", "", f"{s.total_params:,}"])
        font = total.font(0)
        font.setBold(True)
        for c in range(4):
            total.setFont(c, font)
        total.setTextAlignment(3, Qt.AlignRight | Qt.AlignVCenter)
        self.table.addTopLevelItem(total)
        self.table.setUpdatesEnabled(True)

    def _row_item(self, row) -> QTreeWidgetItem:
        params = f"{row.params:,}" if not row.shared_with else self.tr("0 (shares {0})").format(row.shared_with)
        shape = "(" + ", ".join(str(d) for d in row.output_shape) + ")"
        item = QTreeWidgetItem([row.name, row.kind, shape, params])
        item.setTextAlignment(3, Qt.AlignRight | Qt.AlignVCenter)
        return item

    # --- widgets -> models -----------------------------------------------------------------------------

    def _edited(self, name: str, value) -> None:
        if not self.form.update_field(SECTION[name], name, value):
            self._show_config(self.form.config)  # refused (e.g. training): put the widget back

    def _preset_chosen(self, index: int) -> None:
        name = self.preset.itemData(index)
        if name:
            self.form.apply_preset(name)
        else:
            self._update_preset_note()
