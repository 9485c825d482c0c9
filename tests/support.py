"""Helpers that tests call: tiny configs that train in a second on a CPU, the command line in a subprocess,
hostile pickle files. Not a test module and not a conftest: fixtures live in the conftest.py files."""

from __future__ import annotations

import io
import os
import pickle
import subprocess
import sys
from pathlib import Path

from playground.core.config import RunConfig
from playground.core.corpus import corpus_from_text

ROOT = Path(__file__).resolve().parents[1]

TEXT = "".join(f"the cat sat on the mat {i % 7}. a dog ran to the log {i % 5}.\n" for i in range(300))


# --- the engine ---

def tiny_config(**train) -> RunConfig:
    cfg = RunConfig.from_dict({
        "model": dict(block_size=16, n_layer=1, n_head=2, n_embd=32),
        "train": dict(batch_size=8, max_iters=40, learning_rate=3e-3, min_lr=3e-4, warmup_iters=5,
                      eval_interval=20, eval_iters=4, sample_tokens=20, device="cpu", threads=1) | train,
    })
    cfg.validate()
    return cfg


def tiny_corpus(text: str = TEXT):
    return corpus_from_text(text, "test text")


# --- the command line ---

TINY = ["--block-size", "16", "--n-layer", "1", "--n-head", "2", "--n-embd", "32", "--batch-size", "8",
        "--eval-interval", "20", "--eval-iters", "4", "--sample-tokens", "0", "--device", "cpu"]


def playground(*args, cwd=None):
    env = os.environ | {"PYTHONPATH": str(ROOT)}
    return subprocess.run([sys.executable, "-m", "playground", *map(str, args)], capture_output=True,
                          text=True, timeout=120, env=env, cwd=cwd)


def cli_env(tmp_path: Path | None = None, **extra) -> dict:
    env = dict(os.environ, OMP_NUM_THREADS="1", PYTHONPATH=str(ROOT), PYTHONUNBUFFERED="1")
    if tmp_path is not None:
        env["PLAYGROUND_RUNS_DIR"] = str(tmp_path / "default-runs")
        env["XDG_DATA_HOME"] = str(tmp_path / "xdg")
    env.update(extra)
    return env


def run_cli(*args, tmp_path: Path | None = None, timeout: float = 60, **kw) -> subprocess.CompletedProcess:
    """`python -m playground ARGS` in a fresh process; returns the CompletedProcess (text mode)."""
    return subprocess.run([sys.executable, "-m", "playground", *map(str, args)], cwd=ROOT,
                          env=cli_env(tmp_path), capture_output=True, text=True, timeout=timeout, **kw)


def assert_clean_refusal(proc: subprocess.CompletedProcess, *words: str) -> str:
    """Exit status 2, exactly one line on stderr, no traceback; the line holds every word (case-insensitive)."""
    err = proc.stderr.strip()
    assert proc.returncode == 2, (proc.returncode, proc.stderr)
    assert "Traceback" not in proc.stderr, proc.stderr
    assert len(err.splitlines()) == 1, err
    for w in words:
        assert w.lower() in err.lower(), (w, err)
    return err


# --- hostile files ---

class Payload:
    """Unpickling this calls open(marker, "w"): harmless, but proof that code from the file ran."""

    def __init__(self, marker: Path):
        self.marker = str(marker)

    def __reduce__(self):
        return (open, (self.marker, "w"))


def evil_bytes(marker: Path, kind: str = "zip") -> bytes:
    """A pickle ("pickle") or a real PyTorch .pt (torch.save's ZIP, "zip") whose loading creates `marker`."""
    if kind == "pickle":
        return pickle.dumps({"model": Payload(marker)})
    import torch  # only the hostile-file tests need it

    buf = io.BytesIO()
    torch.save({"model": Payload(marker), "iter_num": 5000}, buf)
    return buf.getvalue()


# --- hostile run folders (tests/robustness/test_hostile_*.py) ---

RUN_FILE_NAMES = ("config.json", "tokenizer.json", "model.safetensors", "train_state.safetensors",
                  "train_state.prev.safetensors", "metrics.jsonl")

# JSON texts that json.dumps cannot write: spliced in where a mutation put their marker
RAW_JSON = {
    "@deep-list": "[" * 100_000 + "]" * 100_000,
    "@deep-object": '{"a":' * 50_000 + "1" + "}" * 50_000,
    "@huge-int": "9" * 5000,
    "@huge-float": "1e999",
    "@nan": "NaN",
    "@long-text": '"' + "x" * 200_000 + '"',
}


def hostile_values():
    """Values of every JSON type and then some: wrong types, edge numbers, markers of RAW_JSON texts."""
    from hypothesis import strategies as st

    scalars = st.one_of(st.none(), st.booleans(), st.integers(), st.integers(min_value=-2**80, max_value=2**80),
                        st.floats(), st.text(max_size=20), st.sampled_from(sorted(RAW_JSON)),
                        st.sampled_from(["bpe", "char", "", "4", "1e3", "true", "cpu", "float16"]),
                        st.sampled_from([0, -1, 1, 2**31, 2**63, 10_000_001, 8192, 1_000_000]))
    return st.recursive(scalars, lambda inner: st.one_of(st.lists(inner, max_size=4),
                                                        st.dictionaries(st.text(max_size=8), inner, max_size=4)),
                        max_leaves=8)


def mutate_json(data, draw) -> object:
    """`data` with one node replaced, deleted, or given an extra key; `draw` is hypothesis' data.draw."""
    from hypothesis import strategies as st

    if not isinstance(data, (dict, list)) or not data or draw(st.integers(0, 3)) == 0:
        return draw(hostile_values())
    if isinstance(data, dict):
        key = draw(st.sampled_from(sorted(data)))
        action = draw(st.sampled_from(["descend", "delete", "extra"]))
        out = dict(data)
        if action == "delete":
            del out[key]
        elif action == "extra":
            out[draw(st.text(max_size=8))] = draw(hostile_values())
        else:
            out[key] = mutate_json(data[key], draw)
        return out
    i = draw(st.integers(0, len(data) - 1))
    return data[:i] + [mutate_json(data[i], draw)] + data[i + 1:]


def json_text(doc) -> bytes:
    import json
    text = json.dumps(doc)
    for marker, raw in RAW_JSON.items():
        text = text.replace(json.dumps(marker), raw)
    return text.encode("utf-8")


def safetensors_parts(data: bytes) -> tuple[dict, bytes]:
    import json
    n = int.from_bytes(data[:8], "little")
    return json.loads(data[8:8 + n]), data[8 + n:]


def snapshot(folder: Path) -> dict:
    """Every entry of a run folder: bytes and mtime of files, kind and target of anything else (never read)."""
    import stat as st_
    out = {}
    for p in sorted(folder.iterdir()):
        if p.name == ".training.lock":  # the lock a refused resume may take and release
            continue
        info = os.lstat(p)
        if st_.S_ISREG(info.st_mode) and info.st_size > 64 * 1024 ** 2:  # e.g. sparse: its size and its start
            with open(p, "rb") as f:
                out[p.name] = (info.st_size, f.read(1024 ** 2), info.st_mtime_ns)
        elif st_.S_ISREG(info.st_mode):
            out[p.name] = (p.read_bytes(), info.st_mtime_ns)
        else:
            out[p.name] = (info.st_mode, os.readlink(p) if st_.S_ISLNK(info.st_mode) else None)
    return out


def assert_one_sentence(error: Exception) -> str:
    from playground.core.errors import PlaygroundError
    assert isinstance(error, PlaygroundError), repr(error)
    text = str(error)
    assert text.strip() and "Unexpected error" not in text and "Traceback" not in text, text
    return text


def core_entry_points(run_dir: Path) -> dict[str, str]:
    """Run.open, summary, load_model and a resume of one more step through the core: each must succeed or
    raise one PlaygroundError; the folder is unchanged unless a resume got as far as training."""
    from playground.core import events as ev
    from playground.core.controls import Controls
    from playground.core.errors import PlaygroundError
    from playground.core.runs import Run
    from playground.core.trainer import resume_training

    before = snapshot(run_dir)
    out = {}
    for name, call in (("open", lambda: Run.open(run_dir)), ("summary", lambda: Run.open(run_dir).summary()),
                       ("load", lambda: Run.open(run_dir).load_model())):
        try:
            call()
            out[name] = "ok"
        except Exception as e:  # noqa: BLE001 - anything but a PlaygroundError fails the test here
            out[name] = assert_one_sentence(e)
    assert snapshot(run_dir) == before, "reading a run changed it"
    controls = Controls()
    try:
        try:
            extra = Run.open(run_dir).saved_iter() + 2
        except PlaygroundError:
            extra = None
        started = False
        for event in resume_training(run_dir, controls, extra).events():
            if isinstance(event, ev.Started):
                started = True
            elif isinstance(event, ev.Step):
                controls.stop()  # one step is the test; the rest of the run would only cost time
            elif isinstance(event, ev.Failed):
                assert "Unexpected error" not in event.reason, event.reason
                assert started or snapshot(run_dir) == before, "a refused resume changed the run"
                out["resume"] = event.reason
                return out
        out["resume"] = "ok"
    except Exception as e:  # noqa: BLE001
        out["resume"] = assert_one_sentence(e)
        assert snapshot(run_dir) == before, "a refused resume changed the run"
    return out
