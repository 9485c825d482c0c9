"""Training: its phase, starting a new run or resuming a saved one, pause, resume and stop, the run being
trained and the events it sends."""

from __future__ import annotations

from dataclasses import dataclass
from enum import Enum
from pathlib import Path

from PySide6.QtCore import QObject, Signal

from playground.core import events as ev
from playground.core.controls import Controls
from playground.qt.messages import error_text
from playground.qt.session.workers import Tagged


class Phase(str, Enum):
    IDLE = "idle"
    PREPARING = "preparing"    # dataset and run folder being set up, no step yet
    TRAINING = "training"
    PAUSED = "paused"
    STOPPING = "stopping"


@dataclass(frozen=True)
class _RunReady:
    run: object


class Training(QObject):
    phaseChanged = Signal(object)    # Phase
    eventReceived = Signal(object)   # every core event of the running training
    historyReset = Signal(object)    # list of metrics dicts: [] for a new run, the curves so far of a resumed one
    runChanged = Signal(object)      # the Run being trained, or None once a run that kept nothing has ended
    modelSaved = Signal(object)      # a Run whose weights were saved as it ended: the model to generate with

    def __init__(self, workers, notices, form, corpus, library, parent=None):
        # what it reads: the form's configuration, the corpus to train on, the folder to save runs in
        super().__init__(parent)
        self._workers = workers
        self._notices = notices
        self._form = form
        self._corpus = corpus
        self._library = library
        self.phase = Phase.IDLE
        self.run = None
        self.controls: Controls | None = None
        self._when_ready = False

    @property
    def active(self) -> bool:
        """A run is being prepared, trains, is paused or is stopping."""
        return self.phase is not Phase.IDLE

    @property
    def live(self) -> bool:
        """A model is training (or paused) in memory: a copy of it can be taken."""
        return self.phase in (Phase.TRAINING, Phase.PAUSED)

    def _set_phase(self, phase: Phase) -> None:
        if phase != self.phase:
            self.phase = phase
            self.phaseChanged.emit(phase)

    # --- starting ----------------------------------------------------------------------------------------

    def train_when_ready(self) -> None:
        """Start as soon as the corpus being loaded is ready (for `--train`)."""
        if self._corpus.analysing or self._corpus.view is None:
            self._when_ready = True  # the corpus may not even have started loading yet
        else:
            self.start()

    def corpus_settled(self) -> None:
        """The corpus's analyses are over (the Session calls this): start now if asked to."""
        if self._when_ready and self._corpus.view is not None:
            self._when_ready = False
            self.start()

    def cancel_when_ready(self) -> None:
        self._when_ready = False

    def start(self) -> bool:
        """Train a new run on the corpus with the form's configuration."""
        if self.active:
            return self._notices.refuse(self.tr("A run is already training."))
        if self._corpus.analysing:
            return self._notices.refuse(self.tr("The corpus is still being prepared; try again in a moment."))
        message, _ = self._form.check()
        if message:
            self._form.revalidate()
            return self._notices.refuse(message)
        corpus, cfg, runs_dir = self._corpus.view.corpus, self._form.copy(), self._library.runs_dir

        def make_trainer(trainer_mod, controls):
            return trainer_mod.start_training(corpus, cfg, runs_dir, controls)

        return self._train(make_trainer, new=True)

    def resume_run(self, run, max_iters: int | None = None) -> bool:
        if self.active:
            return self._notices.refuse(self.tr("A run is already training. Stop it before resuming another."))
        run_dir = run.dir if hasattr(run, "dir") else Path(run)

        def make_trainer(trainer_mod, controls):
            return trainer_mod.resume_training(run_dir, controls, max_iters=max_iters)

        return self._train(make_trainer, new=False)

    def _train(self, make_trainer, new: bool) -> bool:
        self.controls = Controls()
        controls = self.controls
        self._set_phase(Phase.PREPARING)
        self._notices.say(self.tr("Preparing the data and the model…"))
        if new:
            self.historyReset.emit([])

        def on_done():
            self.controls = None
            controls.cancel_requests()  # nobody will serve them now
            self._set_phase(Phase.IDLE)

        def on_failed(error):
            # a resumed run trains with its own saved settings: its error is not about the form
            self._notices.report(error, marks_form=new)

        self._workers.spawn(lambda: _training_stream(make_trainer, controls), self._on_item, on_failed, on_done,
                            name="training", background=True, interruptible=False)
        return True

    # --- while it runs -----------------------------------------------------------------------------------

    def _on_item(self, item) -> None:
        if isinstance(item, _RunReady):
            self.run = item.run
            self.runChanged.emit(item.run)
            return
        if isinstance(item, Tagged):  # the curves of a resumed run so far
            self.historyReset.emit(item.value)
            return
        if isinstance(item, ev.Started):
            if self.phase != Phase.STOPPING:  # Stop pressed while preparing: the run starts only to end
                self._set_phase(Phase.PAUSED if self.controls and self.controls.paused else Phase.TRAINING)
            self._notices.say(self.tr("Training on {0}").format(item.device))
        elif isinstance(item, ev.Paused):
            if self.phase != Phase.STOPPING:
                self._set_phase(Phase.PAUSED)
            self._notices.say(self.tr("Paused at step {0}").format(item.iter))
        elif isinstance(item, ev.Resumed):
            if self.phase != Phase.STOPPING:
                self._set_phase(Phase.TRAINING)
        elif isinstance(item, ev.Finished):
            if not item.kept:
                self._notices.say(self.tr("Stopped before the first step; nothing was saved."))
                self.run = None
                self.runChanged.emit(None)
            else:
                self._notices.say(self.tr("Stopped at step {0}; the run is saved.").format(item.iter) if item.stopped
                                  else self.tr("Training finished after {0} steps.").format(item.iter))
                if self.run is not None and self.run.has_weights:
                    self.modelSaved.emit(self.run)
        elif isinstance(item, ev.Failed):
            self._notices.problem.emit(error_text(item.error) if item.error is not None else item.reason)
            if self.run is not None and self.run.has_weights:
                self.modelSaved.emit(self.run)
        self.eventReceived.emit(item)

    def pause(self) -> bool:
        if self.phase != Phase.TRAINING or self.controls is None:
            return False
        self.controls.pause()
        return True

    def resume(self) -> bool:
        if self.phase != Phase.PAUSED or self.controls is None:
            return False
        self.controls.resume()
        return True

    def toggle_pause(self) -> bool:
        """Pause a training run, resume a paused one."""
        return self.resume() if self.phase == Phase.PAUSED else self.pause()

    def stop(self) -> bool:
        if not self.active or self.controls is None:
            return False
        self.controls.stop()
        self._set_phase(Phase.STOPPING)
        self._notices.say(self.tr("Stopping: finishing the current step and saving…"))
        return True

    def request_snapshot(self):
        """(a future copy of the live model, taken between two steps; the run's tokenizer), or None when no
        model is training. The copy is cancelled if the run ends before it is taken."""
        if not self.live or self.controls is None or self.run is None:
            return None
        return self.controls.request_snapshot(), self.run.tokenizer

    def request(self, read):
        """(a future `read(model)` of the live model, called between two steps; the run's tokenizer), or None
        when no model is training. Cancelled if the run ends before it is served."""
        if not self.live or self.controls is None or self.run is None:
            return None
        return self.controls.request(read), self.run.tokenizer


def _training_stream(make_trainer, controls: Controls):
    from playground.core import trainer as trainer_mod
    trainer = make_trainer(trainer_mod, controls)
    yield _RunReady(trainer.run)
    if trainer.resume:
        # the curves so far, as the run will keep them (work after the last checkpoint is dropped)
        yield Tagged("metrics", trainer.run.metrics())
    yield from trainer.events()
