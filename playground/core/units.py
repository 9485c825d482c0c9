"""Counts and sizes as people read them: 1.23M parameters, 3.0 MiB."""

from __future__ import annotations


def human_count(n: float) -> str:
    """1234567 -> '1.23M'; plain digits below ten thousand."""
    n = float(n)
    for unit, scale in (("T", 1e12), ("G", 1e9), ("M", 1e6), ("k", 1e3)):
        if abs(n) >= scale and (unit != "k" or abs(n) >= 1e4):
            return f"{n / scale:.3g}{unit}"
    return f"{n:,.0f}"


def human_bytes(n: float) -> str:
    n = float(n)
    for unit in ("B", "KiB", "MiB", "GiB"):
        if abs(n) < 1024:
            return f"{n:.0f} {unit}" if unit == "B" else f"{n:.1f} {unit}"
        n /= 1024
    return f"{n:.1f} TiB"
