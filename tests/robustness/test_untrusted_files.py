"""A checkpoint "downloaded from a forum" never runs code, whichever way the user opens it.

The hostile file is a real PyTorch `.pt` (torch.save's ZIP with a pickle inside) whose unpickling creates a
marker file. It is thrown at every entry point: `Run.open`, `playground sample|info|train --resume` on the
file itself, on a run folder whose model.safetensors was replaced by it, and on a run folder carrying an
extra optimizer.pt; the app's open-run path is in test_app_robustness.py. The payload must never run and
the user must get a clear refusal.
"""

from __future__ import annotations

import re
import shutil

import pytest
import torch

from playground import cli
from playground.core.checkpoint import load_train_state, load_weights
from playground.core.errors import RunError
from playground.core.runs import Run
from playground.core.trainer import resume_training

from tests.support import ROOT, assert_clean_refusal, evil_bytes


@pytest.fixture
def marker(tmp_path):
    return tmp_path / "PAYLOAD_RAN"


@pytest.fixture
def hostile(tmp_path, marker, trained):
    """name -> a path to open: the bare .pt, and run folders carrying the payload in different places."""
    paths = {}
    paths["bare.pt"] = tmp_path / "gpt2-finetuned.pt"
    paths["bare.pt"].write_bytes(evil_bytes(marker))
    paths["bare.pkl"] = tmp_path / "model.pkl"
    paths["bare.pkl"].write_bytes(evil_bytes(marker, "pickle"))
    paths["renamed.bin"] = tmp_path / "weights.dat"  # no telling suffix: recognised by its first bytes
    paths["renamed.bin"].write_bytes(evil_bytes(marker))
    swapped = shutil.copytree(trained, tmp_path / "swapped-weights")
    (swapped / "model.safetensors").write_bytes(evil_bytes(marker))
    paths["swapped-weights"] = swapped
    swapped_state = shutil.copytree(trained, tmp_path / "swapped-state")
    for name in ("train_state.safetensors", "train_state.prev.safetensors"):
        (swapped_state / name).write_bytes(evil_bytes(marker, "pickle"))
    paths["swapped-state"] = swapped_state
    extra = shutil.copytree(trained, tmp_path / "extra-optimizer")
    (extra / "optimizer.pt").write_bytes(evil_bytes(marker))
    (extra / "ckpt.pt").write_bytes(evil_bytes(marker))
    paths["extra-optimizer"] = extra
    return paths


def test_the_payload_is_live(tmp_path, marker):
    # the hostile file really is hostile: an unsafe loader runs it
    path = tmp_path / "x.pt"
    path.write_bytes(evil_bytes(marker))
    torch.load(path, weights_only=False)
    assert marker.exists()


@pytest.mark.parametrize("name", ["bare.pt", "bare.pkl", "renamed.bin"])
def test_run_open_refuses_pickle_files(hostile, marker, name):
    with pytest.raises(RunError, match="pickle-based.*never loads") as err:
        Run.open(hostile[name])
    assert hostile[name].name in str(err.value)
    assert not marker.exists()


def test_a_run_whose_weights_were_replaced_by_a_pickle(hostile, marker):
    run = Run.open(hostile["swapped-weights"])  # config and tokenizer are fine
    for load in (lambda: load_weights(run.dir), run.load_model):
        with pytest.raises(RunError, match=r"model\.safetensors is a pickle-based"):
            load()
    with pytest.raises(RunError, match="pickle-based"):
        Run.open(hostile["swapped-weights"] / "model.safetensors")
    with pytest.raises(RunError, match="pickle-based"):
        resume_training(hostile["swapped-weights"])
    assert not marker.exists()


def test_a_run_whose_training_state_was_replaced_by_a_pickle(hostile, marker):
    run = Run.open(hostile["swapped-state"])
    run.load_model()  # the weights are fine
    with pytest.raises(RunError, match="train_state.safetensors is damaged"):
        load_train_state(run.dir, load_weights(run.dir)[1])
    assert not marker.exists()


def test_extra_pt_files_in_a_run_folder_are_never_touched(hostile, marker):
    folder = hostile["extra-optimizer"]
    run = Run.open(folder)
    run.load_model()
    events = list(resume_training(folder, max_iters=6).events())
    assert type(events[-1]).__name__ == "Finished"
    assert not marker.exists()


# --- the command line, in-process (same code path as `python -m playground`, without a second torch import) ---

CLI_CASES = [
    # (entry point, hostile path, words the one-line refusal must hold; None = succeeds without the payload)
    ("info", "bare.pt", ["pickle-based", "gpt2-finetuned.pt"]),
    ("sample", "bare.pt", ["pickle-based", "gpt2-finetuned.pt"]),
    ("resume", "bare.pt", ["pickle-based", "gpt2-finetuned.pt"]),
    ("info", "renamed.bin", ["pickle-based"]),
    ("sample", "bare.pkl", ["pickle-based"]),
    ("info", "swapped-weights", None),                       # info reads no weights: shows the run
    ("sample", "swapped-weights", ["model.safetensors", "pickle-based"]),
    ("resume", "swapped-weights", ["model.safetensors", "pickle-based"]),
    ("resume", "swapped-state", ["train_state", "cannot resume"]),
    ("info", "extra-optimizer", None),
    ("sample", "extra-optimizer", None),
]


@pytest.mark.parametrize("command, name, words", CLI_CASES, ids=[f"{c}-{n}" for c, n, _ in CLI_CASES])
def test_cli_entry_points(hostile, marker, capsys, tmp_path, command, name, words):
    target = str(hostile[name])
    argv = {"info": ["info", target], "sample": ["sample", target, "--max-new-tokens", "5", "--seed", "1"],
            "resume": ["train", "--resume", target, "--max-iters", "6"]}[command]
    code = cli.main(argv + ["--runs-dir", str(tmp_path / "runs")])
    out, err = capsys.readouterr()
    assert not marker.exists(), "code from the file ran"
    assert "Traceback" not in err
    if words is None:
        assert code == 0, err
        return
    assert code == 2, (code, err)
    lines = err.strip().splitlines()
    assert len(lines) == 1 and lines[0].startswith("error:"), err
    for w in words:
        assert w in lines[0], (w, lines[0])


def test_cli_subprocess_refuses_a_pickle(hostile, marker, cli):
    # one real `python -m playground` run, for the entry point as a user meets it
    proc = cli("sample", hostile["bare.pt"])
    assert_clean_refusal(proc, "pickle-based", "gpt2-finetuned.pt")
    assert not marker.exists()


def test_no_unsafe_loader_anywhere_in_the_code():
    """No pickle.load(s), no torch.load without weights_only=True, no numpy allow_pickle, no eval/exec of data."""
    bad = []
    for path in (ROOT / "playground").rglob("*.py"):
        text = path.read_text(encoding="utf-8")
        for n, line in enumerate(text.splitlines(), 1):
            code = line.split("#", 1)[0]
            if re.search(r"\bpickle\.loads?\(|\bcPickle\b|\bdill\b|\bjoblib\.load\(|allow_pickle\s*=\s*True"
                         r"|\bshelve\.|\bmarshal\.loads?\(|\byaml\.load\(|(?<![.\w])(eval|exec)\(", code):
                bad.append(f"{path.relative_to(ROOT)}:{n}: {line.strip()}")
            if re.search(r"\btorch\.load\(", code) and "weights_only=True" not in code:
                bad.append(f"{path.relative_to(ROOT)}:{n}: {line.strip()}")
    assert not bad, "unsafe loading:\n" + "\n".join(bad)
