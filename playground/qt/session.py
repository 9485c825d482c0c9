"""The one application state: corpus, configuration, the training run, the model in memory.

Panels call the Session's methods and listen to its signals; they never talk to each other or to the core.
Every long operation (loading a corpus, training, generating, opening a run) runs on a GeneratorWorker, and
the core modules that pull in torch are imported only there, so the window is up before torch loads.
"""

from __future__ import annotations

import concurrent.futures
import json
import logging
from dataclasses import dataclass, field
from enum import Enum
from pathlib import Path
from typing import Any, Callable, Iterable

from PySide6.QtCore import QCoreApplication, QObject, QSettings, Signal

from playground.core import events as ev
from playground.core.config import DEFAULT_PRESET, PRESETS, RunConfig, SampleConfig, preset
from playground.core.controls import Controls
from playground.core.errors import ConfigError, PlaygroundError
from playground.qt.messages import error_text
from playground.qt.worker import GeneratorWorker

log = logging.getLogger(__name__)

PREVIEW_CHARS = 600
MAX_RECENT = 8


class Phase(str, Enum):
    IDLE = "idle"
    PREPARING = "preparing"    # dataset and run folder being set up, no step yet
    TRAINING = "training"
    PAUSED = "paused"
    STOPPING = "stopping"


@dataclass
class CorpusView:
    """A loaded corpus and what its current tokenizer makes of it; plain data for the corpus panel."""
    corpus: Any
    stats: dict = field(default_factory=dict)       # dataset stats: tokens, train_tokens, val_tokens, vocab_size
    pieces: list[str] = field(default_factory=list)  # how the start of the text is cut into tokens
    problem: Exception | None = None                 # why this corpus cannot be trained on with these settings


@dataclass
class ModelView:
    """The model generation uses: where it came from, for the generate panel's label."""
    model: Any
    tokenizer: Any
    origin: str        # "memory" (just trained) or "disk" (opened run)
    run_name: str
    iter: int | None


@dataclass(frozen=True)
class _RunReady:
    run: Any


@dataclass(frozen=True)
class _Loaded:
    what: str
    value: Any


class Session(QObject):
    corpusLoading = Signal(str)             # a description of what is being loaded
    corpusChanged = Signal(object)          # CorpusView, or None when loading failed
    configChanged = Signal(object)          # RunConfig (a copy)
    validityChanged = Signal(str, str)      # message ("" when valid), field name
    analysingChanged = Signal(bool)         # the corpus is being (re)loaded or tokenized: no training meanwhile
    phaseChanged = Signal(str)              # Phase value
    trainingEvent = Signal(object)          # every core event of the running training
    historyReset = Signal(object)           # list of metrics dicts: the curves of a run just opened (or [])
    runChanged = Signal(object)             # the Run shown (training or opened), or None
    modelChanged = Signal(object)           # ModelView or None
    generationStarted = Signal()
    generationToken = Signal(int, str)
    generationDone = Signal(object)         # SampleDone
    generationFinished = Signal()
    runsListed = Signal(object)             # list of (Run, summary dict), or (DamagedRun, None)
    problem = Signal(str)                   # a user-facing sentence: the core's error, or a refusal
    unexpected = Signal(object)             # an exception that is a bug: shown in a dialog
    status = Signal(str)
    idle = Signal()                         # no worker left running

    def __init__(self, runs_dir: Path | None = None, settings: QSettings | None = None, parent=None):
        super().__init__(parent)
        self.settings = settings or QSettings()
        self._runs_dir = Path(runs_dir) if runs_dir else None
        self.config = self._initial_config()
        self.corpus_view: CorpusView | None = None
        self.phase = Phase.IDLE
        self.run = None
        self.model_view: ModelView | None = None
        self.controls = None
        self.last_start: ev.Started | None = None
        self._train_worker: GeneratorWorker | None = None
        self._gen_worker: GeneratorWorker | None = None
        self._workers: set[GeneratorWorker] = set()
        self._corpus_source: Any = None       # path or ("text", text, name) or ("demo", name)
        self._analysis_token = 0
        self._analysis_busy = False
        self._analysis_stale = False
        self._train_when_ready = False
        self._validity = ("", "")
        self._pending_snapshot: concurrent.futures.Future | None = None

    # --- small helpers -------------------------------------------------------------------------------

    @property
    def runs_dir(self) -> Path:
        if self._runs_dir is None:
            from playground.core.runs import default_runs_dir
            self._runs_dir = default_runs_dir()
        return self._runs_dir

    @property
    def busy(self) -> bool:
        return bool(self._workers)

    @property
    def analysing(self) -> bool:
        return self._analysis_busy

    @property
    def training(self) -> bool:
        return self.phase != Phase.IDLE

    @property
    def generating(self) -> bool:
        return self._gen_worker is not None

    def _spawn(self, make: Callable[[], Iterable], on_item, on_failed=None, on_done=None,
               name="worker", background: bool = False) -> GeneratorWorker:
        worker = GeneratorWorker(make, name, self, background)
        worker.yielded.connect(on_item)
        worker.failed.connect(on_failed or self._report)
        worker.finished.connect(lambda: self._reap(worker, on_done))
        self._workers.add(worker)
        worker.start()
        return worker

    def _reap(self, worker: GeneratorWorker, on_done) -> None:
        # keep the Python reference until Qt says the thread is over: dropping it earlier destroys a running QThread
        worker.wait()
        self._workers.discard(worker)
        worker.deleteLater()
        if on_done:
            on_done()
        if not self._workers:
            self.idle.emit()

    def _report(self, error: BaseException, marks_form: bool = True) -> None:
        """Show `error`; a setting's error also marks that field of the form, unless it is not the form's
        (a resumed run trains with its own saved settings)."""
        if isinstance(error, PlaygroundError):
            if isinstance(error, ConfigError) and error.field and marks_form:
                self._set_validity(error_text(error), error.field)
            self.problem.emit(error_text(error))
        else:
            self.unexpected.emit(error)

    def _set_phase(self, phase: Phase) -> None:
        if phase != self.phase:
            self.phase = phase
            self.phaseChanged.emit(phase.value)

    def _refuse(self, message: str) -> bool:
        self.problem.emit(message)
        return False

    # --- configuration -------------------------------------------------------------------------------

    def _initial_config(self) -> RunConfig:
        saved = self.settings.value("config")
        if saved:
            try:
                cfg = RunConfig.from_dict(json.loads(saved))
                cfg.model.vocab_size = 0
                return cfg
            except (PlaygroundError, ValueError, TypeError):
                log.warning("ignoring unreadable saved configuration")
        return preset(DEFAULT_PRESET)

    def apply_preset(self, name: str) -> bool:
        if name not in PRESETS:
            return self._refuse(self.tr("Unknown preset: {0}").format(name))
        cfg = preset(name)
        if "data" not in PRESETS[name]:
            cfg.data = RunConfig.from_dict(self.config.to_dict()).data  # keep the user's tokenizer choice
        return self.set_config(cfg)

    def set_config(self, cfg: RunConfig) -> bool:
        """Make `cfg` the configuration of the next run. Refused while training (the run keeps its own)."""
        if self.training:
            return self._refuse(self.tr("Settings cannot change while training; they apply to the next run. "
                                        "Stop the run first."))
        old_data, old_block = self.config.data, self.config.model.block_size
        self.config = RunConfig.from_dict(cfg.to_dict())
        self.config.model.vocab_size = 0
        self.settings.setValue("config", json.dumps(self.config.to_dict()))
        self.configChanged.emit(RunConfig.from_dict(self.config.to_dict()))
        view = self.corpus_view
        if view is not None and (self.config.data != old_data
                                 or (view.problem and self.config.model.block_size != old_block)):
            self._analyse()
        self._revalidate()
        return True

    def update_field(self, section: str, name: str, value) -> bool:
        """Set one field (`section` is "model", "train" or "data"), keeping the preset name if nothing moved."""
        cfg = RunConfig.from_dict(self.config.to_dict())
        part = getattr(cfg, section)
        if getattr(part, name) == value:
            return True
        setattr(part, name, value)
        cfg.preset = ""
        return self.set_config(cfg)

    def vocab_size(self) -> int | None:
        if self.corpus_view and self.corpus_view.stats.get("vocab_size"):
            return int(self.corpus_view.stats["vocab_size"])
        return None

    def _validate(self) -> tuple[str, str]:
        try:
            self.config.validate()
        except ConfigError as e:
            return error_text(e), e.field or ""
        view = self.corpus_view
        if view is None:
            return self.tr("Load a corpus to train on (File ▸ Open corpus)."), "corpus"
        if view.problem:
            return error_text(view.problem), "corpus"
        if view.stats:
            # the engine's own rule: the split into training and validation text depends on the context length,
            # so the view's split (made for the length it was analysed with) cannot decide it
            from playground.core.dataset import check_length
            try:
                check_length(int(view.stats.get("tokens", 0)), self.config.model.block_size)
            except ConfigError as e:
                return error_text(e), e.field or ""
        return "", ""

    def retranslate(self) -> None:
        """Say the current problem, if any, again in the language just switched to."""
        self._revalidate()

    def _revalidate(self) -> None:
        result = self._validate()
        self._set_validity(*result)

    def _set_validity(self, message: str, field_name: str) -> None:
        self._validity = (message, field_name)
        self.validityChanged.emit(message, field_name)

    @property
    def validity(self) -> tuple[str, str]:
        return self._validity

    # --- corpus ----------------------------------------------------------------------------------------

    def load_corpus(self, path: str | Path) -> bool:
        return self._load(str(path), Path(path).name)

    def load_text(self, text: str, name: str = "") -> bool:
        return self._load(("text", text, name or self.tr("Pasted text")), name or self.tr("pasted text"))

    def load_demo(self, name: str = "python-docs") -> bool:
        return self._load(("demo", name), name)

    def _load(self, source, label: str) -> bool:
        if self.training:
            return self._refuse(self.tr("A run is training on the current corpus. Stop it before loading "
                                        "another one."))
        self._corpus_source = source
        self.corpusLoading.emit(label)
        self.status.emit(self.tr("Loading {0}…").format(label))
        self._analyse(load=True)
        return True

    def _analyse(self, load: bool = False) -> None:
        """(Re)load the corpus if asked and tokenize it with the current data settings, on a worker."""
        if self._analysis_busy:
            # one analysis at a time: the newest request runs when the current one ends
            self._analysis_stale = True
            self._analysis_reload = getattr(self, "_analysis_reload", False) or load
            return
        self._analysis_busy, self._analysis_stale, self._analysis_reload = True, False, False
        self.analysingChanged.emit(True)
        self._analysis_token += 1
        token = self._analysis_token
        source = self._corpus_source
        corpus = None if load or self.corpus_view is None else self.corpus_view.corpus
        data_cfg = RunConfig.from_dict(self.config.to_dict()).data
        block = self.config.model.block_size

        def make():
            return _analysis_stream(source, corpus, data_cfg, block)

        def on_item(item):
            if token != self._analysis_token:
                return
            if item.what == "view":
                self.corpus_view = item.value
                self._remember_corpus(source, item.value)
                self.corpusChanged.emit(item.value)
                self.status.emit(self.tr("Corpus ready: {0}").format(item.value.corpus.name))
                self._revalidate()

        def on_failed(error):
            if isinstance(error, PlaygroundError) and load:
                self.corpusChanged.emit(self.corpus_view)  # back to what was loaded before
            self._train_when_ready = False
            self._report(error)

        def on_done():
            self._analysis_busy = False
            if not self._analysis_stale:
                self.analysingChanged.emit(False)
            if self._analysis_stale:
                self._analyse(load=self._analysis_reload)
            elif self._train_when_ready and self.corpus_view is not None:
                self._train_when_ready = False
                self.start_training()

        self._spawn(make, on_item, on_failed, on_done, name="corpus")

    def _remember_corpus(self, source, view: CorpusView) -> None:
        if isinstance(source, str):
            self.settings.setValue("lastCorpus", source)
            recent = [p for p in self.recent_corpora() if p != source]
            self.settings.setValue("recentCorpora", [source, *recent][:MAX_RECENT])
        elif source[0] == "demo":
            self.settings.setValue("lastCorpus", "demo:" + source[1])

    def recent_corpora(self) -> list[str]:
        value = self.settings.value("recentCorpora") or []
        return [value] if isinstance(value, str) else [str(v) for v in value]

    def load_last_corpus(self) -> bool:
        last = str(self.settings.value("lastCorpus") or "")
        if last and not last.startswith("demo:") and Path(last).exists():
            return self.load_corpus(last)
        return self.load_demo(last[5:] if last.startswith("demo:") else "python-docs")

    # --- training --------------------------------------------------------------------------------------

    def train_when_ready(self) -> None:
        """Start as soon as the corpus being loaded is ready (for `--train`)."""
        if self._analysis_busy or self.corpus_view is None:
            self._train_when_ready = True  # the corpus may not even have started loading yet
        else:
            self.start_training()

    def start_training(self) -> bool:
        if self.training:
            return self._refuse(self.tr("A run is already training."))
        if self._analysis_busy:
            return self._refuse(self.tr("The corpus is still being prepared; try again in a moment."))
        message, _ = self._validate()
        if message:
            self._revalidate()
            return self._refuse(message)
        corpus, cfg, runs_dir = self.corpus_view.corpus, RunConfig.from_dict(self.config.to_dict()), self.runs_dir

        def make_trainer(trainer_mod, controls):
            return trainer_mod.start_training(corpus, cfg, runs_dir, controls)

        return self._train(make_trainer, reset=True)

    def resume_run(self, run, max_iters: int | None = None) -> bool:
        if self.training:
            return self._refuse(self.tr("A run is already training. Stop it before resuming another."))
        run_dir = run.dir if hasattr(run, "dir") else Path(run)

        def make_trainer(trainer_mod, controls):
            return trainer_mod.resume_training(run_dir, controls, max_iters=max_iters)

        return self._train(make_trainer, reset=False)

    def _train(self, make_trainer, reset: bool) -> bool:
        self.controls = Controls()
        controls = self.controls
        self._set_phase(Phase.PREPARING)
        self.status.emit(self.tr("Preparing the data and the model…"))
        if reset:
            self.historyReset.emit([])

        def make():
            return _training_stream(make_trainer, controls)

        def on_done():
            self._train_worker = None
            self.controls = None
            if self._pending_snapshot is not None:
                self._pending_snapshot.cancel()  # nobody will serve it now
            self._set_phase(Phase.IDLE)

        def on_failed(error):
            self._report(error, marks_form=reset)

        self._train_worker = self._spawn(make, self._on_training_item, on_failed, on_done, name="training",
                                          background=True)
        return True

    def _on_training_item(self, item) -> None:
        if isinstance(item, _RunReady):
            self.run = item.run
            self.runChanged.emit(item.run)
            return
        if isinstance(item, _Loaded):
            self.historyReset.emit(item.value)
            return
        if isinstance(item, ev.Started):
            self.last_start = item
            if self.phase != Phase.STOPPING:  # Stop pressed while preparing: the run starts only to end
                self._set_phase(Phase.PAUSED if self.controls and self.controls.paused else Phase.TRAINING)
            self.status.emit(self.tr("Training on {0}").format(item.device))
        elif isinstance(item, ev.Paused):
            if self.phase != Phase.STOPPING:
                self._set_phase(Phase.PAUSED)
            self.status.emit(self.tr("Paused at step {0}").format(item.iter))
        elif isinstance(item, ev.Resumed):
            if self.phase != Phase.STOPPING:
                self._set_phase(Phase.TRAINING)
        elif isinstance(item, ev.Finished):
            if not item.kept:
                self.status.emit(self.tr("Stopped before the first step; nothing was saved."))
                self.run = None
                self.runChanged.emit(None)
            else:
                self.status.emit(self.tr("Stopped at step {0}; the run is saved.").format(item.iter) if item.stopped
                                 else self.tr("Training finished after {0} steps.").format(item.iter))
                if self.run is not None and self.run.has_weights:
                    self._load_model_from(self.run)
        elif isinstance(item, ev.Failed):
            self.problem.emit(error_text(item.error) if item.error is not None else item.reason)
            if self.run is not None and self.run.has_weights:
                self._load_model_from(self.run)
        self.trainingEvent.emit(item)

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

    def stop(self) -> bool:
        if not self.training or self.controls is None:
            return False
        self.controls.stop()
        self._set_phase(Phase.STOPPING)
        self.status.emit(self.tr("Stopping: finishing the current step and saving…"))
        return True

    # --- runs ------------------------------------------------------------------------------------------

    def set_runs_dir(self, path: str | Path) -> None:
        self._runs_dir = Path(path)
        self.refresh_runs()

    def refresh_runs(self) -> None:
        runs_dir = self.runs_dir

        def make():
            from playground.core.runs import list_runs
            damaged = []
            rows = [(r, r.summary()) for r in list_runs(runs_dir, damaged)] + [(d, None) for d in damaged]
            yield _Loaded("runs", sorted(rows, key=lambda row: row[0].name, reverse=True))

        self._spawn(make, lambda item: self.runsListed.emit(item.value), name="runs")

    def open_run(self, path: str | Path) -> bool:
        """Show a saved run: its configuration, curves and model come back."""
        if self.training:
            return self._refuse(self.tr("Stop the current training before opening another run."))

        def make():
            from playground.core.runs import Run
            run = Run.open(path)
            yield _Loaded("run", run)
            yield _Loaded("metrics", run.metrics())
            try:
                model = run.load_model() if run.has_weights else None
            except PlaygroundError as e:
                # the run's settings and curves are still worth showing; its model is not there to use
                yield _Loaded("model", None)
                raise e from None
            yield _Loaded("model", model)

        def on_item(item: _Loaded):
            if item.what == "run":
                self.run = item.value
                cfg = RunConfig.from_dict(item.value.config.to_dict())
                self.set_config(cfg)
                self.runChanged.emit(item.value)
            elif item.what == "metrics":
                self.historyReset.emit(item.value)
                self.status.emit(self.tr("Opened run {0}").format(self.run.name))
            elif item.what == "model" and item.value is None:
                # no model of another run may stay behind for Generate, as if it were this one's
                self.model_view = None
                self.modelChanged.emit(None)
            elif item.what == "model":
                self._set_model(item.value, self.run.tokenizer, "disk", self.run)

        self._spawn(make, on_item, name="open-run")
        return True

    def _load_model_from(self, run) -> None:
        if run is None:
            return

        def make():
            yield _Loaded("model", run.load_model())

        self._spawn(make, lambda item: self._set_model(item.value, run.tokenizer, "memory", run), name="load-model")

    def _set_model(self, model, tokenizer, origin: str, run) -> None:
        it = None
        if run is not None:
            summary = None
            try:
                summary = run.summary()
            except PlaygroundError:
                pass
            it = summary.get("iter") if summary else None
        self.model_view = ModelView(model, tokenizer, origin, run.name if run is not None else "", it)
        self.modelChanged.emit(self.model_view)

    # --- generation ------------------------------------------------------------------------------------

    def can_generate(self) -> bool:
        return self.model_view is not None or self.phase in (Phase.TRAINING, Phase.PAUSED)

    def generate(self, prompt: str, cfg: SampleConfig) -> bool:
        if self._gen_worker is not None:
            return self._refuse(self.tr("Text is already being generated; stop it first."))
        try:
            cfg.validate()
        except ConfigError as e:
            return self._refuse(error_text(e))
        snapshot = None
        if self.phase in (Phase.TRAINING, Phase.PAUSED) and self.controls is not None and self.run is not None:
            # the live model is owned by the training thread; ask it for a copy taken between two steps
            snapshot = self.controls.request_snapshot()
            self._pending_snapshot = snapshot
            tokenizer = self.run.tokenizer
            model = None
        elif self.model_view is not None:
            model, tokenizer = self.model_view.model, self.model_view.tokenizer
        else:
            return self._refuse(self.tr("There is no model yet: train one or open a saved run."))
        holder: list[GeneratorWorker] = []

        def should_stop() -> bool:
            return bool(holder) and holder[0].isInterruptionRequested()

        def make():
            m = model if snapshot is None else _wait_snapshot(snapshot, should_stop)
            if m is None:
                return iter(())
            from playground.core.sampler import generate
            return generate(m, tokenizer, prompt, cfg, should_stop)

        def on_item(item):
            if isinstance(item, ev.Token):
                self.generationToken.emit(item.sample, item.text)
            elif isinstance(item, ev.SampleDone):
                self.generationDone.emit(item)

        def on_done():
            self._gen_worker = None
            self._pending_snapshot = None
            self.generationFinished.emit()

        worker = self._spawn(make, on_item, None, on_done, name="generate")
        holder.append(worker)
        self._gen_worker = worker
        self.generationStarted.emit()
        return True

    def stop_generation(self) -> None:
        if self._gen_worker is not None:
            self._gen_worker.stop()

    # --- shutdown --------------------------------------------------------------------------------------

    def stop_all(self) -> None:
        """Ask every worker to end; training stops cleanly and saves. Returns at once; `idle` follows."""
        self._train_when_ready = False
        self.stop()
        self.stop_generation()
        for worker in list(self._workers):
            if worker is not self._train_worker:
                worker.stop()

    def shutdown(self, timeout_ms: int = 60_000) -> None:
        """Stop everything and wait for the threads: called on quit, so Qt never destroys a running thread."""
        self.stop_all()
        for worker in list(self._workers):
            if not worker.wait(timeout_ms):
                log.error("worker %s did not stop in time", worker.objectName())


def _wait_snapshot(future: concurrent.futures.Future, should_stop):
    while not should_stop():
        try:
            return future.result(timeout=0.05)
        except concurrent.futures.TimeoutError:
            continue
        except concurrent.futures.CancelledError:
            raise PlaygroundError(QCoreApplication.translate(
                "Session", "Training ended before a copy of the model could be taken. Press Generate again "
                           "to use the saved model.")) from None
    future.cancel()
    return None


def _training_stream(make_trainer, controls: Controls):
    from playground.core import trainer as trainer_mod
    trainer = make_trainer(trainer_mod, controls)
    yield _RunReady(trainer.run)
    if trainer.resume:
        # the curves so far, as the run will keep them (work after the last checkpoint is dropped)
        yield _Loaded("metrics", trainer.run.metrics())
    yield from trainer.events()


def _analysis_stream(source, corpus, data_cfg, block_size):
    from playground.core import corpus as corpus_mod
    from playground.core.dataset import prepare_dataset
    if corpus is None:
        if isinstance(source, tuple) and source[0] == "demo":
            corpus = corpus_mod.demo_corpus(source[1])
        elif isinstance(source, tuple):
            corpus = corpus_mod.corpus_from_text(source[1], source[2])
        else:
            corpus = corpus_mod.load_corpus(source)
    view = CorpusView(corpus)
    try:
        dataset = prepare_dataset(corpus, data_cfg, block_size)
    except PlaygroundError as e:
        # the corpus loaded but cannot be trained on with these settings (e.g. shorter than one window):
        # show it anyway and say why Train is disabled
        view.problem = e
        yield _Loaded("view", view)
        return
    view.stats = dict(dataset.stats)
    try:
        view.pieces = list(dataset.tokenizer.token_pieces(corpus.text[:PREVIEW_CHARS], 400))
    except Exception:  # noqa: BLE001 - the preview is a nicety; never lose the corpus over it
        log.exception("token preview failed")
    yield _Loaded("view", view)
