"""Run folders: one self-describing folder per training run, written atomically, read without unpickling.

    <runs dir>/<run name>/
        config.json              format version, every hyperparameter, corpus identity, tokenizer choice
        tokenizer.json           the vocabulary the weights were trained with
        model.safetensors        weights (metadata: iter); see checkpoint.py
        train_state.safetensors  optimizer moments and RNG states, for an exact resume (metadata: iter, json)
        metrics.jsonl            one JSON event per line, appended live; see metrics.py
        corpus.txt               only for pasted text, which has no file to reload on resume

Every file is written to a temporary name, flushed, fsynced and renamed over the old one, so a crash leaves
the previous version intact. The training state is the one file two saves must agree with; see
`checkpoint.save`.
"""

from __future__ import annotations

import os
import re
import secrets
import shutil
import sys
import time
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Callable

from playground.core import checkpoint
from playground.core.atomic import atomic_write, json_bytes
from playground.core.checkpoint import FORMAT_VERSION
from playground.core.config import RunConfig
from playground.core.errors import ConfigError, PlaygroundError, RunError, os_reason
from playground.core.metrics import iter_metrics, progress
from playground.core.readers import CONFIG_LIMIT, TOKENIZER_LIMIT, check_regular, read_json

APP_DIR_NAME = "transformer-playground"


def default_runs_dir() -> Path:
    """The platform's per-user data directory, e.g. ~/.local/share/transformer-playground/runs on Linux."""
    if env := os.environ.get("PLAYGROUND_RUNS_DIR"):
        return Path(env)
    if sys.platform == "win32":
        base = Path(os.environ.get("LOCALAPPDATA") or Path.home() / "AppData" / "Local")
    elif sys.platform == "darwin":
        base = Path.home() / "Library" / "Application Support"
    else:
        base = Path(os.environ.get("XDG_DATA_HOME") or Path.home() / ".local" / "share")
    return base / APP_DIR_NAME / "runs"


def _slug(text: str) -> str:
    return re.sub(r"[^\w.-]+", "-", text, flags=re.UNICODE).strip("-")[:40] or "run"


class Run:
    """A run folder on disk. Create with `Run.create`, open an existing one with `Run.open`."""

    def __init__(self, path: Path, config: RunConfig, corpus_info: dict[str, Any], tokenizer):
        self.dir = Path(path)
        self.config = config
        self.corpus_info = corpus_info
        self.tokenizer = tokenizer

    def sweep_temporaries(self) -> None:
        """Delete half-written files that a killed process left behind (`atomic_write`'s .NAME.*.tmp)."""
        for tmp in self.dir.glob(".*.tmp"):
            try:
                tmp.unlink()
            except OSError:
                pass

    @property
    def name(self) -> str:
        return self.dir.name

    # --- creating ---

    @classmethod
    def create(cls, runs_dir, config: RunConfig, corpus, tokenizer, split: dict | None = None) -> "Run":
        """`split`, when given, is recorded with the corpus: {"val_tokens", "val_chars"} of the validation text,
        from which a comparison turns losses into bits per character."""
        runs_dir = Path(runs_dir)
        try:
            runs_dir.mkdir(parents=True, exist_ok=True)
        except OSError as e:
            raise RunError("Cannot create the runs folder {path}: {reason}.", path=str(runs_dir),
                           reason=os_reason(e)) from None
        _sweep_abandoned(runs_dir)
        stamp = time.strftime("%Y%m%d-%H%M%S")
        base = f"{stamp}-{_slug(corpus.name)}" + (f"-{config.preset}" if config.preset else "")
        # made under a hidden name and renamed once config.json and tokenizer.json are in it: a process killed
        # meanwhile leaves no half-made run in the list, only a hidden folder that nothing reads
        tmp = runs_dir / f".{base}.{secrets.token_hex(4)}.creating"
        try:
            tmp.mkdir()
        except OSError as e:
            raise RunError("Cannot create a run folder in {path}: {reason}.", path=str(runs_dir),
                           reason=os_reason(e)) from None
        corpus_info = {
            "source": corpus.source, "name": corpus.name, "sha256": corpus.sha256,
            "encoding": corpus.encoding, "n_chars": corpus.n_chars, "n_distinct": corpus.n_distinct,
            "documents": len(corpus.documents), **(split or {}),
        }
        run = cls(tmp, config, corpus_info, tokenizer)
        try:
            if corpus.source == "pasted":
                atomic_write(tmp / "corpus.txt", "\x00".join(corpus.documents).encode("utf-8"))
            run.write_config()
            atomic_write(tmp / "tokenizer.json", json_bytes(tokenizer.to_dict()))
            for i in range(1000):
                path = runs_dir / (base if i == 0 else f"{base}-{i + 1}")
                if path.exists():
                    continue
                try:
                    os.rename(tmp, path)
                    break
                except OSError as e:
                    if path.exists():  # taken meanwhile by another process
                        continue
                    raise RunError("Cannot create a run folder in {path}: {reason}.", path=str(runs_dir),
                                   reason=os_reason(e)) from None
            else:
                raise RunError("Could not find a free run folder name in {path}.", path=str(runs_dir))
        except RunError:
            shutil.rmtree(tmp, ignore_errors=True)  # the folder was made just now: no run to keep, only debris
            raise
        run.dir = path
        return run

    def write_config(self) -> None:
        doc = {
            "format_version": FORMAT_VERSION,
            "app": "transformer-playground",
            "corpus": self.corpus_info,
            **self.config.to_dict(),
        }
        atomic_write(self.dir / "config.json", json_bytes(doc, indent=2))

    # --- opening ---

    @classmethod
    def open(cls, path) -> "Run":
        from playground.core.tokenizer import tokenizer_from_dict

        path = Path(path)
        if path.is_file() and checkpoint.is_pickle_file(path):
            raise checkpoint.pickle_refusal(path)
        if path.is_file() and path.name in ("config.json", "model.safetensors"):
            path = path.parent
        if not path.is_dir():
            raise RunError("No run folder at {path}.", path=str(path))
        for name in RUN_FILES + (checkpoint.PREV_STATE, "corpus.txt"):
            check_regular(path / name)  # a pipe or /dev/zero in a run folder: refused here, never read
        doc = read_json(path / "config.json", CONFIG_LIMIT)
        version = doc.get("format_version")
        if type(version) is not int or version > FORMAT_VERSION or version < 1:
            raise RunError("{path}: unknown run format version {version} (this version of Transformer Playground "
                           "reads version {supported}). Is it from a newer release?", path=str(path / "config.json"),
                           version=repr(version)[:40], supported=FORMAT_VERSION)
        try:
            config = RunConfig.from_dict({k: doc.get(k, {}) for k in ("model", "train", "data")} |
                                         {"preset": doc.get("preset", "")})
            config.validate()
        except ConfigError as e:
            raise RunError("{path}: {reason}", path=str(path / "config.json"), reason=e) from None
        # hand-edited or garbled descriptions are left out, never passed on with the wrong type
        corpus = doc.get("corpus") if isinstance(doc.get("corpus"), dict) else {}
        corpus_info = {k: v for k, v in corpus.items() if type(v) is CORPUS_FIELDS.get(k, type(v))}
        try:
            tokenizer = tokenizer_from_dict(read_json(path / "tokenizer.json", TOKENIZER_LIMIT))
        except RunError:
            raise
        except PlaygroundError as e:
            raise RunError("{path}: {reason}", path=str(path / "tokenizer.json"), reason=e) from None
        if tokenizer.vocab_size != config.model.vocab_size:
            raise RunError("{path} has {tokens} tokens but the model in {run} expects {expected}: the files do not "
                           "belong together.", path=str(path / "tokenizer.json"), tokens=tokenizer.vocab_size,
                           run=path.name, expected=config.model.vocab_size)
        return cls(path, config, corpus_info, tokenizer)

    # --- one trainer at a time ---

    def lock_training(self) -> Callable[[], None]:
        """Mark this run as being trained, and return the function that ends that. A second trainer (another
        window, a CLI) is refused instead of both writing the checkpoints and the log. The operating system
        drops the mark of a process that dies."""
        f = open(self.dir / ".training.lock", "a+b")
        try:
            if os.name == "nt":
                import msvcrt
                msvcrt.locking(f.fileno(), msvcrt.LK_NBLCK, 1)
            else:
                import fcntl
                fcntl.flock(f.fileno(), fcntl.LOCK_EX | fcntl.LOCK_NB)
        except OSError:
            f.close()
            raise RunError("{path} is being trained by another process right now. Wait for it to finish or stop "
                           "it first.", path=str(self.dir)) from None
        return f.close  # closing the file releases the lock

    # --- weights and log, for the app and the CLI (checkpoint.py and metrics.py do the work) ---

    def corpus(self):
        """The text this run trains on, as it was: pasted text from corpus.txt, else reloaded from its source
        (RunError when it has changed since, as the same run cannot go on on other data)."""
        from playground.core.corpus import Corpus, load_source

        source = self.corpus_info.get("source", "")
        if source == "pasted":
            try:
                text = (self.dir / "corpus.txt").read_text(encoding="utf-8")
            except OSError:
                raise RunError("{path} is missing: the pasted text cannot be recovered.",
                               path=str(self.dir / "corpus.txt")) from None
            corpus = Corpus(text.split("\x00"), "pasted", self.corpus_info.get("name", "Pasted text"), "")
        else:
            corpus = load_source(source)
        if corpus.sha256 != self.corpus_info.get("sha256"):
            raise RunError("The corpus {source} has changed since this run started, so training cannot continue on "
                           "the same data. Start a new run on the new text instead.", source=source)
        return corpus

    @property
    def has_weights(self) -> bool:
        return (self.dir / checkpoint.WEIGHTS).exists()

    def saved_iter(self) -> int:
        """The iteration model.safetensors was saved at, read from its header alone."""
        return checkpoint.saved_iter(self.dir)

    def load_model(self, device="cpu"):
        """The GPT with this run's weights, in eval mode."""
        return checkpoint.load_model(self.dir, self.config.model, device)

    @property
    def metrics_path(self) -> Path:
        return self.dir / "metrics.jsonl"

    def metrics(self) -> list[dict]:
        return list(iter_metrics(self.metrics_path))

    @property
    def has_checkpoint(self) -> bool:
        """model.safetensors is there and its header names the iteration it was saved at: something to sample
        and resume. A run killed before its first save has none."""
        it = checkpoint.file_iter(self.dir / checkpoint.WEIGHTS)
        return it is not None and it.isdigit()

    def summary(self) -> dict[str, Any]:
        """Final losses and progress, from metrics.jsonl; status "no checkpoint" for a run with nothing saved
        yet (killed, or still training, before its first save), unless the log says it failed."""
        out = progress(self.metrics_path)
        if not str(out["status"]).startswith("failed") and not self.has_checkpoint:
            out["status"] = "no checkpoint"
        return out


# any of these in a folder of the runs directory makes it a run, whole or damaged
RUN_FILES = ("config.json", "tokenizer.json", "model.safetensors", "train_state.safetensors", "metrics.jsonl")


@dataclass(frozen=True)
class DamagedRun:
    """A folder of the runs directory that looks like a run but does not open, and why."""
    dir: Path
    error: PlaygroundError

    @property
    def name(self) -> str:
        return self.dir.name


def list_runs(runs_dir, damaged: list[DamagedRun] | None = None) -> list[Run]:
    """Runs under `runs_dir` that open cleanly, newest first. Folders that look like runs but do not open are
    left out, or added to `damaged` when it is given (so that a list can show them rather than lose them)."""
    runs = []
    try:
        folders = sorted((p for p in Path(runs_dir).iterdir() if p.is_dir() and not p.name.startswith(".")),
                         reverse=True)
    except OSError:
        return runs
    for path in folders:
        if not any((path / name).exists() for name in RUN_FILES):
            continue
        try:
            _check_run_files(path)
            runs.append(Run.open(path))
        except PlaygroundError as e:
            if damaged is not None:
                damaged.append(DamagedRun(path, e))
    return runs


ABANDONED_AFTER_S = 3600


def _sweep_abandoned(runs_dir: Path) -> None:
    """Delete the hidden folders of run creations that were killed (see Run.create). Making one takes
    seconds, so one an hour old belongs to no living process."""
    cutoff = time.time() - ABANDONED_AFTER_S
    for path in runs_dir.glob(".*.creating"):
        try:
            if not path.is_symlink() and path.is_dir() and path.stat().st_mtime < cutoff:
                shutil.rmtree(path, ignore_errors=True)
        except OSError:
            pass


_JSON_LIMITS = {"config.json": CONFIG_LIMIT, "tokenizer.json": TOKENIZER_LIMIT}


def _check_run_files(folder: Path) -> None:
    """Refuse a folder whose run files could hang a reader or fill memory (a named pipe as config.json, a link
    to /dev/zero, a giant file) before any of them is opened, so one hostile folder among the runs cannot
    stall the list of the others. Only looks: opening and checking contents is Run.open's work."""
    for name in RUN_FILES:
        check_regular(folder / name, _JSON_LIMITS.get(name))


# --- reading ---

# what config.json's "corpus" says of the text a run was trained on and the engine uses (to reload and to
# recognise it), with the type each must have; the rest is only shown, as it is
CORPUS_FIELDS = {"source": str, "name": str, "sha256": str}
