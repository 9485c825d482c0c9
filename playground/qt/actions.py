"""Train, Pause/Resume and Stop: one set of actions, shown both by the Training menu and by the training view's
buttons, with one rule for when each can be used; and the push button that shows an action."""

from __future__ import annotations

from PySide6.QtCore import QEvent, QObject
from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtWidgets import QPushButton

from playground.qt.session import Phase


class TrainingActions(QObject):
    """`train`, `pause` and `stop`. A menu shows an action's text; a button showing it (ActionButton) shows its
    icon text and tooltip, which is where the button's words live."""

    def __init__(self, training, form, corpus, parent=None):
        super().__init__(parent)
        self._training, self._form, self._corpus = training, form, corpus
        self.train = QAction(self)
        self.train.setShortcut(QKeySequence("Ctrl+T"))
        self.train.triggered.connect(training.start)
        self.pause = QAction(self)
        self.pause.setShortcut(QKeySequence("Ctrl+P"))
        self.pause.triggered.connect(training.toggle_pause)
        self.stop = QAction(self)
        self.stop.setShortcut(QKeySequence("Ctrl+."))
        self.stop.triggered.connect(training.stop)
        training.phaseChanged.connect(self.update)
        form.validityChanged.connect(self.update)
        corpus.analysingChanged.connect(self.update)
        self.retranslate()

    def update(self, *_args) -> None:
        """The one rule: train a valid configuration while nothing trains and the corpus is ready; pause or
        resume a run that has started; stop one from the moment it is being prepared."""
        phase = self._training.phase
        message, _ = self._form.validity
        self.train.setEnabled(phase is Phase.IDLE and not message and not self._corpus.analysing)
        self.pause.setEnabled(phase in (Phase.TRAINING, Phase.PAUSED))
        self.pause.setIconText(self.tr("▶  Resume") if phase is Phase.PAUSED else self.tr("❚❚  Pause"))
        self.stop.setEnabled(phase in (Phase.PREPARING, Phase.TRAINING, Phase.PAUSED))

    def event(self, event) -> bool:
        # the window passes a language change on to its child objects, these actions included
        if event.type() == QEvent.LanguageChange:
            self.retranslate()
        return super().event(event)

    def retranslate(self) -> None:
        self.train.setText(self.tr("&Train"))
        self.train.setIconText(self.tr("▶  Train"))
        self.train.setToolTip(self.tr("Start a new run with the corpus and settings on the left (Ctrl+T)."))
        self.pause.setText(self.tr("&Pause / resume"))
        self.stop.setText(self.tr("&Stop"))
        self.stop.setIconText(self.tr("■  Stop"))
        self.stop.setToolTip(self.tr("Stop after the current step; the run is evaluated and saved."))
        self.update()


class ActionButton(QPushButton):
    """A push button that shows an action (its icon text, tooltip and whether it is enabled) and triggers it
    when clicked, as a QToolButton's default action does, but with a push button's size and look."""

    def __init__(self, action: QAction, parent=None):
        super().__init__(parent)
        self.action = action
        action.changed.connect(self._sync)
        self.clicked.connect(lambda: self.action.trigger())  # not clicked's `checked` as an argument
        self._sync()

    def _sync(self) -> None:
        self.setText(self.action.iconText())
        self.setToolTip(self.action.toolTip())
        self.setEnabled(self.action.isEnabled())
