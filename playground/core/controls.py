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
        self._snapshots: list[tuple[concurrent.futures.Future, object]] = []

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
        return self.request(lambda model: copy.deepcopy(model).cpu().eval())

    def request(self, read) -> concurrent.futures.Future:
        """A Future for `read(model)`, called on the training thread between two steps (also while paused).

        `read` must copy what it returns (the next step changes the model) and be quick: training waits for it.
        An exception it raises is the Future's."""
        future: concurrent.futures.Future = concurrent.futures.Future()
        with self._lock:
            self._snapshots.append((future, read))
        return future

    def cancel_requests(self) -> None:
        """Cancel the requests not served yet: called once the loop has ended, when nothing will serve them."""
        with self._lock:
            pending, self._snapshots = self._snapshots, []
        for future, _read in pending:
            future.cancel()

    def _serve_snapshots(self, model) -> None:
        with self._lock:
            pending, self._snapshots = self._snapshots, []
        for future, read in pending:
            if future.set_running_or_notify_cancel():
                try:
                    future.set_result(read(model))
                except Exception as e:  # the asker's mistake: theirs to see, not the training's to die of
                    future.set_exception(e)

    def _wait_while_paused(self, model) -> None:
        while not self._running.wait(0.05):
            self._serve_snapshots(model)
