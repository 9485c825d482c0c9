"""Axis ranges that change in jumps, not at every point: a new range means new axis text, the most
expensive thing a frame of the live curves draws."""

from __future__ import annotations

import math


def sticky_range(plot, lo: float, hi: float, axis: str, tight: bool = False) -> None:
    """Make `plot` show lo..hi on `axis`, moving its range only when the data leaves it or it is much too
    loose. `tight` fits exactly, with no room to move (a finished or opened run)."""
    vb = plot.getViewBox()
    (x0, x1), (y0, y1) = vb.viewRange()
    cur0, cur1 = (x0, x1) if axis == "x" else (y0, y1)
    span = max(hi - lo, abs(hi) * 1e-3, 1e-9)
    pad = 0.05 * span
    inside = cur0 <= lo and hi <= cur1
    too_loose = (cur1 - cur0) > (1.01 if tight else 1.6) * (span + 2 * pad)
    if inside and not too_loose:
        return
    if axis == "x":
        vb.setXRange(lo, hi, padding=0.02)
        return
    # Room to keep moving the way the data left the range: a falling loss (or a warming-up learning rate)
    # otherwise left it again at the next frame, and each new range re-renders the axis text. Without
    # it the first seconds of a run drew a 30-50 ms frame every 100-200 ms.
    room = 0.0 if too_loose or tight else 0.5 * span + 0.02 * max(abs(lo), abs(hi))
    vb.setYRange(lo - pad - (room if lo < cur0 else 0.0), hi + pad + (room if hi > cur1 else 0.0), padding=0)


def nice_ceiling(x: float) -> float:
    """The smallest 1, 2 or 5 times a power of ten that is at least x: axis ranges that jump rarely."""
    scale = 10 ** math.floor(math.log10(x))
    return next(m * scale for m in (1, 2, 5, 10) if m * scale >= x)
