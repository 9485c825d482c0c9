"""The application's state, as small models that each hold one thing, and the Session that builds them.

Each panel is handed the parts it shows and listens to their signals; panels never talk to each other or to
the core. A part knows another only when it reads it (training reads the form and the corpus), through its
constructor; what one part's change does to another (a phase change locks the form, an opened run becomes the
form's configuration and the model to generate with) is connected here, in one place.

Every long operation (loading a corpus, training, generating, opening a run) runs on a GeneratorWorker, and
the core modules that pull in torch are imported only there, so the window is up before torch loads.
"""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QObject, QSettings

from playground.qt.session.corpus import Corpus, CorpusView
from playground.qt.session.form import Form
from playground.qt.session.generation import Generation, ModelView
from playground.qt.session.inspection import Inspector
from playground.qt.session.library import Library
from playground.qt.session.notices import Notices
from playground.qt.session.training import Phase, Training
from playground.qt.session.workers import Workers

__all__ = ["Corpus", "CorpusView", "Form", "Generation", "Inspector", "Library", "ModelView", "Notices", "Phase", "Session",
           "Training", "Workers"]


class Session(QObject):
    """notices, workers, corpus, form, library, training, generation, inspector; and the links between them."""

    def __init__(self, runs_dir: Path | None = None, settings: QSettings | None = None, parent=None):
        super().__init__(parent)
        self.settings = settings or QSettings()
        self.notices = Notices(self)
        self.workers = Workers(self.notices, self)
        self.corpus = Corpus(self.workers, self.notices, self.settings, self)
        self.form = Form(self.notices, self.corpus, self.settings, self)
        self.library = Library(self.workers, self.notices, runs_dir, self)
        self.training = Training(self.workers, self.notices, self.form, self.corpus, self.library, self)
        self.generation = Generation(self.workers, self.notices, self.training, self)
        self.inspector = Inspector(self.workers, self.notices, self.training, self.generation, self.corpus, self)
        self._connect()

    def _connect(self) -> None:
        notices, corpus, form, library = self.notices, self.corpus, self.form, self.library
        training, generation = self.training, self.generation

        # the corpus is cut into tokens with the form's data settings; its state decides whether they can train
        corpus.use_settings(form.config.data, form.config.model.block_size)
        form.configChanged.connect(lambda cfg: corpus.use_settings(cfg.data, cfg.model.block_size))
        corpus.changed.connect(lambda _view: form.revalidate())
        # a setting the core refused is marked in the form, as its own checks are
        notices.settingRejected.connect(form.mark)

        # `--train`: the run starts once the corpus is ready, and not at all if it fails
        corpus.analysingChanged.connect(lambda busy: None if busy else training.corpus_settled())
        corpus.failed.connect(training.cancel_when_ready)

        # while a run trains, its corpus, its settings and the run shown stay as they are
        def phase_changed(phase: Phase) -> None:
            locked = phase is not Phase.IDLE
            form.set_locked(locked)
            corpus.set_locked(locked)
            library.set_locked(locked)

        training.phaseChanged.connect(phase_changed)
        # the run being trained is the run shown; its saved model is the one to generate with
        training.runChanged.connect(library.set_run)
        training.modelSaved.connect(generation.load_saved)

        # an opened run brings back its settings and its model
        library.runOpened.connect(lambda run: form.set_config(run.config))
        library.modelOpened.connect(lambda model, run: generation.show_model(model, run, "disk"))

    @property
    def busy(self) -> bool:
        """Some worker is still running."""
        return self.workers.busy

    def retranslate(self) -> None:
        """Say the current problem, if any, again in the language just switched to."""
        self.form.revalidate()

    def stop_all(self) -> None:
        """Ask every worker to end; training stops cleanly and saves. Returns at once; workers.idle follows."""
        self.training.cancel_when_ready()
        self.training.stop()
        self.generation.stop()
        self.workers.stop_all()

    def shutdown(self, timeout_ms: int = 60_000) -> None:
        """Stop everything and wait for the threads: called on quit, so Qt never destroys a running thread."""
        self.stop_all()
        self.workers.wait_all(timeout_ms)
