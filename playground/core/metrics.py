"""metrics.jsonl: a run's log, one JSON event a line, appended live and read back tolerantly.

The trainer writes every event it streams (see events.py); `progress` reads a run's status and last losses
back from it, and a resume first drops what was logged after the checkpoint it continues from.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any, Iterator

from playground.core.atomic import atomic_write, cannot_write, json_bytes


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


def iter_metrics(path: Path) -> Iterator[dict]:
    """Parse metrics.jsonl; a line cut short by a crash (the last one) is skipped, not an error."""
    try:
        with open(path, encoding="utf-8", errors="replace") as f:
            for line in f:
                try:
                    m = json.loads(line)
                except json.JSONDecodeError:
                    continue
                if isinstance(m, dict):
                    yield m
    except FileNotFoundError:
        return


def truncate(path: Path, steps_done: int) -> None:
    """Drop what was logged after the checkpoint taken after `steps_done` steps (work lost by a crash or
    a stop), so the resumed run's log reads as if it had never stopped."""
    def keep(m):
        it = m.get("iter", 0)
        if not isinstance(it, int):
            return False  # a line garbled by hand or by another program: not this run's record
        if m.get("type") == "step":
            return it < steps_done
        return m.get("type") not in ("done", "failed", "start", "paused", "resumed") and it <= steps_done
    kept = [m for m in iter_metrics(path) if keep(m)]
    atomic_write(path,
                 b"".join(json_bytes(m) + b"\n" for m in kept))


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
