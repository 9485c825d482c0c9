"""A disk that fills up while a run is created or saved: a clear message, no traceback, the run still resumes.

The disk is made "full" by having the file writer raise ENOSPC the way the OS does; everything else (the
model, the trainer, safetensors, the CLI) is real. The same failure from a real full tmpfs prints the same
messages (checked by hand with `mount -t tmpfs -o size=600k`).
"""

from __future__ import annotations

import errno
import subprocess
import sys

import pytest

from playground.core import events as ev
from playground.core import atomic as atomic_mod
from playground.core.errors import RunError, os_reason
from playground.core.runs import Run
from playground.core.trainer import resume_training, start_training

from tests.support import tiny_config, tiny_corpus


def _disk_full_from(monkeypatch, name: str, nth: int = 1):
    """The disk fills up at the nth write of the file `name` and stays full."""
    real = atomic_mod._write_replacing
    seen, full = [0], [False]

    def write(path, data):
        seen[0] += path.name == name
        full[0] = full[0] or seen[0] >= nth
        if full[0]:
            raise OSError(errno.ENOSPC, "No space left on device", str(path))
        real(path, data)

    monkeypatch.setattr(atomic_mod, "_write_replacing", write)


# each checkpoint writes the training state, then the weights; both orders of failure must leave iteration 20
@pytest.mark.parametrize("name", ["train_state.safetensors", "model.safetensors"])
def test_a_save_on_a_full_disk_ends_the_run_with_a_clear_message_and_keeps_the_last_checkpoint(tmp_path,
                                                                                               monkeypatch, name):
    cfg = tiny_config(max_iters=40, eval_interval=10, eval_iters=1, sample_tokens=0)
    _disk_full_from(monkeypatch, name, nth=3)
    events = list(start_training(tiny_corpus(), cfg, tmp_path).events())
    failed = events[-1]
    assert isinstance(failed, ev.Failed)
    assert f"{name}: the disk is full." in failed.reason
    assert "Training stopped at iteration 30; the checkpoint of iteration 20 is kept." in failed.reason
    assert [e.iter for e in events if isinstance(e, ev.Saved)] == [10, 20]

    monkeypatch.undo()  # space freed: the run opens at its last checkpoint and resumes from it
    run_dir = events[0].run_dir
    assert Run.open(run_dir).saved_iter() == 20
    resumed = list(resume_training(run_dir).events())
    assert isinstance(resumed[-1], ev.Finished) and resumed[-1].iter == 40
    assert [e.iter for e in resumed if isinstance(e, ev.Step)][0] == 20


def test_a_full_disk_before_the_first_checkpoint_says_nothing_was_saved(tmp_path, monkeypatch):
    cfg = tiny_config(max_iters=20, eval_interval=10, eval_iters=1, sample_tokens=0)
    _disk_full_from(monkeypatch, "train_state.safetensors")
    failed = list(start_training(tiny_corpus(), cfg, tmp_path).events())[-1]
    assert isinstance(failed, ev.Failed)
    assert "before any checkpoint was saved" in failed.reason


def test_a_run_that_cannot_be_created_leaves_no_half_made_folder(tmp_path, monkeypatch):
    _disk_full_from(monkeypatch, "tokenizer.json")
    with pytest.raises(RunError, match="tokenizer.json: the disk is full"):
        start_training(tiny_corpus(), tiny_config(), tmp_path)
    assert list(tmp_path.iterdir()) == []


def test_os_reasons_are_phrases_for_common_causes_and_the_os_text_otherwise():
    assert os_reason(OSError(errno.ENOSPC, "No space left on device")) == "the disk is full"
    assert os_reason(PermissionError(errno.EACCES, "Permission denied")) == "permission denied"
    # safetensors' own error text carries the OS error number
    assert os_reason(Exception("Error while serializing: I/O error: No space left on device (os error 28)")) \
        == "the disk is full"
    assert os_reason(OSError(errno.ECONNRESET, "Connection reset by peer")) == "Connection reset by peer"


@pytest.mark.timeout(120)
def test_the_cli_on_a_full_disk_prints_one_line_and_exits_2(tmp_path):
    # a separate process, so the full disk is made by a small wrapper around the real CLI
    code = (
        "import errno, sys\n"
        "from playground.core import atomic\n"
        "real = atomic._write_replacing\n"
        "n = [0]\n"
        "def write(path, data):\n"
        "    n[0] += 1\n"
        "    if n[0] > 2: raise OSError(errno.ENOSPC, 'No space left on device')\n"
        "    real(path, data)\n"
        "atomic._write_replacing = write\n"
        "from playground.cli import main\n"
        "sys.exit(main(sys.argv[1:]))\n"
    )
    p = subprocess.run([sys.executable, "-c", code, "train", "--demo", "arithmetic", "--preset", "tiny",
                        "--max-iters", "20", "--eval-interval", "10", "--runs-dir", str(tmp_path)],
                       capture_output=True, text=True, timeout=110)
    assert p.returncode == 2, p.stderr
    assert "Traceback" not in p.stderr
    assert p.stderr.strip().splitlines()[-1].startswith("error: Cannot write ")
    assert "the disk is full. Training stopped at iteration 10, before any checkpoint was saved." in p.stderr


def test_a_run_folder_that_cannot_be_made_is_a_clear_error(tmp_path, monkeypatch):
    from pathlib import Path
    real = Path.mkdir

    def mkdir(self, *args, **kwargs):
        if self.parent == tmp_path:  # the run's own folder, not the runs folder above it
            raise PermissionError(errno.EACCES, "Permission denied", str(self))
        return real(self, *args, **kwargs)

    monkeypatch.setattr(Path, "mkdir", mkdir)
    with pytest.raises(RunError, match="Cannot create a run folder in .*: permission denied"):
        start_training(tiny_corpus(), tiny_config(), tmp_path)
