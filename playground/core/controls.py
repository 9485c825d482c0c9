"""Requests from other threads (pause, resume, stop, a copy of the model) to a running training loop.

Kept apart from the trainer, and free of torch, so the app's GUI thread can hold one before torch is loaded.
"""

from __future__ import annotations

import concurrent.futures
import copy
import threading


class Controls:
    """Requests from other threads, honoured by the training loop between steps."""

    def __init__(self):
        self._running = threading.Event()
        self._running.set()
        self._stop = threading.Event()
        self._lock = threading.Lock()
        self._snapshots: list[concurrent.futures.Future] = []

    def pause(self) -> None:
        self._running.clear()

    def resume(self) -> None:
        self._running.set()

    def stop(self) -> None:
        self._stop.set()
        self._running.set()  # a paused run must wake up to stop

    @property
    def paused(self) -> bool:
        return not self._running.is_set()

    @property
    def stop_requested(self) -> bool:
        return self._stop.is_set()

    def request_snapshot(self) -> concurrent.futures.Future:
        """A Future for a CPU copy of the model in eval mode, taken between two steps (also while paused)."""
        future: concurrent.futures.Future = concurrent.futures.Future()
        with self._lock:
            self._snapshots.append(future)
        return future

    def _serve_snapshots(self, model) -> None:
        with self._lock:
            pending, self._snapshots = self._snapshots, []
        for future in pending:
            if future.set_running_or_notify_cancel():
                future.set_result(copy.deepcopy(model).cpu().eval())

    def _wait_while_paused(self, model) -> None:
        while not self._running.wait(0.05):
            self._serve_snapshots(model)
