"""Work around a reference-counting bug in PySide6 6.12 on CPython < 3.12.

There, every Qt method that returns None takes a reference from `None` without giving one (Python 3.12+
made None immortal, which hides the bug). After enough calls — a few minutes of live curves — CPython
aborts with "Fatal Python error: none_dealloc". We detect the leak with a harmless probe and, only if it
is there, give None, True and False a reference count so large that the leak can never exhaust it, which
is what Python 3.12 does for them anyway.
"""

from __future__ import annotations

import ctypes
import logging
import sys

log = logging.getLogger(__name__)
_done = False


def guard_singleton_refcounts() -> bool:
    """Returns True if the workaround was needed (and applied)."""
    global _done
    if _done or sys.version_info >= (3, 12) or sys.implementation.name != "cpython":
        return False
    _done = True
    from PySide6.QtCore import QObject

    probe = QObject()
    before = sys.getrefcount(None)
    for _ in range(64):
        probe.setObjectName("probe")  # returns None
    leaked = before - sys.getrefcount(None)
    del probe
    if leaked < 32:
        return False
    for obj in (None, True, False):
        # ob_refcnt is the first field of every object in CPython's (non-debug) layout
        ctypes.c_ssize_t.from_address(id(obj)).value += 1 << 40
    log.info("PySide6 leaks references to None on this Python; applied the refcount guard")
    return True
