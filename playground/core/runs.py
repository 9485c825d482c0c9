"""Run folders: one self-describing folder per training run, written atomically, read without unpickling.

    <runs dir>/<run name>/
        config.json              format version, every hyperparameter, corpus identity, tokenizer choice
        tokenizer.json           the vocabulary the weights were trained with
        model.safetensors        weights (metadata: iter)
        train_state.safetensors  optimizer moments and RNG states, for an exact resume (metadata: iter, json)
        metrics.jsonl            one JSON event per line, appended live
        corpus.txt               only for pasted text, which has no file to reload on resume

Every file is written to a temporary name, flushed, fsynced and renamed over the old one, so a crash leaves
the previous version intact. The training state is the one file two saves must agree with; see `_save_state`.
"""

from __future__ import annotations

import json
import os
import re
import shutil
import sys
import time
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Callable, Iterator

from playground.core.atomic import atomic_write, cannot_write, json_bytes
from playground.core.config import RunConfig
from playground.core.errors import ConfigError, PlaygroundError, RunError, os_reason

FORMAT_VERSION = 1
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
        self._swept = False

    def _sweep_temporaries(self) -> None:
        """Delete half-written files that a killed process left behind (`atomic_write`'s .NAME.*.tmp)."""
        self._swept = True
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
    def create(cls, runs_dir, config: RunConfig, corpus, tokenizer) -> "Run":
        runs_dir = Path(runs_dir)
        try:
            runs_dir.mkdir(parents=True, exist_ok=True)
        except OSError as e:
            raise RunError("Cannot create the runs folder {path}: {reason}.", path=str(runs_dir),
                           reason=os_reason(e)) from None
        stamp = time.strftime("%Y%m%d-%H%M%S")
        base = f"{stamp}-{_slug(corpus.name)}" + (f"-{config.preset}" if config.preset else "")
        for i in range(1000):
            path = runs_dir / (base if i == 0 else f"{base}-{i + 1}")
            try:
                path.mkdir()
                break
            except FileExistsError:
                continue
            except OSError as e:
                raise RunError("Cannot create a run folder in {path}: {reason}.", path=str(runs_dir),
                               reason=os_reason(e)) from None
        else:
            raise RunError("Could not find a free run folder name in {path}.", path=str(runs_dir))
        corpus_info = {
            "source": corpus.source, "name": corpus.name, "sha256": corpus.sha256,
            "encoding": corpus.encoding, "n_chars": corpus.n_chars, "n_distinct": corpus.n_distinct,
            "documents": len(corpus.documents),
        }
        run = cls(path, config, corpus_info, tokenizer)
        try:
            if corpus.source == "pasted":
                atomic_write(path / "corpus.txt", "\x00".join(corpus.documents).encode("utf-8"))
            run.write_config()
            atomic_write(path / "tokenizer.json", json_bytes(tokenizer.to_dict()))
        except RunError:
            shutil.rmtree(path, ignore_errors=True)  # the folder was made just now: no run to keep, only debris
            raise
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
        if path.is_file() and (path.suffix.lower() in _PICKLE_SUFFIXES or _looks_pickled(_head(path))):
            raise _pickle_refusal(path)
        if path.is_file() and path.name in ("config.json", "model.safetensors"):
            path = path.parent
        if not path.is_dir():
            raise RunError("No run folder at {path}.", path=str(path))
        doc = _read_json(path / "config.json")
        version = doc.get("format_version")
        if not isinstance(version, int) or version > FORMAT_VERSION or version < 1:
            raise RunError("{path}: unknown run format version {version} (this version of Transformer Playground "
                           "reads version {supported}). Is it from a newer release?", path=str(path / "config.json"),
                           version=repr(version), supported=FORMAT_VERSION)
        try:
            config = RunConfig.from_dict({k: doc.get(k, {}) for k in ("model", "train", "data")} |
                                         {"preset": doc.get("preset", "")})
            config.validate()
        except ConfigError as e:
            raise RunError("{path}: {reason}", path=str(path / "config.json"), reason=e) from None
        try:
            tokenizer = tokenizer_from_dict(_read_json(path / "tokenizer.json"))
        except RunError:
            raise
        except PlaygroundError as e:
            raise RunError("{path}: {reason}", path=str(path / "tokenizer.json"), reason=e) from None
        if tokenizer.vocab_size != config.model.vocab_size:
            raise RunError("{path} has {tokens} tokens but the model in {run} expects {expected}: the files do not "
                           "belong together.", path=str(path / "tokenizer.json"), tokens=tokenizer.vocab_size,
                           run=path.name, expected=config.model.vocab_size)
        corpus_info = doc.get("corpus") if isinstance(doc.get("corpus"), dict) else {}
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

    # --- weights and training state ---

    @property
    def has_weights(self) -> bool:
        return (self.dir / "model.safetensors").exists()

    def save_checkpoint(self, model, optimizer, state: dict[str, Any], rng: dict[str, Any]) -> None:
        """Save weights, optimizer and RNG state for iteration `state["iter"]`.

        Order matters for crash safety: the training state is saved first (keeping the one that matches
        the weights on disk as train_state.prev), then the weights. Whatever moment a crash hits, some
        train_state file matches the iteration of model.safetensors, and `load_train_state` picks it.
        """
        from safetensors.torch import save_file

        if not self._swept:
            self._sweep_temporaries()
        it = str(state["iter"])
        tensors, groups = _flatten_optimizer(optimizer)
        tensors.update({f"rng.{k}": v for k, v in rng.items()})
        meta = {"iter": it, "format_version": str(FORMAT_VERSION),
                "state": json.dumps(state), "param_groups": json.dumps(groups)}
        current, prev = self.dir / "train_state.safetensors", self.dir / "train_state.prev.safetensors"
        # Only a train_state that matches the weights on disk may become .prev. After a crash between the
        # two writes, train_state.safetensors is newer than the weights and .prev is the one that matches
        # them: rotating then would throw away the only resumable state if this save crashed too.
        if current.exists() and _file_iter(current) == _file_iter(self.dir / "model.safetensors"):
            os.replace(current, prev)
        atomic_write(current, lambda tmp: save_file(tensors, tmp, metadata=meta))
        weights = {k: v.detach().contiguous() for k, v in _model_state(model).items()}
        atomic_write(self.dir / "model.safetensors", lambda tmp: save_file(weights, tmp, metadata={"iter": it}))

    def load_weights(self, device="cpu") -> tuple[dict, int]:
        """The model's state dict and the iteration it was saved at."""
        from safetensors import SafetensorError
        from safetensors.torch import load

        path = self.dir / "model.safetensors"
        data = _read_bytes(path)
        if _looks_pickled(data[:16]):
            raise _pickle_refusal(path)
        try:
            meta = _safetensors_metadata(data)
            weights = load(data)
        except (SafetensorError, ValueError, json.JSONDecodeError) as e:
            raise RunError("{path} is damaged or not a safetensors file ({reason}).", path=str(path),
                           reason=str(e)) from None
        weights = {k: v.to(device) for k, v in weights.items()}
        return weights, int(meta.get("iter", -1))

    def saved_iter(self) -> int:
        """The iteration model.safetensors was saved at, read from its header alone."""
        it = _file_iter(self.dir / "model.safetensors")
        if it is not None and it.isdigit():
            return int(it)
        return self.load_weights()[1]  # a damaged header: the full read says precisely what is wrong

    def load_model(self, device="cpu"):
        """The GPT with this run's weights, in eval mode."""
        from playground.core.model import GPT

        weights, _ = self.load_weights(device)
        model = GPT(self.config.model).to(device)
        load_state(model, weights, self.dir / "model.safetensors")
        model.eval()
        return model

    def load_train_state(self, weights_iter: int) -> tuple[dict, dict, dict, list]:
        """(state, optimizer tensors, rng tensors, param_groups) saved at `weights_iter`."""
        from safetensors.torch import load

        tried = []
        for name in ("train_state.safetensors", "train_state.prev.safetensors"):
            path = self.dir / name
            if not path.exists():
                continue
            try:
                data = path.read_bytes()
                meta = _safetensors_metadata(data)
                if int(meta.get("iter", -1)) != weights_iter:
                    tried.append(f"{name} is from iteration {meta.get('iter')}")
                    continue
                tensors = load(data)
                state, groups = json.loads(meta["state"]), json.loads(meta["param_groups"])
            except Exception as e:  # any damage: try the previous file, then report
                tried.append(f"{name} is damaged ({type(e).__name__})")
                continue
            optim = {k[6:]: v for k, v in tensors.items() if k.startswith("optim.")}
            rng = {k[4:]: v for k, v in tensors.items() if k.startswith("rng.")}
            return state, optim, rng, groups
        detail = "; ".join(tried) or "no train_state.safetensors"
        raise RunError("{path}: cannot resume exactly, the training state does not match the weights (iteration "
                       "{iter}): {reason}.", path=str(self.dir), iter=weights_iter, reason=detail)

    # --- metrics ---

    @property
    def metrics_path(self) -> Path:
        return self.dir / "metrics.jsonl"

    def metrics(self) -> list[dict]:
        return list(iter_metrics(self.metrics_path))

    def truncate_metrics(self, steps_done: int) -> None:
        """Drop what was logged after the checkpoint taken after `steps_done` steps (work lost by a crash or
        a stop), so the resumed run's log reads as if it had never stopped."""
        def keep(m):
            it = m.get("iter", 0)
            if not isinstance(it, int):
                return False  # a line garbled by hand or by another program: not this run's record
            if m.get("type") == "step":
                return it < steps_done
            return m.get("type") not in ("done", "failed", "start", "paused", "resumed") and it <= steps_done
        kept = [m for m in self.metrics() if keep(m)]
        atomic_write(self.metrics_path,
                     b"".join(json_bytes(m) + b"\n" for m in kept))

    def summary(self) -> dict[str, Any]:
        """Final losses and progress, from metrics.jsonl."""
        out: dict[str, Any] = {"iter": None, "train_loss": None, "val_loss": None, "status": "not started"}

        def number(v, kind=(int, float)):  # a line garbled by hand or by another program is passed over
            return v if isinstance(v, kind) and not isinstance(v, bool) else None

        for m in self.metrics():
            t = m.get("type")
            if t == "step" and number(m.get("iter"), int) is not None:
                out["iter"], out["status"] = m["iter"], "incomplete"
            elif t == "eval" and None not in (number(m.get("train_loss")), number(m.get("val_loss"))):
                out["train_loss"], out["val_loss"] = m["train_loss"], m["val_loss"]
            elif t == "done":
                out["status"] = "stopped" if m.get("stopped") else "finished"
            elif t == "failed":
                out["status"] = f"failed: {m.get('reason')}"
        return out


class MetricsLog:
    """Appends events to metrics.jsonl, one line each, flushed so another process can follow the run live."""

    def __init__(self, path: Path):
        self.path = path
        try:
            self._f = open(path, "ab")  # bytes: each line is encoded once, by json_bytes
        except OSError as e:
            raise cannot_write(path, e) from None

    def write(self, event: dict) -> None:
        try:
            self._f.write(json_bytes(event) + b"\n")
            self._f.flush()
        except OSError as e:
            raise cannot_write(self.path, e) from None

    def close(self) -> None:
        self._f.close()


def iter_metrics(path: Path) -> Iterator[dict]:
    """Parse metrics.jsonl; a line cut short by a crash (the last one) is skipped, not an error."""
    try:
        with open(path, encoding="utf-8", errors="replace") as f:
            for line in f:
                try:
                    m = json.loads(line)
                except json.JSONDecodeError:
                    continue
                if isinstance(m, dict):
                    yield m
    except FileNotFoundError:
        return


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
            runs.append(Run.open(path))
        except PlaygroundError as e:
            if damaged is not None:
                damaged.append(DamagedRun(path, e))
    return runs


# --- helpers ---

_PICKLE_SUFFIXES = (".pt", ".pth", ".ckpt", ".bin", ".pkl", ".pickle", ".tar")


def _head(path: Path, n: int = 16) -> bytes:
    try:
        with open(path, "rb") as f:
            return f.read(n)
    except OSError:
        return b""


def _looks_pickled(head: bytes) -> bool:
    """Python pickles (protocol 2 and up), torch.save's ZIP archives and its legacy format."""
    return ((len(head) > 1 and head[0] == 0x80 and 2 <= head[1] <= 5) or head.startswith(b"PK\x03\x04")
            or head.startswith(b"\x8a\x0al\xfc\x9cF\xf9\x20j\xa8P\x19"))


def _pickle_refusal(path: Path) -> RunError:
    return RunError(
        "{path} is a pickle-based (PyTorch .pt-style) file. Loading it could run code hidden inside it, so "
        "Transformer Playground never loads such files. Open a run folder whose weights are in "
        "model.safetensors instead.", path=str(path))


def _read_bytes(path: Path) -> bytes:
    try:
        return path.read_bytes()
    except FileNotFoundError:
        raise RunError("{path} is missing.", path=str(path)) from None
    except OSError as e:
        raise RunError("Cannot read {path}: {reason}.", path=str(path), reason=os_reason(e)) from None


def _read_json(path: Path) -> dict:
    data = _read_bytes(path)
    try:
        doc = json.loads(data.decode("utf-8"))
    except (UnicodeDecodeError, json.JSONDecodeError) as e:
        raise RunError("{path} is damaged: not valid JSON ({reason}).", path=str(path), reason=str(e)) from None
    if not isinstance(doc, dict):
        raise RunError("{path} is damaged: expected a JSON object.", path=str(path))
    return doc


def _file_iter(path: Path) -> str | None:
    """The "iter" metadata of a safetensors file, reading only its header; None if missing or damaged."""
    try:
        with open(path, "rb") as f:
            n = int.from_bytes(f.read(8), "little")
            if not 0 < n <= 100 * 1024 * 1024:
                return None
            header = json.loads(f.read(n))
        return str((header.get("__metadata__") or {}).get("iter"))
    except (OSError, ValueError, AttributeError):
        return None


def _safetensors_metadata(data: bytes) -> dict:
    # the header is an 8-byte little-endian length followed by JSON; reading it needs no tensor parsing
    if len(data) < 8:
        raise ValueError("file too short")
    n = int.from_bytes(data[:8], "little")
    if n > len(data) - 8:
        raise ValueError("header longer than the file")
    header = json.loads(data[8:8 + n])
    return header.get("__metadata__") or {}


def _model_state(model) -> dict:
    model = getattr(model, "_orig_mod", model)  # unwrap torch.compile
    sd = model.state_dict()
    sd.pop("transformer.wte.weight", None)  # tied to lm_head.weight; safetensors refuses shared storage
    return sd


def load_state(model, weights: dict, path: Path) -> None:
    weights = dict(weights)
    if "lm_head.weight" in weights:
        weights["transformer.wte.weight"] = weights["lm_head.weight"]
    try:
        model.load_state_dict(weights, strict=True)
    except RuntimeError as e:
        first = str(e).strip().splitlines()[0][:200]
        raise RunError("{path} does not match the model described in config.json: {reason}", path=str(path),
                       reason=first) from None


def _flatten_optimizer(optimizer) -> tuple[dict, list]:
    sd = optimizer.state_dict()
    tensors = {}
    for pid, st in sd["state"].items():
        for key, value in st.items():
            tensors[f"optim.{pid}.{key}"] = value.detach().cpu().contiguous().reshape(value.shape) \
                if hasattr(value, "detach") else value
    groups = [{k: v for k, v in g.items()} for g in sd["param_groups"]]
    return tensors, groups


def optimizer_state_dict(optim_tensors: dict, groups: list) -> dict:
    """Rebuild a torch optimizer state_dict from `_flatten_optimizer`'s output."""
    state: dict[int, dict] = {}
    for key, value in optim_tensors.items():
        pid, name = key.split(".", 1)
        state.setdefault(int(pid), {})[name] = value
    return {"state": state, "param_groups": groups}
