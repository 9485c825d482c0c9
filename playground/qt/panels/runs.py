"""Saved runs: list them, open one (configuration, curves and model come back), resume it."""

from __future__ import annotations

from PySide6.QtCore import QEvent, Qt, QUrl
from PySide6.QtGui import QDesktopServices, QPalette
from PySide6.QtWidgets import (QAbstractItemView, QFileDialog, QHBoxLayout, QHeaderView, QInputDialog, QLabel,
                               QPushButton, QTreeWidget, QTreeWidgetItem, QVBoxLayout, QWidget)

from playground.core.costs import summarize
from playground.core.units import human_count
from playground.qt.messages import error_text
from playground.qt.session import Phase


class RunsPanel(QWidget):

    def __init__(self, library, training, settings, parent=None):
        # library: the runs, the one shown, opening one; training: the phase, and resuming a run; settings:
        # where the runs folder is kept between sessions
        super().__init__(parent)
        self.library, self.training, self.settings = library, training, settings
        self.folder = QLabel()
        self.folder.setWordWrap(True)
        self.folder.setTextInteractionFlags(Qt.TextSelectableByMouse)
        self.table = QTreeWidget()
        self.table.setRootIsDecorated(False)
        self.table.setColumnCount(6)
        self.table.setSelectionMode(QAbstractItemView.SingleSelection)
        self.table.setAlternatingRowColors(True)
        # The figures (steps, validation loss, status) keep their full width; the long names (a run's is its
        # date, time and corpus) share what is left, cut at the end (the date and time first), whole in tooltips
        header = self.table.header()
        header.setStretchLastSection(False)
        header.setSectionResizeMode(QHeaderView.ResizeToContents)
        for column in (0, 1):
            header.setSectionResizeMode(column, QHeaderView.Stretch)
        self.table.setTextElideMode(Qt.ElideRight)
        self.table.itemDoubleClicked.connect(lambda *_: self.open_selected())
        self.table.itemSelectionChanged.connect(self._selection)
        self.refresh = QPushButton()
        self.refresh.clicked.connect(library.refresh)
        self.open = QPushButton()
        self.open.clicked.connect(self.open_selected)
        self.resume = QPushButton()
        self.resume.clicked.connect(lambda: self.resume_selected())  # not clicked's `checked` as max_iters
        self.show_folder = QPushButton()
        self.show_folder.clicked.connect(self._show_folder)
        self.change = QPushButton()
        self.change.clicked.connect(self._change_folder)
        row1, row2 = QHBoxLayout(), QHBoxLayout()
        row1.addWidget(self.open)
        row1.addWidget(self.resume)
        row1.addWidget(self.refresh)
        row2.addWidget(self.show_folder)
        row2.addWidget(self.change)
        self.empty = QLabel()
        self.empty.setWordWrap(True)
        self.empty.setStyleSheet("color: palette(mid);")
        layout = QVBoxLayout(self)
        layout.addWidget(self.folder)
        layout.addLayout(row1)
        layout.addWidget(self.table, 1)
        layout.addWidget(self.empty)
        layout.addLayout(row2)
        self._rows: list = []
        library.runsListed.connect(self._show)
        training.phaseChanged.connect(self._phase)
        self.retranslate()
        self._selection()

    def changeEvent(self, event):
        if event.type() == QEvent.LanguageChange:
            self.retranslate()
        super().changeEvent(event)

    def retranslate(self) -> None:
        self.folder.setText(self.tr("Runs are saved in {0}").format(self.library.runs_dir))
        self.table.setHeaderLabels([self.tr("Run"), self.tr("Corpus"), self.tr("Parameters"), self.tr("Steps"),
                                    self.tr("Validation loss"), self.tr("Status")])
        self.refresh.setText(self.tr("Refresh"))
        self.open.setText(self.tr("Open"))
        self.open.setToolTip(self.tr("Show this run's settings and curves and load its model for generating."))
        self.resume.setText(self.tr("Resume…"))
        self.resume.setToolTip(self.tr("Continue training this run exactly where it was saved."))
        self.show_folder.setText(self.tr("Show folder"))
        self.change.setText(self.tr("Change folder…"))
        self.empty.setText(self.tr("No saved runs yet. Every run you train is saved here automatically."))
        self._show(self._rows)

    def _status_text(self, status: str) -> str:
        names = {"finished": self.tr("finished"), "stopped": self.tr("stopped"),
                 "incomplete": self.tr("incomplete"), "not started": self.tr("not started"),
                 "no checkpoint": self.tr("no checkpoint")}
        if status.startswith("failed"):
            return self.tr("failed")
        return names.get(status, status)

    def _show(self, rows) -> None:
        chosen = self.selected()
        # a refresh keeps the chosen row; with none chosen, the run just trained or opened is (ready to resume)
        current = self.library.run
        chosen = chosen[0].name if chosen is not None else current.name if current is not None else None
        self._rows = list(rows)
        self.table.clear()
        for run, summary in self._rows:
            if summary is None:  # a folder that looks like a run but does not open: shown, with the reason
                self.table.addTopLevelItem(self._damaged_item(run))
                continue
            try:
                params = human_count(summarize(run.config.model).total_params)
            except (ArithmeticError, ValueError):
                params = "?"
            it = summary.get("iter")
            steps = f"{0 if it is None else it + 1:,} / {run.config.train.max_iters:,}"
            val = summary.get("val_loss")
            item = QTreeWidgetItem([run.name, str(run.corpus_info.get("name", "")), params, steps,
                                    f"{val:.4f}" if isinstance(val, (int, float)) else "—",
                                    self._status_text(str(summary.get("status", "")))])
            if str(summary.get("status", "")).startswith("failed"):
                item.setToolTip(5, str(summary["status"])[len("failed: "):])
            if summary.get("status") == "no checkpoint":
                item.setToolTip(5, self.tr("Ended before its first save: nothing to open a model from or resume."))
            item.setToolTip(0, str(run.dir))
            item.setToolTip(1, item.text(1))
            self.table.addTopLevelItem(item)
        self.empty.setVisible(not self._rows)
        names = [row[0].name for row in self._rows]
        if chosen in names:
            self.table.setCurrentItem(self.table.topLevelItem(names.index(chosen)))
        self._selection()

    def _damaged_item(self, damaged) -> QTreeWidgetItem:
        item = QTreeWidgetItem([damaged.name, "", "", "", "—", self.tr("damaged")])
        why = error_text(damaged.error)
        for column in (0, 5):
            item.setToolTip(column, why)
        grey = self.palette().color(QPalette.Disabled, QPalette.Text)
        for column in range(6):
            item.setForeground(column, grey)
        return item

    def selected(self):
        items = self.table.selectedItems()
        if not items:
            return None
        i = self.table.indexOfTopLevelItem(items[0])
        return self._rows[i] if 0 <= i < len(self._rows) else None

    def _selection(self) -> None:
        row = self.selected()
        idle = not self.training.active
        self.open.setEnabled(row is not None and idle)  # opening a damaged run says what is wrong with it
        self.resume.setEnabled(row is not None and row[1] is not None and idle
                               and row[1].get("status") != "no checkpoint")  # nothing saved to resume from

    def _phase(self, phase: Phase) -> None:
        self._selection()
        if phase is Phase.IDLE:
            self.library.refresh()

    def open_selected(self) -> None:
        row = self.selected()
        if row is not None:
            self.library.open(row[0].dir)

    def resume_selected(self, max_iters: int | None = None) -> None:
        row = self.selected()
        if row is None:
            return
        run, summary = row
        if summary is None:
            return
        done = (summary.get("iter") or 0) + 1
        if max_iters is None and done >= run.config.train.max_iters:
            steps, ok = QInputDialog.getInt(
                self, self.tr("Resume run"),
                self.tr("This run finished its {0} steps. Train until which step?").format(run.config.train.max_iters),
                run.config.train.max_iters * 2, run.config.train.max_iters + 1, 10_000_000)
            if not ok:
                return
            max_iters = steps
        self.training.resume_run(run, max_iters)

    def _show_folder(self) -> None:
        self.library.runs_dir.mkdir(parents=True, exist_ok=True)
        QDesktopServices.openUrl(QUrl.fromLocalFile(str(self.library.runs_dir)))

    def _change_folder(self) -> None:
        path = QFileDialog.getExistingDirectory(self, self.tr("Folder for saved runs"), str(self.library.runs_dir))
        if path:
            self.library.set_runs_dir(path)
            self.settings.setValue("runsDir", path)
            self.retranslate()
