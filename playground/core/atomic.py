"""Files that are either wholly old or wholly new: write to a temporary name, fsync, rename over.

A crash (or a full disk) at any moment leaves the previous version intact; every run file and every export
goes through `atomic_write`; readers.py reads them back.
"""

from __future__ import annotations

import json
import os
import secrets
from pathlib import Path
from typing import Callable

from playground.core.errors import RunError, os_reason


def atomic_write(path: Path, data: bytes | Callable[[str], None]) -> None:
    """Write to `path` so that readers see either the old file or the new one, never a mix.

    `data` is the content, or a function that writes the file at the path it is given: safetensors'
    `save_file` streams tensors to disk, where building the file in memory first costs a copy of it (a
    quarter of a second for the 140 MB of the `article` preset's checkpoint, time a Stop waits for).
    """
    from safetensors import SafetensorError

    path = Path(path)
    try:
        _write_replacing(path, data)
    except (OSError, SafetensorError) as e:  # a full disk above all: say so, never a traceback
        raise cannot_write(path, e) from None


def _write_replacing(path: Path, data: bytes | Callable[[str], None]) -> None:
    # not mkstemp: its files are private (0600), and a run folder's files should be as readable as any other
    # the user makes (the umask decides), e.g. for a teacher who copies runs to share them
    for _ in range(100):
        tmp = str(path.parent / f".{path.name}.{secrets.token_hex(4)}.tmp")
        try:
            fd = os.open(tmp, os.O_WRONLY | os.O_CREAT | os.O_EXCL | getattr(os, "O_BINARY", 0), 0o666)
            mode = os.fstat(fd).st_mode & 0o777  # 0o666 less the umask
            break
        except FileExistsError:
            continue
    else:
        raise FileExistsError(f"no free temporary name beside {path}")
    try:
        if callable(data):
            os.close(fd)
            data(tmp)
            # a writer may have made the file anew with its own permissions (safetensors' save_file: 0600)
            os.chmod(tmp, mode)
            fd = os.open(tmp, os.O_RDONLY)
            try:
                os.fsync(fd)
            finally:
                os.close(fd)
        else:
            with os.fdopen(fd, "wb") as f:
                f.write(data)
                f.flush()
                os.fsync(f.fileno())
        os.replace(tmp, path)
    except BaseException:
        try:
            os.unlink(tmp)
        except OSError:
            pass
        raise
    _fsync_dir(path.parent)


def _fsync_dir(path: Path) -> None:
    # makes the rename itself durable; not possible on Windows, where rename durability is the OS's business
    if os.name == "posix":
        fd = os.open(path, os.O_RDONLY)
        try:
            os.fsync(fd)
        finally:
            os.close(fd)


def cannot_write(path, error: Exception) -> RunError:
    return RunError("Cannot write {path}: {reason}.", path=str(path), reason=os_reason(error))


def json_bytes(obj, indent=None) -> bytes:
    """UTF-8 JSON, readable (non-ASCII kept as is) unless a text holds what UTF-8 cannot encode: a file name
    that was not valid UTF-8 on disk reaches Python as lone surrogates, which JSON's \\u escapes carry intact."""
    try:
        return json.dumps(obj, indent=indent, ensure_ascii=False).encode("utf-8")
    except UnicodeEncodeError:
        return json.dumps(obj, indent=indent).encode("ascii")
