"""The text to train on: a file, a folder, pasted text or a built-in demo, loaded into a `Corpus`.

A corpus is a list of documents (one per file, JSONL record or paste) of normalised text: decoded from
whatever encoding the file uses, with "\n" newlines only. Anything wrong with the input (missing, binary,
undecodable, empty, too big) becomes a `CorpusError` whose message names the file and says what to do.
"""

from __future__ import annotations

import hashlib
import json
import os
import random
import re
import stat
from dataclasses import dataclass
from functools import cached_property
from pathlib import Path

import numpy as np

from playground.core.encodings import decode_bytes, normalise
from playground.core.errors import CorpusError, os_reason
from playground.core.folders import walk_text_files

# While tokenizing, the text is held as the file's bytes, as a Python string (up to 4 bytes a character),
# as a 4-byte-per-character array and as the token array, all at once: 1 GiB of text already needs
# several GiB of memory.
MAX_FILE_BYTES = 1 << 30

TEXT_EXTENSIONS = (".txt", ".md", ".jsonl")

DEMO_CORPORA: dict[str, str] = {
    "python-docs": "Python's reference documentation (the text behind help() topics), about 465,000 characters of "
                   "English prose and code.",
    "arithmetic": "Lines like 12+7=19: sums of numbers up to three digits, so you can watch a model learn to add.",
}

_SURROGATE = re.compile("[\ud800-\udfff]")


@dataclass
class Corpus:
    documents: list[str]
    source: str     # absolute path, "pasted" or "demo:<name>"; load_source() turns it back into a Corpus
    name: str       # short display name
    encoding: str   # detected encoding; "mixed (a, b)" for a folder of several; "" for pasted and demo text
    # for a folder whose unreadable parts were skipped: the sentence that says so (a warning, not raised)
    note: CorpusError | None = None

    @property
    def text(self) -> str:
        return "\n\n".join(self.documents)

    @property
    def n_chars(self) -> int:
        return sum(len(d) for d in self.documents)

    @cached_property
    def n_distinct(self) -> int:
        return len(distinct_chars(self.documents))

    @cached_property
    def sha256(self) -> str:
        # Same digest as "\x00".join(documents), without building the joined copy.
        h = hashlib.sha256()
        for i, doc in enumerate(self.documents):
            if i:
                h.update(b"\x00")
            h.update(doc.encode("utf-8", "surrogatepass"))
        return h.hexdigest()


def distinct_chars(documents: list[str]) -> list[str]:
    """The distinct characters of the documents, sorted by code point."""
    # A numpy mark per code point is about twice as fast as set() over 100 MB of text.
    seen = np.zeros(0x110000, dtype=bool)
    for doc in documents:
        for start in range(0, len(doc), 1 << 24):
            codes = np.frombuffer(doc[start:start + (1 << 24)].encode("utf-32-le", "surrogatepass"), np.uint32)
            seen[codes] = True
    return [chr(c) for c in np.flatnonzero(seen)]


# --- loading files and folders ---

def load_corpus(path: str | os.PathLike) -> Corpus:
    """Load a text file, a JSONL file (one {"text": ...} object a line) or a folder of them."""
    p = Path(path).expanduser().absolute()
    st = _stat(p)
    if stat.S_ISDIR(st.st_mode):
        return _load_folder(p)
    documents, encoding = _read_documents(p, st)
    documents = [d for d in documents if not _blank(d)]
    if not documents:
        raise CorpusError("{path} is empty (or holds only whitespace): there is no text to train on.", path=str(p))
    return Corpus(documents, str(p), p.name, encoding)


def _load_folder(folder: Path) -> Corpus:
    try:
        walk = walk_text_files(folder, TEXT_EXTENSIONS)
    except OSError as e:
        raise _os_error(folder, e) from None
    files = walk.files
    if not files:
        raise CorpusError("The folder {path} has no text files to train on: looked for {extensions} files (in "
                          "subfolders too, skipping hidden ones).", path=str(folder),
                          extensions=", ".join(TEXT_EXTENSIONS))
    total = sum(st.st_size for _, st in files)
    if total > MAX_FILE_BYTES:
        raise CorpusError("The text files in {path} add up to {size}, more than the {limit} limit (the text is "
                          "held in memory several times while it is turned into tokens). Use a part of it.",
                          path=str(folder), size=_size(total), limit=_size(MAX_FILE_BYTES))
    documents, encodings = [], []
    for p, st in files:
        docs, enc = _read_documents(p, st, skip=walk.skip)  # unreadable, or gone since the walk: skipped
        docs = [d for d in docs if not _blank(d)]
        if docs:
            documents += docs
            if enc not in encodings:
                encodings.append(enc)
    if not documents:
        raise CorpusError("The text files in {path} are all empty: there is no text to train on.", path=str(folder))
    encoding = encodings[0] if len(encodings) == 1 else f"mixed ({', '.join(encodings)})"
    return Corpus(documents, str(folder), folder.name, encoding, walk.note(folder))


def _stat(p: Path) -> os.stat_result:
    try:
        return p.stat()
    except OSError as e:
        raise _os_error(p, e) from None


def _os_error(p: Path, e: OSError) -> CorpusError:
    if isinstance(e, FileNotFoundError):
        return CorpusError("No such file or folder: {path}", path=str(p))
    if isinstance(e, PermissionError):
        return CorpusError("Cannot read {path}: permission denied.", path=str(p))
    return CorpusError("Cannot read {path}: {reason}.", path=str(p), reason=os_reason(e))


def _read_documents(p: Path, st: os.stat_result, skip=None) -> tuple[list[str], str]:
    """The file's documents and encoding. A file that cannot be read is an error, or with `skip` (a folder's
    walk) passed to skip(path, error) and read as no documents."""
    try:
        data = _read_bytes(p, st)
    except OSError as e:
        if skip is None:
            raise _os_error(p, e) from None
        skip(p, e)
        return [], ""
    text, encoding = decode_bytes(data, str(p))
    del data
    if p.suffix.lower() == ".jsonl":
        return _parse_jsonl(text, p), encoding
    return [text], encoding


def _read_bytes(p: Path, st: os.stat_result) -> bytes:
    """The file's bytes; a CorpusError if it is no regular file or too big, an OSError if it cannot be read."""
    if not stat.S_ISREG(st.st_mode):
        raise CorpusError("{path} is not a regular file or folder.", path=str(p))
    if st.st_size > MAX_FILE_BYTES:
        raise _too_big(p, st.st_size)
    with open(p, "rb") as f:
        # never more than the limit, even from a file that grows while it is read (a live log)
        data = f.read(MAX_FILE_BYTES + 1)
    if len(data) > MAX_FILE_BYTES:
        raise CorpusError("{path} grew past the {limit} limit while it was read. Use a part of it, or a copy that "
                          "no longer changes.", path=str(p), limit=_size(MAX_FILE_BYTES))
    return data


def _too_big(p: Path, size: int) -> CorpusError:
    return CorpusError("{path} is {size}, more than the {limit} limit (the text is held in memory several times "
                       "while it is turned into tokens). Use a part of it.",
                       path=str(p), size=_size(size), limit=_size(MAX_FILE_BYTES))


def _parse_jsonl(text: str, p: Path) -> list[str]:
    documents = []
    for n, line in enumerate(text.split("\n"), 1):
        if not line.strip():
            continue
        try:
            record = json.loads(line)
        except (ValueError, RecursionError) as e:  # JSONDecodeError is a ValueError
            raise CorpusError('{path}, line {line}: not valid JSON ({reason}). Each line of a .jsonl file must be '
                              'one JSON object like {{"text": "..."}}.', path=str(p), line=n,
                              reason=(f"{e.msg}, column {e.colno}" if isinstance(e, json.JSONDecodeError)
                                      else str(e))) from None
        if not isinstance(record, dict) or not isinstance(record.get("text"), str):
            raise CorpusError('{path}, line {line}: expected a JSON object with a string "text" field, like '
                              '{{"text": "..."}}.', path=str(p), line=n)
        doc = normalise(_SURROGATE.sub("\ufffd", record["text"]))
        if not _blank(doc):
            documents.append(doc)
    return documents


# --- decoding ---

def _blank(text: str) -> bool:
    return not text or text.isspace()   # unlike strip(), copies nothing and stops at the first letter


def _size(n: int) -> str:
    for unit in ("bytes", "KiB", "MiB", "GiB"):
        if n < 1024 or unit == "GiB":
            return f"{n:,} bytes" if unit == "bytes" else f"{n:.1f} {unit}"
        n /= 1024
    raise AssertionError


# --- pasted text, demos, resuming ---

def corpus_from_text(text: str, name: str = "Pasted text") -> Corpus:
    text = normalise(_SURROGATE.sub("\ufffd", text))
    if _blank(text):
        raise CorpusError("The pasted text is empty: there is nothing to train on.")
    return Corpus([text], "pasted", name, "")


def demo_corpus(name: str = "python-docs") -> Corpus:
    if name == "python-docs":
        try:
            from pydoc_data.topics import topics
        except ImportError:
            raise CorpusError(
                "The Python documentation demo is not available: this Python installation lacks the "
                "pydoc_data module (some Linux distributions ship it separately). Try the arithmetic demo "
                "or your own text.") from None
        documents = [normalise(topics[k]) for k in sorted(topics)]
        return Corpus([d for d in documents if not _blank(d)], "demo:python-docs", "Python documentation", "")
    if name == "arithmetic":
        return Corpus([_arithmetic()], "demo:arithmetic", "Arithmetic", "")
    raise CorpusError("Unknown demo corpus {name}; choose one of {choices}.", name=repr(name),
                      choices=", ".join(DEMO_CORPORA))


def _arithmetic(n_lines: int = 30_000, seed: int = 1337) -> str:
    rng = random.Random(seed)

    def number() -> int:
        # Pick the number of digits first, so one- and two-digit sums are as common as three-digit ones.
        digits = rng.randint(1, 3)
        return rng.randrange(10 ** (digits - 1) if digits > 1 else 0, 10 ** digits)

    lines = []
    for _ in range(n_lines):
        a, b = number(), number()
        lines.append(f"{a}+{b}={a + b}")
    return "\n".join(lines) + "\n"


def load_source(source: str) -> Corpus:
    """Reload a corpus from its `source` (to resume a run or train again on the same text)."""
    if source.startswith("demo:"):
        return demo_corpus(source[len("demo:"):])
    if source == "pasted":
        raise CorpusError("This run was trained on pasted text, which is not kept on disk: paste the text again "
                          "or choose a file.")
    return load_corpus(source)
