"""Generating text: the model to generate with (just trained, opened from disk, or a copy of one still
training), streaming its tokens, stopping."""

from __future__ import annotations

import concurrent.futures
from dataclasses import dataclass
from typing import Any

from PySide6.QtCore import QCoreApplication, QObject, Signal

from playground.core import events as ev
from playground.core.config import SampleConfig
from playground.core.errors import ConfigError, PlaygroundError
from playground.qt.messages import error_text
from playground.qt.session.workers import Tagged, wait_future


ALTERNATIVES = 5  # the likeliest tokens shown for each generated one


@dataclass
class ModelView:
    """The model generation uses: where it came from, for the generate panel's label."""
    model: Any
    tokenizer: Any
    origin: str        # "memory" (just trained) or "disk" (opened run)
    run_name: str
    iter: int | None


class Generation(QObject):
    modelChanged = Signal(object)     # ModelView or None
    started = Signal()
    tokenReady = Signal(object)       # Token, with each token's probability and the likeliest alternatives
    sampleDone = Signal(object)       # SampleDone
    finished = Signal()

    def __init__(self, workers, notices, training, parent=None):
        # `training` is read for the model still training, which generation can use a copy of
        super().__init__(parent)
        self._workers = workers
        self._notices = notices
        self._training = training
        self.model_view: ModelView | None = None
        self._worker = None

    @property
    def generating(self) -> bool:
        return self._worker is not None

    def can_generate(self) -> bool:
        return self.model_view is not None or self._training.live

    # --- the model -------------------------------------------------------------------------------------

    def show_model(self, model, run, origin: str) -> None:
        """Generate with `model` of `run` from now on; None leaves no model (not even an earlier one)."""
        if model is None:
            self.model_view = None
            self.modelChanged.emit(None)
            return
        try:
            summary = run.summary()
        except PlaygroundError:
            summary = None
        it = summary.get("iter") if summary else None
        self.model_view = ModelView(model, run.tokenizer, origin, run.name, it)
        self.modelChanged.emit(self.model_view)

    def load_saved(self, run) -> None:
        """Load the model `run` just saved (its training ended) and generate with it."""

        def make():
            yield Tagged("model", run.load_model())

        self._workers.spawn(make, lambda item: self.show_model(item.value, run, "memory"), name="load-model")

    # --- generating ------------------------------------------------------------------------------------

    def generate(self, prompt: str, cfg: SampleConfig) -> bool:
        if self._worker is not None:
            return self._notices.refuse(self.tr("Text is already being generated; stop it first."))
        try:
            cfg.validate()
        except ConfigError as e:
            return self._notices.refuse(error_text(e))
        # the live model is owned by the training thread; ask it for a copy taken between two steps
        snapshot = self._training.request_snapshot()
        if snapshot is not None:
            snapshot, tokenizer = snapshot
            model = None
        elif self.model_view is not None:
            model, tokenizer = self.model_view.model, self.model_view.tokenizer
        else:
            return self._notices.refuse(self.tr("There is no model yet: train one or open a saved run."))
        holder: list = []

        def should_stop() -> bool:
            return bool(holder) and holder[0].isInterruptionRequested()

        def make():
            m = model if snapshot is None else _wait_snapshot(snapshot, should_stop)
            if m is None:
                return iter(())
            from playground.core.sampler import generate
            return generate(m, tokenizer, prompt, cfg, should_stop, details=ALTERNATIVES)

        def on_item(item):
            if isinstance(item, ev.Token):
                self.tokenReady.emit(item)
            elif isinstance(item, ev.SampleDone):
                self.sampleDone.emit(item)

        def on_done():
            self._worker = None
            self.finished.emit()

        self._worker = self._workers.spawn(make, on_item, None, on_done, name="generate")
        holder.append(self._worker)
        self.started.emit()
        return True

    def stop(self) -> None:
        if self._worker is not None:
            self._worker.stop()


def _wait_snapshot(future: concurrent.futures.Future, should_stop):
    try:
        return wait_future(future, should_stop)
    except concurrent.futures.CancelledError:
        raise PlaygroundError(QCoreApplication.translate(
            "Generation", "Training ended before a copy of the model could be taken. Press Generate "
                          "again to use the saved model.")) from None
