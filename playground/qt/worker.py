"""One QThread that drives any core generator (training, sampling, loading) and emits what it yields.

The core does long work as plain generators; this thread advances one, emits each item as a signal
(delivered on the GUI thread by Qt's queued connections) and turns an exception into the `failed` signal,
so no widget is ever touched from here and no exception dies silently in a thread. Stopping is
cooperative: `stop()` asks, and the generator is closed before its next item.
"""

from __future__ import annotations

import logging
import os
import sys
import threading
from typing import Callable, Iterable

from PySide6.QtCore import QCoreApplication, QThread, Signal

from playground.core.errors import PlaygroundError
from playground.qt.gc_guard import collect_on_gui_thread

log = logging.getLogger(__name__)

BACKGROUND_NICE = 5  # added to the nice value of background workers' threads


class GeneratorWorker(QThread):
    yielded = Signal(object)
    failed = Signal(object)  # the exception; PlaygroundError for the user's problems, anything else is a bug

    def __init__(self, make: Callable[[], Iterable], name: str = "worker", parent=None, background: bool = False):
        # `make` runs on the worker thread, so its setup (importing torch, preparing data) never blocks the GUI
        super().__init__(parent)
        collect_on_gui_thread(QCoreApplication.instance())  # before any worker runs: see gc_guard
        self._make = make
        self._background = background
        self.setObjectName(name)

    def stop(self) -> None:
        self.requestInterruption()

    def run(self) -> None:
        gen = None
        if self._background:
            self._lower_priority()
        try:
            gen = iter(self._make())
            for item in gen:
                self.yielded.emit(item)
                if self.isInterruptionRequested():
                    break
        except PlaygroundError as e:
            self.failed.emit(e)
        except BaseException as e:  # noqa: BLE001 - a thread has no caller to re-raise to
            log.exception("unexpected error in %s", self.objectName())
            self.failed.emit(e)
        finally:
            close = getattr(gen, "close", None)
            if close is not None:
                try:
                    close()
                except Exception:  # noqa: BLE001
                    log.exception("error while closing %s", self.objectName())

    def _lower_priority(self) -> None:
        """Let the GUI thread win the CPU whenever it needs it, e.g. to draw while a model trains on every core.

        On Linux the nice value is per thread, and the threads torch starts from this one for its parallel
        operations inherit it. Nice 5 took the 99th-percentile GUI stall while training on 2 cores from 54-60 ms
        to 41 ms and the longest from 89-94 ms to 67 ms, at the same training speed. Elsewhere Qt's thread
        priority does the same.
        """
        if sys.platform.startswith("linux"):
            try:
                tid = threading.get_native_id()
                os.setpriority(os.PRIO_PROCESS, tid, min(19, os.getpriority(os.PRIO_PROCESS, tid) + BACKGROUND_NICE))
            except OSError:
                log.debug("could not lower the priority of %s", self.objectName(), exc_info=True)
        else:
            self.setPriority(QThread.LowPriority)
