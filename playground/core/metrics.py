"""metrics.jsonl: a run's log, one JSON event a line, appended live and read back tolerantly.

The trainer writes every event it streams (see events.py); `progress` reads a run's status and last losses
back from it, and a resume first drops what was logged after the checkpoint it continues from.
"""

from __future__ import annotations

import json
import os
from pathlib import Path
from typing import Any, Iterator

from playground.core.atomic import atomic_write, cannot_write, json_bytes
from playground.core.readers import METRICS_TAIL, PARSE_ERRORS, iter_lines, open_regular

TRUNCATE_LIMIT = 16 * 1024 ** 3  # a log larger than this is not one this program wrote


class MetricsLog:
    """Appends events to metrics.jsonl, one line each, flushed so another process can follow the run live."""

    def __init__(self, path: Path):
        self.path = path
        try:
            self._f = open(path, "ab")  # bytes: each line is encoded once, by json_bytes
        except OSError as e:
            raise cannot_write(path, e) from None

    def write(self, event: dict) -> None:
        try:
            self._f.write(json_bytes(event) + b"\n")
            self._f.flush()
        except OSError as e:
            raise cannot_write(self.path, e) from None

    def close(self) -> None:
        self._f.close()


def iter_metrics(path: Path, tail: int | None = METRICS_TAIL) -> Iterator[dict]:
    """Parse metrics.jsonl; a line cut short by a crash (the last one) is skipped, not an error. Only its last
    `tail` bytes are read (all of it with None), in bounded memory; a file that is not a regular one (a pipe,
    a device) is a RunError, a missing one is an empty log."""
    if not os.path.lexists(path):
        return
    with open_regular(path) as (f, size):
        if tail is not None and size > tail:
            f.seek(size - tail)
            f.readline()  # the rest of a line cut by the seek
        for line in iter_lines(f):
            try:
                m = json.loads(line.decode("utf-8", errors="replace"))
            except PARSE_ERRORS:  # a garbled line (deep nesting and huge numbers too) is passed over
                continue
            if isinstance(m, dict):
                yield m


def check_log(path: Path) -> None:
    """RunError unless metrics.jsonl is missing or a regular file `truncate` can read whole."""
    if os.path.lexists(path):
        with open_regular(path, TRUNCATE_LIMIT):
            pass


def truncate(path: Path, steps_done: int) -> None:
    """Drop what was logged after the checkpoint taken after `steps_done` steps (work lost by a crash or
    a stop), so the resumed run's log reads as if it had never stopped."""
    def keep(m):
        it = m.get("iter", 0)
        if type(it) is not int:
            return False  # a line garbled by hand or by another program: not this run's record
        if m.get("type") == "step":
            return it < steps_done
        return m.get("type") not in ("done", "failed", "start", "paused", "resumed") and it <= steps_done
    check_log(path)

    def write(tmp: str) -> None:  # streamed: the log of a long run need not fit in memory
        with open(tmp, "wb") as out:
            for m in iter_metrics(path, tail=None):
                if keep(m):
                    out.write(json_bytes(m) + b"\n")
    atomic_write(path, write)


def progress(path: Path) -> dict[str, Any]:
    """Final losses and progress: the last step, the last evaluation, and how the run ended (status)."""
    out: dict[str, Any] = {"iter": None, "train_loss": None, "val_loss": None, "status": "not started"}

    def number(v, kind=(int, float)):  # a line garbled by hand or by another program is passed over
        return v if isinstance(v, kind) and not isinstance(v, bool) else None

    for m in iter_metrics(path):
        t = m.get("type")
        if t == "step" and number(m.get("iter"), int) is not None:
            out["iter"], out["status"] = m["iter"], "incomplete"
        elif t == "eval" and None not in (number(m.get("train_loss")), number(m.get("val_loss"))):
            out["train_loss"], out["val_loss"] = m["train_loss"], m["val_loss"]
        elif t == "done":
            out["status"] = "stopped" if m.get("stopped") else "finished"
        elif t == "failed":
            out["status"] = f"failed: {m.get('reason')}"
    return out
