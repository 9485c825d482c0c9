"""The pool of GeneratorWorkers: every long operation runs on one, and the pool keeps it alive until Qt says
its thread has ended (dropping the last reference earlier destroys a running thread)."""

from __future__ import annotations

import concurrent.futures
import logging
from dataclasses import dataclass
from typing import Any, Callable, Iterable

from PySide6.QtCore import QObject, Signal

from playground.qt.worker import GeneratorWorker

log = logging.getLogger(__name__)


@dataclass(frozen=True)
class Tagged:
    """An item a worker's stream yields besides the core's own events: what it is, and its value."""
    what: str
    value: Any


class Workers(QObject):
    idle = Signal()  # no worker left running

    def __init__(self, notices, parent=None):
        super().__init__(parent)
        self._notices = notices
        self._running: set[GeneratorWorker] = set()
        self._interruptible: set[GeneratorWorker] = set()

    @property
    def busy(self) -> bool:
        return bool(self._running)

    def spawn(self, make: Callable[[], Iterable], on_item, on_failed=None, on_done=None, name: str = "worker",
              background: bool = False, interruptible: bool = True) -> GeneratorWorker:
        """Run `make()`'s items through `on_item` on the GUI thread. A failure goes to `on_failed` (by default
        it is reported), then `on_done` runs. A worker that is not `interruptible` (training, which stops
        through its own controls so that it can save) is left alone by stop_all."""
        worker = GeneratorWorker(make, name, self, background)
        worker.yielded.connect(on_item)
        worker.failed.connect(on_failed or self._notices.report)
        worker.finished.connect(lambda: self._reap(worker, on_done))
        self._running.add(worker)
        if interruptible:
            self._interruptible.add(worker)
        worker.start()
        return worker

    def _reap(self, worker: GeneratorWorker, on_done) -> None:
        worker.wait()
        self._running.discard(worker)
        self._interruptible.discard(worker)
        worker.deleteLater()
        if on_done:
            on_done()
        if not self._running:
            self.idle.emit()

    def stop_all(self) -> None:
        """Ask every interruptible worker to end before its next item. Returns at once; `idle` follows."""
        for worker in list(self._interruptible):
            worker.stop()

    def wait_all(self, timeout_ms: int = 60_000) -> None:
        """Wait for every thread to end: called on quit, so Qt never destroys a running thread."""
        for worker in list(self._running):
            if not worker.wait(timeout_ms):
                log.error("worker %s did not stop in time", worker.objectName())


def wait_future(future: concurrent.futures.Future, should_stop):
    """On a worker: the future's result, or None once `should_stop()` (the future is then cancelled). A future
    cancelled by its server raises concurrent.futures.CancelledError."""
    while not should_stop():
        try:
            return future.result(timeout=0.05)
        except concurrent.futures.TimeoutError:
            continue
    future.cancel()
    return None
