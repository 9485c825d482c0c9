"""Reading a run's files as safely as a safetensors file: whatever their bytes, one clear RunError.

A run folder travels (shared, downloaded, synced), so every file in it is untrusted. Each one is opened here:
only a regular file is read (a named pipe is opened without blocking and refused, a symlink is followed only
to a regular file, never to /dev/zero), never more than a bound fitting its role, and every way its parser
can fail on bad bytes becomes a RunError that names the file.
"""

from __future__ import annotations

import contextlib
import json
import os
import stat
from pathlib import Path
from typing import BinaryIO, Iterator

from playground.core.errors import RunError, os_reason

MiB = 1024 * 1024
CONFIG_LIMIT = 4 * MiB         # config.json: a few hundred bytes in practice
TOKENIZER_LIMIT = 64 * MiB     # tokenizer.json: a 200,000-token BPE vocabulary with its merges is a few MB
HEADER_LIMIT = 16 * MiB        # a safetensors header: ~100 bytes per tensor, ~1,000 tensors at most here
LINE_LIMIT = 1 * MiB           # one line of metrics.jsonl; a longer one is skipped
METRICS_TAIL = 64 * MiB        # what is read back of metrics.jsonl for curves and progress: its end

# what json and its decoder raise on bad bytes, beyond JSONDecodeError: RecursionError for deep nesting,
# ValueError for an integer past Python's digit limit, UnicodeDecodeError, OverflowError...
PARSE_ERRORS = (ValueError, RecursionError, TypeError, OverflowError, KeyError, IndexError, MemoryError)


def check_regular(path: Path, limit: int | None = None) -> None:
    """What open_regular would refuse, from a look at `path` alone (nothing is opened): for listing runs, where
    one hostile folder must not stall the others. A missing file is fine; a dangling link is not."""
    try:
        info = path.stat()  # follows a link: what would be read
    except FileNotFoundError:
        if os.path.lexists(path):
            raise RunError("{path} is missing.", path=str(path)) from None
        return
    except (OSError, ValueError) as e:
        raise RunError("Cannot read {path}: {reason}.", path=str(path), reason=os_reason(e)) from None
    _check_kind_and_size(path, info, limit)


def _check_kind_and_size(path: Path, info: os.stat_result, limit: int | None) -> None:
    if not stat.S_ISREG(info.st_mode):
        raise RunError("{path} is not a regular file (it is a folder, a pipe, a device or a socket), so it "
                       "is not read.", path=str(path))
    if limit is not None and info.st_size > limit:
        raise RunError("{path} is too large to be what it claims: {size} bytes, where at most {limit} are "
                       "expected.", path=str(path), size=info.st_size, limit=limit)


@contextlib.contextmanager
def open_regular(path: Path, limit: int | None = None) -> Iterator[tuple[BinaryIO, int]]:
    """(file, size) of `path`, opened for reading only if it is a regular file of at most `limit` bytes."""
    path = Path(path)
    try:
        # O_NONBLOCK: opening a FIFO never waits for a writer; on a regular file it changes nothing
        fd = os.open(path, os.O_RDONLY | getattr(os, "O_NONBLOCK", 0) | getattr(os, "O_BINARY", 0)
                     | getattr(os, "O_CLOEXEC", 0) | getattr(os, "O_NOCTTY", 0))
    except FileNotFoundError:
        raise RunError("{path} is missing.", path=str(path)) from None
    except (OSError, ValueError) as e:  # ValueError: a NUL byte in the name
        raise RunError("Cannot read {path}: {reason}.", path=str(path), reason=os_reason(e)) from None
    try:
        info = os.fstat(fd)
        _check_kind_and_size(path, info, limit)
        if hasattr(os, "set_blocking"):
            os.set_blocking(fd, True)
        f = os.fdopen(fd, "rb")
    except BaseException:
        os.close(fd)
        raise
    with f:
        try:
            yield f, info.st_size
        except OSError as e:
            raise RunError("Cannot read {path}: {reason}.", path=str(path), reason=os_reason(e)) from None


def read_file(path: Path, limit: int) -> bytes:
    """The whole of `path`, a regular file of at most `limit` bytes (a file still growing is cut there)."""
    with open_regular(path, limit) as (f, _):
        data = f.read(limit + 1)
    if len(data) > limit:
        raise RunError("{path} is too large to be what it claims: {size} bytes, where at most {limit} are "
                       "expected.", path=str(path), size=len(data), limit=limit)
    return data


def parse_json(data: bytes, path: Path):
    """Any JSON value; every way the bytes can fail to be JSON is a RunError naming `path`."""
    try:
        return json.loads(data.decode("utf-8"))
    except PARSE_ERRORS as e:
        reason = str(e)[:200] or type(e).__name__
        if isinstance(e, RecursionError):
            reason = "nested too deeply"
        raise RunError("{path} is damaged: not valid JSON ({reason}).", path=str(path), reason=reason) from None


def read_json(path: Path, limit: int = CONFIG_LIMIT) -> dict:
    """A JSON object from a regular file of at most `limit` bytes."""
    doc = parse_json(read_file(path, limit), path)
    if not isinstance(doc, dict):
        raise RunError("{path} is damaged: expected a JSON object.", path=str(path))
    return doc


def iter_lines(f: BinaryIO, max_line: int = LINE_LIMIT) -> Iterator[bytes]:
    """The lines of `f`, in bounded memory: a line longer than `max_line` is skipped whole."""
    while True:
        line = f.readline(max_line + 1)
        if not line:
            return
        if len(line) > max_line and not line.endswith(b"\n"):
            while (rest := f.readline(max_line + 1)) and not rest.endswith(b"\n"):
                pass  # the rest of an overlong line: passed over, never held
            continue
        yield line


# --- safetensors headers, read without reading (or trusting) the tensors ---

DTYPE_SIZES = {"BOOL": 1, "U8": 1, "I8": 1, "F8_E5M2": 1, "F8_E4M3": 1, "I16": 2, "U16": 2, "F16": 2, "BF16": 2,
               "I32": 4, "U32": 4, "F32": 4, "I64": 8, "U64": 8, "F64": 8}


def safetensors_header(f: BinaryIO, size: int, path: Path) -> tuple[dict, dict, int]:
    """(tensors, metadata, data start) of an open safetensors file of `size` bytes, checked as the format
    requires: each tensor a known dtype, a shape of non-negative integers and data offsets that tile the data
    exactly, up to the end of the file; metadata text to text."""
    def damaged(reason: str) -> RunError:
        return RunError("{path} is damaged or not a safetensors file ({reason}).", path=str(path), reason=reason)

    head = f.read(8)
    if len(head) < 8:
        raise damaged("file too short")
    n = int.from_bytes(head, "little")
    if n > min(HEADER_LIMIT, size - 8):
        raise damaged("header longer than the file" if n > size - 8 else "header too large")
    raw = f.read(n)
    if len(raw) < n:
        raise damaged("file too short")
    try:
        header = json.loads(raw.decode("utf-8"))
    except PARSE_ERRORS as e:
        raise damaged("header is not valid JSON" if not isinstance(e, RecursionError) else
                      "header nested too deeply") from None
    if not isinstance(header, dict):
        raise damaged("header is not a JSON object")
    meta = header.pop("__metadata__", None) or {}
    if not isinstance(meta, dict) or not all(isinstance(v, str) for v in meta.values()):
        raise damaged("metadata is not text")
    spans, tensors = [], {}
    for name, t in header.items():
        if not (isinstance(t, dict) and set(t) == {"dtype", "shape", "data_offsets"}
                and isinstance(t["dtype"], str) and t["dtype"] in DTYPE_SIZES and _ints(t["shape"]) and _ints(t["data_offsets"])
                and len(t["data_offsets"]) == 2):
            raise damaged(f"tensor {name[:80]!r} is malformed")
        begin, end = t["data_offsets"]
        count = 1
        for d in t["shape"]:
            count *= d
        if end - begin != count * DTYPE_SIZES[t["dtype"]]:
            raise damaged(f"tensor {name[:80]!r} has the wrong number of bytes")
        spans.append((begin, end))
        tensors[name] = (t["dtype"], tuple(t["shape"]))
    at = 0
    for begin, end in sorted(spans):
        if begin != at:
            raise damaged("tensor data overlaps or leaves gaps")
        at = end
    if 8 + n + at != size:
        raise damaged("the tensors do not end where the file does")
    return tensors, meta, 8 + n


def _ints(value) -> bool:
    return isinstance(value, list) and all(isinstance(v, int) and not isinstance(v, bool) and 0 <= v < 2**62
                                           for v in value)
