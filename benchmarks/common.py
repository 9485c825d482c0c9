"""Shared helpers: machine description, peak matmul rate, interleaved timing, corpora lookup."""

from __future__ import annotations

import os
import platform
import statistics
import sys
import time
from pathlib import Path

# The shared corpora sit beside the checkout (../shared/corpora); a fresh clone has none.
SHARED_CORPORA = Path(__file__).resolve().parents[2] / "shared" / "corpora"
ROOT = Path(__file__).resolve().parents[1]


def corpus_path(name: str) -> Path | None:
    p = SHARED_CORPORA / name
    return p if p.is_file() else None


def median(xs):
    xs = [x for x in xs if x is not None]
    return statistics.median(xs) if xs else float("nan")


def cpu_flags() -> set[str]:
    try:
        with open("/proc/cpuinfo", encoding="utf-8", errors="replace") as f:
            for line in f:
                if line.startswith("flags"):
                    return set(line.split(":", 1)[1].split())
    except OSError:
        pass
    return set()


def cpu_model() -> str:
    try:
        with open("/proc/cpuinfo", encoding="utf-8", errors="replace") as f:
            for line in f:
                if line.startswith("model name"):
                    return line.split(":", 1)[1].strip()
    except OSError:
        pass
    return platform.processor() or platform.machine()


def machine_info(threads: int) -> dict:
    import torch
    flags = cpu_flags()
    interesting = ["avx2", "fma", "avx512f", "avx512_vnni", "avx512_bf16", "amx_tile", "amx_bf16", "amx_int8"]
    try:
        import transformers
        tf = transformers.__version__
    except ImportError:
        tf = "not installed"
    try:
        load = "%.2f %.2f %.2f" % os.getloadavg()
    except (AttributeError, OSError):
        load = "n/a"
    return {
        "cpu": cpu_model(),
        "logical cores": os.cpu_count(),
        "cpu flags": ", ".join(f"{f} {'yes' if f in flags else 'no'}" for f in interesting) if flags else "unknown",
        "torch": f"{torch.__version__} (capability {torch.backends.cpu.get_cpu_capability()})",
        "transformers": tf,
        "python": platform.python_version(),
        "os": platform.platform(),
        "torch threads": threads,
        "load average at start (1/5/15 min)": load,
    }


def native_bf16() -> bool:
    """True when the CPU has bf16 matmul instructions (AMX or AVX512-BF16); otherwise bf16 is emulated."""
    flags = cpu_flags()
    return bool({"amx_bf16", "avx512_bf16"} & flags)


def peak_matmul(dtype_name: str = "float32", n: int = 1024, seconds: float = 1.0) -> float:
    """Best GFLOP/s of an n x n x n matmul over ~`seconds` (the machine's practical peak at these threads)."""
    import torch
    dtype = getattr(torch, dtype_name)
    a, b = torch.randn(n, n, dtype=dtype), torch.randn(n, n, dtype=dtype)
    a @ b
    best, end = 0.0, time.perf_counter() + seconds
    while True:
        t = time.perf_counter()
        a @ b
        dt = time.perf_counter() - t
        best = max(best, 2 * n ** 3 / dt / 1e9)
        if time.perf_counter() > end:
            return best


def interleave(impls: dict, repeats: int) -> dict[str, list[float]]:
    """Run each callable once per round, in rotating order, `repeats` rounds; returns each one's results.

    Rotating the order keeps a slow spell of a shared machine from always landing on the same contender.
    """
    names = list(impls)
    out = {k: [] for k in names}
    for r in range(repeats):
        order = names[r % len(names):] + names[:r % len(names)]
        for k in order:
            out[k].append(impls[k]())
    return out


def ratios(a: list[float], b: list[float]) -> list[float]:
    return [x / y for x, y in zip(a, b) if x and y]


def fmt(x, spec=".2f", missing="n/a") -> str:
    if x is None or (isinstance(x, float) and x != x):
        return missing
    return format(x, spec)


def log(msg: str) -> None:
    print(msg, file=sys.stderr, flush=True)
