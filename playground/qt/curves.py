"""Growing, bounded numpy buffers for live curves, and the loss smoothing.

A long run makes hundreds of thousands of steps; drawing and storing every one forever would slow the GUI
and leak memory. Each buffer doubles while small and, once at its cap, averages its older half pairwise:
recent steps stay exact, history keeps its shape at coarser resolution, memory stays bounded.
"""

from __future__ import annotations

import math

import numpy as np


class CurveBuffer:

    def __init__(self, max_points: int = 100_000, capacity: int = 1024):
        self.max_points = max(16, max_points)
        self.x = np.empty(min(capacity, self.max_points))
        self.y = np.empty(min(capacity, self.max_points))
        self.n = 0

    def __len__(self) -> int:
        return self.n

    def clear(self) -> None:
        self.n = 0

    def append(self, x: float, y: float) -> None:
        if self.n == len(self.x):
            if self.n >= self.max_points:
                self._decimate()
            else:
                size = min(2 * len(self.x), self.max_points)
                self.x = np.resize(self.x, size)
                self.y = np.resize(self.y, size)
        self.x[self.n] = x
        self.y[self.n] = y
        self.n += 1

    def _decimate(self) -> None:
        half = (self.n // 2) & ~1
        pairs = half // 2
        for a in (self.x, self.y):
            a[:pairs] = a[:half].reshape(pairs, 2).mean(axis=1)
            a[pairs:pairs + self.n - half] = a[half:self.n]
        self.n -= pairs

    def data(self) -> tuple[np.ndarray, np.ndarray]:
        return self.x[:self.n], self.y[:self.n]

    def last_x(self) -> float:
        return float(self.x[self.n - 1]) if self.n else math.nan

    def nearest(self, x: float) -> int | None:
        """Index of the point whose x is closest to `x`, or None when empty."""
        if not self.n:
            return None
        xs = self.x[:self.n]
        i = int(np.searchsorted(xs, x))
        if i >= self.n:
            return self.n - 1
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
