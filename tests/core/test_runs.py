import json
import os
import pickle
from pathlib import Path

import pytest

from playground.core.errors import RunError
from playground.core.atomic import atomic_write
from playground.core.checkpoint import load_train_state, load_weights
from playground.core.runs import Run
from playground.core.trainer import start_training

from tests.support import tiny_config, tiny_corpus


@pytest.fixture(scope="module")
def trained(tmp_path_factory):
    trainer = start_training(tiny_corpus(), tiny_config(max_iters=20), tmp_path_factory.mktemp("runs"))
    list(trainer.events())
    return trainer.run.dir


def copy_run(src, dst):
    import shutil
    return shutil.copytree(src, dst)


def test_atomic_write_replaces_whole_files(tmp_path):
    path = tmp_path / "f.json"
    atomic_write(path, b"old")
    atomic_write(path, b"new")
    assert path.read_bytes() == b"new"
    assert [p.name for p in tmp_path.iterdir()] == ["f.json"]  # no temporary files left behind


@pytest.mark.parametrize("damage, match", [
    (lambda d: (d / "model.safetensors").write_bytes(b"\x00" * 10), "model.safetensors"),
    (lambda d: (d / "model.safetensors").write_bytes((d / "model.safetensors").read_bytes()[:500]),
     "model.safetensors"),
    (lambda d: (d / "config.json").write_text("{not json"), "config.json"),
    (lambda d: (d / "tokenizer.json").unlink(), "tokenizer.json"),
    (lambda d: (d / "config.json").write_text(
        json.dumps(json.loads((d / "config.json").read_text()) | {"format_version": 99})), "version"),
])
def test_damaged_runs_give_a_clear_error_naming_the_file(trained, tmp_path, damage, match):
    run_dir = copy_run(trained, tmp_path / "run")
    damage(run_dir)
    with pytest.raises(RunError, match=match):
        Run.open(run_dir).load_model()


def test_pickle_files_are_refused_without_running_them(tmp_path):
    marker = tmp_path / "pwned"

    class Payload:
        def __reduce__(self):
            return (open, (str(marker), "w"))

    evil = tmp_path / "model.pt"
    evil.write_bytes(pickle.dumps(Payload()))
    with pytest.raises(RunError, match="pickle"):
        Run.open(evil)
    assert not marker.exists()


@pytest.mark.parametrize("header_bytes", [640, 896, 1152, 1408])
def test_safetensors_whose_header_length_reads_like_a_pickle_still_load(tmp_path, header_bytes):
    # the first byte of a 640-byte header's length is 0x80 and the second 0x02: a pickle's opening bytes
    import torch
    from safetensors.torch import save_file

    from playground.core.checkpoint import is_pickle_file

    path = tmp_path / "model.safetensors"
    for pad in range(header_bytes):
        save_file({"w": torch.zeros(1)}, str(path), metadata={"iter": "1", "pad": "x" * pad})
        if int.from_bytes(path.read_bytes()[:8], "little") == header_bytes:
            break
    else:
        pytest.fail(f"no padding gives a {header_bytes}-byte header")
    assert path.read_bytes()[0] == 0x80 and 2 <= path.read_bytes()[1] <= 5
    assert not is_pickle_file(path)
    weights, it = load_weights(tmp_path)
    assert it == 1 and list(weights) == ["w"]
    pickled = tmp_path / "weights"
    pickled.write_bytes(pickle.dumps({"w": [0.0]}, protocol=2))
    assert is_pickle_file(pickled)


def test_a_half_written_training_state_falls_back_to_the_previous_one(trained, tmp_path):
    run_dir = copy_run(trained, tmp_path / "run")
    run = Run.open(run_dir)
    _, it = load_weights(run.dir)
    # a crash after the new training state was written but before the weights: the .prev file matches
    (run_dir / "train_state.safetensors").replace(run_dir / "train_state.prev.safetensors")
    (run_dir / "train_state.safetensors").write_bytes(b"garbage")
    state, *_ = load_train_state(run.dir, it)
    assert state["iter"] == it


def test_list_runs_reports_damaged_folders_when_asked(trained, tmp_path):
    from playground.core.runs import list_runs
    copy_run(trained, tmp_path / "b-good")
    (tmp_path / "a-garbled").mkdir()
    (tmp_path / "a-garbled" / "config.json").write_text("{not json", encoding="utf-8")
    (tmp_path / "c-only-metrics").mkdir()
    (tmp_path / "c-only-metrics" / "metrics.jsonl").write_text("", encoding="utf-8")
    (tmp_path / "d-unrelated").mkdir()
    (tmp_path / "d-unrelated" / "notes.txt").write_text("mine", encoding="utf-8")
    assert [r.name for r in list_runs(tmp_path)] == ["b-good"]
    damaged = []
    assert [r.name for r in list_runs(tmp_path, damaged)] == ["b-good"]
    assert [d.name for d in damaged] == ["c-only-metrics", "a-garbled"]
    assert "config.json" in str(damaged[1].error) and "config.json is missing" in str(damaged[0].error)
    assert list_runs(tmp_path / "no such folder") == []


@pytest.mark.skipif(os.name != "posix", reason="POSIX file modes")
def test_run_files_are_as_readable_as_the_umask_allows(tmp_path):
    old = os.umask(0o022)
    try:
        atomic_write(tmp_path / "config.json", b"{}")
        atomic_write(tmp_path / "model.safetensors", lambda tmp: Path(tmp).write_bytes(b"x"))
    finally:
        os.umask(old)
    for name in ("config.json", "model.safetensors"):
        assert (tmp_path / name).stat().st_mode & 0o777 == 0o644, name
