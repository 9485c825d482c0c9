"""The text files of a corpus folder: found by an explicit depth-first walk, never by recursion.

A folder nested thousands of levels deep (made by a script, or a copy gone wrong) must load like any other,
not end in Python's recursion limit. Entries that cannot be read (permission denied, vanished meanwhile, a
link pointing nowhere, a path too long for the system) are skipped and counted, so one odd subfolder does not
cost the whole corpus; `FolderWalk.note` says how many, once.
"""

from __future__ import annotations

import os
import stat
from dataclasses import dataclass, field
from pathlib import Path

from playground.core.errors import CorpusError, Phrase, os_reason


@dataclass
class FolderWalk:
    files: list[tuple[Path, os.stat_result]] = field(default_factory=list)
    skipped: list[tuple[Path, OSError]] = field(default_factory=list)

    def skip(self, path: Path, error: OSError) -> None:
        self.skipped.append((path, error))

    def note(self, folder: Path) -> CorpusError | None:
        """One sentence on what was skipped, or None. A CorpusError so that the app translates it."""
        if not self.skipped:
            return None
        first, error = self.skipped[0]
        reason = (Phrase("it does not exist: a broken link, or deleted meanwhile")
                  if isinstance(error, FileNotFoundError) else os_reason(error))
        return CorpusError("{count} file(s) or folder(s) in {path} could not be read and were skipped, e.g. {first} "
                           "({reason}).", count=len(self.skipped), path=str(folder), first=str(first),
                           reason=reason)


def is_run_folder(p: Path) -> bool:
    try:  # not Path.is_file(), which raises some errors (a name too long) rather than answer False
        return all(stat.S_ISREG(os.stat(p / name).st_mode) for name in ("config.json", "tokenizer.json"))
    except OSError:
        return False


def walk_text_files(folder: Path, extensions: tuple[str, ...]) -> FolderWalk:
    """The folder's files with one of `extensions`, in sorted depth-first order (a folder's files and subfolders
    by name, each subfolder's content where its name falls), skipping hidden entries, linked folders (like
    os.walk: a link to a parent would loop forever) and run folders (a runs directory kept inside the corpus
    folder would feed the runs' own logs back in as text). The folder itself must be readable: an OSError
    from it is raised, for the caller to word; anything below it that cannot be read is skipped."""
    walk = FolderWalk()
    stack = [iter(_entries(folder))]
    while stack:
        entry = next(stack[-1], None)
        if entry is None:
            stack.pop()
            continue
        if entry.name.startswith("."):
            continue
        p = Path(entry.path)
        try:
            st = p.stat()
        except OSError as e:  # a dangling link, an entry deleted meanwhile, a path too long
            walk.skip(p, e)
            continue
        if stat.S_ISDIR(st.st_mode):
            if entry.is_symlink() or is_run_folder(p):
                continue
            try:
                stack.append(iter(_entries(p)))
            except OSError as e:
                walk.skip(p, e)
        elif stat.S_ISREG(st.st_mode) and p.suffix.lower() in extensions:
            walk.files.append((p, st))
    return walk


def _entries(folder: Path) -> list[os.DirEntry]:
    with os.scandir(folder) as it:
        return sorted(it, key=lambda e: e.name)
