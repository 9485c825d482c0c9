"""The main window: menus, docks and the status bar. Everything else lives in the panels and the Session's
parts, each panel handed the parts it shows."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QCoreApplication, QEvent, Qt, QTimer, Signal
from PySide6.QtGui import QAction, QActionGroup, QKeySequence
from PySide6.QtWidgets import (QDockWidget, QLabel, QMainWindow, QMessageBox, QTabWidget, QVBoxLayout, QWidget)

from playground import __version__
from playground.qt import i18n
from playground.qt.actions import TrainingActions
from playground.qt.panels.attention import AttentionPanel
from playground.qt.panels.corpus import CorpusPanel
from playground.qt.panels.embeddings import EmbeddingPanel
from playground.qt.panels.generate import GeneratePanel
from playground.qt.panels.hyper import HyperPanel
from playground.qt.panels.runs import RunsPanel
from playground.qt.panels.training import TrainingPanel
from playground.qt.session import Phase
from playground.qt.widgets.labels import InfoBar


class MainWindow(QMainWindow):
    # Emitted once the window has been drawn: slow work (loading the corpus, importing the plotting library)
    # waits for it, so the window appears at once
    firstPainted = Signal()

    def __init__(self, session, parent=None):
        super().__init__(parent)
        self.session = session
        self.setObjectName("MainWindow")
        self.setAcceptDrops(True)
        self._quit_when_idle = False
        # an event filter rather than an event() override: it is removed after the first paint, so later
        # events (thousands a second while training) never pass through Python for this check
        self.installEventFilter(self)

        s = session
        self.training_actions = TrainingActions(s.training, s.form, s.corpus, self)
        self.corpus_panel = CorpusPanel(s.corpus, s.form, s.training)
        self.hyper_panel = HyperPanel(s.form, s.corpus, s.training)
        self.runs_panel = RunsPanel(s.library, s.training, s.settings)
        self.training_panel = TrainingPanel(s.training, s.library, s.form, self.training_actions, s.settings,
                                            s.notices.report)
        self.generate_panel = GeneratePanel(s.generation, s.training, s.settings, s.inspector)
        self.attention_panel = AttentionPanel(s.inspector, s.generation, s.training, s.notices.report)
        self.embedding_panel = EmbeddingPanel(s.inspector, s.training, s.generation, s.notices.report)
        self.firstPainted.connect(lambda: QTimer.singleShot(0, self.training_panel.ensure_plots))

        self.docks: dict[str, QDockWidget] = {}
        for key, panel in (("corpus", self.corpus_panel), ("model", self.hyper_panel), ("runs", self.runs_panel)):
            dock = QDockWidget(self)
            dock.setObjectName(f"{key}Dock")
            dock.setWidget(panel)
            dock.setFeatures(QDockWidget.DockWidgetMovable | QDockWidget.DockWidgetFloatable)
            self.addDockWidget(Qt.LeftDockWidgetArea, dock)
            self.docks[key] = dock
        self.setTabPosition(Qt.LeftDockWidgetArea, QTabWidget.North)
        self.tabifyDockWidget(self.docks["corpus"], self.docks["model"])
        self.tabifyDockWidget(self.docks["model"], self.docks["runs"])
        self.docks["corpus"].raise_()

        self.tabs = QTabWidget()
        self.tabs.addTab(self.training_panel, "")
        self.tabs.addTab(self.generate_panel, "")
        self.tabs.addTab(self.attention_panel, "")
        self.tabs.addTab(self.embedding_panel, "")
        self.info_bar = InfoBar()
        central = QWidget()
        cl = QVBoxLayout(central)
        cl.setContentsMargins(4, 4, 4, 4)
        cl.addWidget(self.info_bar)
        cl.addWidget(self.tabs, 1)
        self.setCentralWidget(central)

        self.phase_label = QLabel()
        self.statusBar().addPermanentWidget(self.phase_label)
        self._build_menus()

        session.notices.problem.connect(self.show_problem)
        session.notices.unexpected.connect(self.show_unexpected)
        session.notices.status.connect(self._show_status)
        session.training.phaseChanged.connect(self._phase)
        session.workers.idle.connect(self._maybe_quit)
        # bound methods, not lambdas: Qt drops them with the window, so a session that outlives it calls nothing
        session.corpus.changed.connect(self._update_recent)
        session.library.runChanged.connect(self._update_title)
        session.generation.started.connect(self._show_generated)
        session.training.phaseChanged.connect(self._focus_training)
        self.retranslate()
        self._phase(session.training.phase)
        self.resize(1400, 900)

    # --- menus -----------------------------------------------------------------------------------------

    def _build_menus(self) -> None:
        mb = self.menuBar()
        self.file_menu = mb.addMenu("")
        self.act_open = self.file_menu.addAction("", self.corpus_panel.choose_file, QKeySequence.Open)
        self.act_open_folder = self.file_menu.addAction("", self.corpus_panel.choose_folder)
        self.act_paste = self.file_menu.addAction("", self.corpus_panel.paste_text)
        self.recent_menu = self.file_menu.addMenu("")
        self.file_menu.addSeparator()
        self.act_open_run = self.file_menu.addAction("", self._open_run_dialog)
        self.file_menu.addSeparator()
        # the training view's own export actions (also in the plots' menu): one text, one handler
        self.act_png, self.act_csv = self.training_panel.plot.export_png, self.training_panel.plot.export_csv
        self.file_menu.addActions([self.act_png, self.act_csv])
        self.file_menu.addSeparator()
        self.act_quit = self.file_menu.addAction("", self.close, QKeySequence.Quit)

        self.train_menu = mb.addMenu("")
        # the same actions as the training view's buttons (see playground.qt.actions)
        a = self.training_actions
        self.act_train, self.act_pause, self.act_stop = a.train, a.pause, a.stop
        self.train_menu.addActions([a.train, a.pause, a.stop])
        self.train_menu.addSeparator()
        self.act_generate = self.train_menu.addAction("", self._go_generate, QKeySequence("Ctrl+G"))

        self.view_menu = mb.addMenu("")
        # one click (or Ctrl+1..4) to each of the central views
        self.act_training_view, self.act_generate_view, self.act_attention, self.act_embeddings = (
            self.view_menu.addAction("", lambda w=panel: self.tabs.setCurrentWidget(w), QKeySequence(f"Ctrl+{i}"))
            for i, panel in enumerate((self.training_panel, self.generate_panel, self.attention_panel,
                                       self.embedding_panel), start=1))
        self.view_menu.addSeparator()
        for dock in self.docks.values():
            self.view_menu.addAction(dock.toggleViewAction())

        self.lang_menu = mb.addMenu("")
        group = QActionGroup(self)
        self.lang_actions: dict[str, QAction] = {}
        for code, name in i18n.LANGUAGES.items():
            act = self.lang_menu.addAction(name)  # each language named in itself: findable by anyone
            act.setCheckable(True)
            act.setChecked(code == i18n.current_language())
            act.triggered.connect(lambda _=False, c=code: self.switch_language(c))
            group.addAction(act)
            self.lang_actions[code] = act

        self.help_menu = mb.addMenu("")
        self.act_about = self.help_menu.addAction("", self._about)

    def changeEvent(self, event):
        if event.type() == QEvent.LanguageChange:
            self.retranslate()
        super().changeEvent(event)

    def eventFilter(self, obj, event):
        if obj is self and event.type() == QEvent.Paint:
            self.removeEventFilter(self)
            QTimer.singleShot(0, self.firstPainted.emit)
        return False

    def retranslate(self) -> None:
        self.file_menu.setTitle(self.tr("&File"))
        self.act_open.setText(self.tr("&Open corpus…"))
        self.act_open_folder.setText(self.tr("Open corpus &folder…"))
        self.act_paste.setText(self.tr("&Paste text…"))
        self.recent_menu.setTitle(self.tr("&Recent corpora"))
        self.act_open_run.setText(self.tr("Open &run…"))
        self.act_quit.setText(self.tr("&Quit"))
        self.train_menu.setTitle(self.tr("&Training"))
        self.act_generate.setText(self.tr("&Generate text"))
        self.view_menu.setTitle(self.tr("&View"))
        self.lang_menu.setTitle(self.tr("&Language"))
        self.help_menu.setTitle(self.tr("&Help"))
        self.act_about.setText(self.tr("&About Transformer Playground"))
        self.docks["corpus"].setWindowTitle(self.tr("Corpus"))
        self.docks["model"].setWindowTitle(self.tr("Model && training"))
        self.docks["runs"].setWindowTitle(self.tr("Runs"))
        self.tabs.setTabText(0, self.tr("Training"))
        self.tabs.setTabText(1, self.tr("Generate"))
        self.tabs.setTabText(2, self.tr("Attention"))
        self.tabs.setTabText(3, self.tr("Embeddings"))
        self.act_training_view.setText(self.tr("&Training curves"))
        self.act_generate_view.setText(self.tr("&Generate"))
        self.act_attention.setText(self.tr("&Attention"))
        self.act_embeddings.setText(self.tr("&Embedding map"))
        self._update_recent()
        self._update_title()
        self._phase(self.session.training.phase)

    def _show_status(self, text: str) -> None:
        self.statusBar().showMessage(text, 10_000)

    def _show_generated(self) -> None:
        self.tabs.setCurrentWidget(self.generate_panel)

    def _update_title(self, *_run) -> None:
        run = self.session.library.run
        title = self.tr("Transformer Playground")
        self.setWindowTitle(f"{run.name} — {title}" if run is not None else title)

    def _update_recent(self, *_view) -> None:
        self.recent_menu.clear()
        corpus = self.session.corpus
        recent = corpus.recent()
        for path in recent:
            self.recent_menu.addAction(Path(path).name, lambda p=path: corpus.load_file(p)).setToolTip(path)
        if not recent:
            self.recent_menu.addAction(self.tr("(none yet)")).setEnabled(False)

    # --- actions ---------------------------------------------------------------------------------------

    def _go_generate(self) -> None:
        self.tabs.setCurrentWidget(self.generate_panel)
        self.generate_panel.prompt.setFocus()

    def _focus_training(self, phase: Phase) -> None:
        if phase is Phase.PREPARING:
            self.tabs.setCurrentWidget(self.training_panel)

    def _open_run_dialog(self) -> None:
        from PySide6.QtWidgets import QFileDialog
        path = QFileDialog.getExistingDirectory(self, self.tr("Open a run folder"), str(self.session.library.runs_dir))
        if path:
            self.session.library.open(path)

    def switch_language(self, lang: str) -> None:
        # messages already shown were written in the old language; a standing problem is said again below
        self.info_bar.hide()
        self.statusBar().clearMessage()
        i18n.set_language(lang)
        self.session.retranslate()
        self.session.settings.setValue("language", lang)
        for code, act in self.lang_actions.items():
            act.setChecked(code == i18n.current_language())

    def _about(self) -> None:
        QMessageBox.about(self, self.tr("About Transformer Playground"), self.tr(
            "<h3>Transformer Playground {0}</h3><p>Train a small GPT on your own text and watch it learn, "
            "live.</p><p>Runs are saved in:<br><code>{1}</code></p>").format(__version__,
                                                                            self.session.library.runs_dir))

    def _phase(self, phase: Phase) -> None:
        names = {Phase.IDLE: self.tr("Ready"), Phase.PREPARING: self.tr("Preparing…"),
                 Phase.TRAINING: self.tr("Training"), Phase.PAUSED: self.tr("Paused"),
                 Phase.STOPPING: self.tr("Stopping…")}
        self.phase_label.setText(names[phase])
        if phase is Phase.PREPARING:
            self.info_bar.hide()  # an earlier message was about an earlier action; this run's own ones follow
        idle = phase is Phase.IDLE
        for act in (self.act_open, self.act_open_folder, self.act_paste, self.act_open_run, self.recent_menu.menuAction()):
            act.setEnabled(idle)

    def show_problem(self, message: str) -> None:
        self.info_bar.show_message(message)
        self.statusBar().showMessage(message.split("\n")[0], 15_000)

    def show_unexpected(self, error: BaseException) -> None:
        show_error_dialog(self, error)

    # --- drag and drop ---------------------------------------------------------------------------------

    def dragEnterEvent(self, event):
        if event.mimeData().hasUrls() and any(u.isLocalFile() for u in event.mimeData().urls()):
            event.acceptProposedAction()

    def dropEvent(self, event):
        files = [u.toLocalFile() for u in event.mimeData().urls() if u.isLocalFile()]
        if files:
            event.acceptProposedAction()
            self.session.corpus.load_file(files[0])

    # --- closing ---------------------------------------------------------------------------------------

    def confirm_quit_while_training(self) -> bool:
        answer = QMessageBox.question(
            self, self.tr("Training is running"),
            self.tr("A run is training. Stop it, save it and quit?"),
            QMessageBox.Yes | QMessageBox.No, QMessageBox.No)
        return answer == QMessageBox.Yes

    def closeEvent(self, event):
        if self.session.busy and not self._quit_when_idle:
            if self.session.training.active and not self.confirm_quit_while_training():
                event.ignore()
                return
            # let the trainer finish its step and save; the window closes when the last worker has ended
            self._quit_when_idle = True
            self.statusBar().showMessage(self.tr("Stopping and saving before quitting…"))
            self.session.stop_all()
            event.ignore()
            if not self.session.busy:
                QTimer.singleShot(0, self.close)
            return
        if self.session.busy:
            event.ignore()
            return
        self.session.settings.setValue("geometry", self.saveGeometry())
        self.session.settings.setValue("windowState", self.saveState())
        super().closeEvent(event)

    def _maybe_quit(self) -> None:
        if self._quit_when_idle:
            QTimer.singleShot(0, self.close)

    def restore_layout(self) -> None:
        geometry = self.session.settings.value("geometry")
        if geometry is not None:
            self.restoreGeometry(geometry)
        state = self.session.settings.value("windowState")
        if state is not None:
            self.restoreState(state)


def show_error_dialog(parent, error: BaseException) -> None:
    """An unexpected error: say so plainly, with the details one click away for a bug report."""
    import traceback
    box = QMessageBox(parent)
    box.setIcon(QMessageBox.Critical)
    box.setWindowTitle(QCoreApplication.translate("MainWindow", "Unexpected error"))
    box.setText(QCoreApplication.translate(
        "MainWindow", "Something went wrong that the playground did not expect. Your saved runs are safe. "
                      "The details below help to report the problem."))
    box.setInformativeText(f"{type(error).__name__}: {error}")
    box.setDetailedText("".join(traceback.format_exception(type(error), error, error.__traceback__)))
    box.setWindowModality(Qt.WindowModal)
    box.show()
