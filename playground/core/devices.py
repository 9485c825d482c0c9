"""Where and in what precision training runs: the device, the autocast dtype, and the memory it has."""

from __future__ import annotations

import functools
import os

import torch

from playground.core.errors import ConfigError


def pick_device(name: str) -> torch.device:
    if name == "auto":
        if torch.cuda.is_available():
            return torch.device("cuda")
        if getattr(torch.backends, "mps", None) is not None and torch.backends.mps.is_available():
            return torch.device("mps")
        return torch.device("cpu")
    if name == "cuda" and not torch.cuda.is_available():
        raise ConfigError("device 'cuda' was asked for, but PyTorch sees no CUDA GPU here.", "device")
    if name == "mps" and not (getattr(torch.backends, "mps", None) and torch.backends.mps.is_available()):
        raise ConfigError("device 'mps' was asked for, but Apple's Metal backend is not available here.", "device")
    return torch.device(name)


@functools.cache
def cpu_has_native_bf16() -> bool:
    """True when the CPU multiplies bfloat16 in hardware (AMX or AVX512-BF16, read from /proc/cpuinfo).

    Elsewhere bf16 matmuls are emulated and slower than fp32 by far (on an AVX2-only CPU about 50x), so
    autocasting to bf16 there would only cost time.
    """
    try:
        with open("/proc/cpuinfo", encoding="utf-8", errors="replace") as f:
            for line in f:
                if line.startswith("flags"):
                    return bool({"amx_bf16", "avx512_bf16"} & set(line.split(":", 1)[1].split()))
    except OSError:
        pass
    return False


def pick_dtype(name: str, device: torch.device) -> torch.dtype:
    """The autocast precision. 'auto' uses bfloat16 on GPUs that support it and on CPUs with native bf16
    matmuls (AMX / AVX512-BF16: about twice the fp32 rate, same final loss), float32 elsewhere."""
    if name == "auto":
        if device.type == "cuda" and torch.cuda.is_bf16_supported():
            return torch.bfloat16
        if device.type == "cpu" and cpu_has_native_bf16():
            return torch.bfloat16
        return torch.float32
    if name == "float16" and device.type != "cuda":
        raise ConfigError("dtype float16 needs a CUDA GPU; use bfloat16 or float32 here.", "dtype")
    return {"float32": torch.float32, "bfloat16": torch.bfloat16, "float16": torch.float16}[name]


def device_memory(device: torch.device) -> tuple[int | None, bool]:
    """All the memory training on `device` could use, in bytes (None if unknown), and whether it is a GPU's."""
    try:
        if device.type == "cuda":
            return torch.cuda.get_device_properties(device).total_memory, True
        return os.sysconf("SC_PAGE_SIZE") * os.sysconf("SC_PHYS_PAGES"), False
    except (AttributeError, ValueError, OSError, RuntimeError):  # no sysconf on Windows
        return None, False
