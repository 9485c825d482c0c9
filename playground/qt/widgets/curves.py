"""Growing, bounded numpy buffers for live curves, the loss smoothing, and the curves as a CSV table.

A long run makes hundreds of thousands of steps; drawing and storing every one forever would slow the GUI
and leak memory. Each buffer doubles while small; once at its cap it keeps every other point and from then
on stores one point in two (then four, ...): the whole run stays in view at uniform resolution, memory stays
bounded, and the newest point is always shown exactly.
"""

from __future__ import annotations

import csv
import io
import math

import numpy as np


class CurveBuffer:

    def __init__(self, max_points: int = 100_000, capacity: int = 1024):
        self.max_points = max(16, max_points)
        size = min(capacity, self.max_points) + 1  # +1: room for the newest, not-yet-stored point
        self.x = np.empty(size)
        self.y = np.empty(size)
        self.n = 0          # stored points
        self.stride = 1     # store one appended point in `stride`
        self._count = 0     # points appended since the last clear
        self._tail = False  # slot n holds the newest point, not stored because of the stride
        self.version = 0    # changes whenever data() does, so a plot can skip handing over unchanged curves

    def __len__(self) -> int:
        return self.n + self._tail

    def clear(self) -> None:
        self.n, self.stride, self._count, self._tail = 0, 1, 0, False
        self.version += 1

    def append(self, x: float, y: float) -> None:
        self._count += 1
        self.version += 1
        if (self._count - 1) % self.stride:
            self.x[self.n], self.y[self.n] = x, y
            self._tail = True
            return
        if self.n == len(self.x) - 1:
            if self.n >= self.max_points:
                self._thin()
            else:
                size = min(2 * (len(self.x) - 1), self.max_points) + 1
                self.x = np.resize(self.x, size)
                self.y = np.resize(self.y, size)
        self.x[self.n], self.y[self.n] = x, y
        self.n += 1
        self._tail = False

    def _thin(self) -> None:
        kept = (self.n + 1) // 2
        self.x[:kept] = self.x[:self.n:2]
        self.y[:kept] = self.y[:self.n:2]
        self.n = kept
        self.stride *= 2

    def data(self) -> tuple[np.ndarray, np.ndarray]:
        m = self.n + self._tail
        return self.x[:m], self.y[:m]

    def last_x(self) -> float:
        m = self.n + self._tail
        return float(self.x[m - 1]) if m else math.nan

    def nearest(self, x: float) -> int | None:
        """Index of the point whose x is closest to `x`, or None when empty."""
        xs, _ = self.data()
        if not len(xs):
            return None
        i = int(np.searchsorted(xs, x))
        if i >= len(xs):
            return len(xs) - 1
        if i > 0 and x - xs[i - 1] < xs[i] - x:
            return i - 1
        return i


class Ema:
    """TensorBoard's debiased exponential moving average: early points are not dragged towards zero."""

    def __init__(self, weight: float = 0.9):
        self.weight = weight
        self.reset()

    def reset(self) -> None:
        self._last = 0.0
        self._count = 0

    def __call__(self, y: float) -> float:
        if not math.isfinite(y):
            return y
        self._last = self._last * self.weight + (1 - self.weight) * y
        self._count += 1
        debias = 1 - self.weight ** self._count
        return self._last / debias if debias > 0 else y

    def over(self, ys: np.ndarray) -> np.ndarray:
        self.reset()
        return np.fromiter((self(float(y)) for y in ys), dtype=float, count=len(ys))


def csv_table(columns) -> bytes:
    """(name, CurveBuffer) pairs as a UTF-8 CSV table: one row per step, empty where a curve has no point."""
    rows: dict[float, dict] = {}
    for key, buf in columns:
        x, y = buf.data()
        for xi, yi in zip(x.tolist(), y.tolist()):
            rows.setdefault(xi, {})[key] = yi
    f = io.StringIO(newline="")
    w = csv.writer(f)
    cols = [key for key, _ in columns]
    w.writerow(["step", *cols])
    for x in sorted(rows):
        w.writerow([f"{x:g}", *(f"{rows[x][c]:.6g}" if c in rows[x] else "" for c in cols)])
    return f.getvalue().encode("utf-8")
