"""Python's garbage is collected on the GUI thread only.

The collector runs in whichever thread crosses its allocation threshold. When that is a worker (training,
sampling) and the garbage holds a Qt object, the object's C++ destructor runs on the worker: it takes Qt's locks,
then waits for the interpreter lock, while the GUI thread holds the interpreter lock and waits for Qt's. Both
hang for good (seen as the window freezing while a sample was generated and a menu closed). So automatic
collection is off, and a timer on the GUI thread collects instead, by the interpreter's thresholds.

A full collection walks every object: 70-95 ms with torch loaded, a visible stall on the GUI thread. So full
collections come at most every FULL_EVERY_S (long-lived garbage can wait; the interpreter defers them too), and
after the first one with torch loaded, the survivors (modules, classes, torch's and Qt's own objects, which live
as long as the process) are frozen out of later collections, which then cost about a millisecond.
"""

from __future__ import annotations

import gc
import sys
import time

from PySide6.QtCore import QObject, QTimer

INTERVAL_MS = 250  # often enough that garbage never piles up; a check with nothing to do costs microseconds
FULL_EVERY_S = 30.0

_timer: QTimer | None = None
_last_full = 0.0
_frozen = False


def collect_on_gui_thread(app: QObject) -> None:
    """Switch automatic collection off and collect from a timer on `app`'s (the GUI) thread; idempotent."""
    global _timer, _last_full
    if _timer is not None:
        return
    gc.disable()
    _last_full = time.monotonic()
    _timer = QTimer(app)
    _timer.timeout.connect(collect_if_due)
    _timer.start(INTERVAL_MS)


def collect_if_due() -> None:
    global _last_full, _frozen
    counts, thresholds = gc.get_count(), gc.get_threshold()
    if counts[0] <= thresholds[0]:
        return
    generation = 1 if counts[1] >= thresholds[1] else 0
    if counts[2] >= thresholds[2] and time.monotonic() - _last_full >= FULL_EVERY_S:
        generation = 2
    gc.collect(generation)
    if generation == 2:
        _last_full = time.monotonic()
        if not _frozen and "torch" in sys.modules:
            gc.freeze()
            _frozen = True
