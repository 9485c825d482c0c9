"""A start that would fail at its first moment is refused by `start_training` before any run folder exists:
a PlaygroundError with one sentence, and the runs folder stays empty."""

from __future__ import annotations

import pytest

from playground.core import trainer as trainer_mod
from playground.core.corpus import corpus_from_text
from playground.core.errors import ConfigError, PlaygroundError
from playground.core.runs import list_runs
from playground.core.trainer import start_training

from tests.support import tiny_config, tiny_corpus


def _many_characters(n: int) -> str:
    chars = [chr(c) for c in range(0x21, 0x110000) if not 0xD800 <= c < 0xE000][:n]
    return "".join(chars) + "abc " * 200


def _assert_refused(runs, corpus, cfg, *words) -> PlaygroundError:
    with pytest.raises(PlaygroundError) as info:
        start_training(corpus, cfg, runs)
    assert not runs.exists() or not any(runs.iterdir()), "a refused start left a run folder"
    for w in words:
        assert w in str(info.value), (w, str(info.value))
    return info.value


def test_a_character_vocabulary_over_the_limit(tmp_path):
    cfg = tiny_config(max_iters=1)
    cfg.data.tokenizer = "char"
    e = _assert_refused(tmp_path / "runs", corpus_from_text(_many_characters(1_000_010)), cfg,
                        "1,000,0", "distinct characters", "BPE")
    assert isinstance(e, ConfigError) and e.field == "tokenizer"


def test_a_vocabulary_that_pushes_the_memory_estimate_over(tmp_path, monkeypatch):
    # the first check (before tokenizing) cannot know a char vocabulary; 50,000 distinct characters make the
    # embedding and the logits too big for a machine with 200 MB
    monkeypatch.setattr(trainer_mod, "device_memory", lambda device: (200 << 20, False))
    cfg = tiny_config(max_iters=1)
    cfg.model.n_embd, cfg.data.tokenizer = 512, "char"
    _assert_refused(tmp_path / "runs", corpus_from_text(_many_characters(50_000)), cfg, "memory")


@pytest.mark.parametrize("train, words", [
    (dict(dtype="float16"), ["float16"]),
    (dict(device="mps"), ["mps"]),
    (dict(device="cuda"), ["cuda"]),
])
def test_a_precision_or_device_this_machine_lacks(tmp_path, train, words):
    import torch
    if train.get("device") == "cuda" and torch.cuda.is_available():
        pytest.skip("this machine has a CUDA GPU")
    if train.get("device") == "mps" and torch.backends.mps.is_available():
        pytest.skip("this machine has Metal")
    if train.get("dtype") == "float16" and torch.cuda.is_available():
        pytest.skip("float16 works with a CUDA GPU")
    _assert_refused(tmp_path / "runs", tiny_corpus(), tiny_config(**train), *words)


def test_a_refused_start_beside_other_runs_leaves_them_alone(tmp_path):
    runs = tmp_path / "runs"
    list(start_training(tiny_corpus(), tiny_config(max_iters=1, eval_interval=1, sample_tokens=0), runs).events())
    before = sorted(runs.iterdir())
    with pytest.raises(PlaygroundError):
        start_training(tiny_corpus(), tiny_config(dtype="float16", device="cpu"), runs)
    assert sorted(runs.iterdir()) == before and len(list_runs(runs)) == 1


class _Kill(BaseException):
    """Stands for a SIGKILL: nothing on the way catches it, nothing cleans up."""


def test_a_kill_while_the_run_folder_is_made_leaves_no_half_made_run(tmp_path, monkeypatch):
    from playground.core import runs as runs_mod
    write = runs_mod.atomic_write

    def killed_at_the_tokenizer(path, data):
        if path.name == "tokenizer.json":
            raise _Kill
        write(path, data)

    monkeypatch.setattr(runs_mod, "atomic_write", killed_at_the_tokenizer)
    with pytest.raises(_Kill):
        start_training(tiny_corpus(), tiny_config(), tmp_path)
    damaged = []
    assert list_runs(tmp_path, damaged) == [] and damaged == []
    assert all(p.name.startswith(".") for p in tmp_path.iterdir())  # only the hidden, unread leftover


def test_a_creation_killed_long_ago_is_swept_and_one_under_way_is_left(tmp_path):
    import os
    import time

    from playground.core.runs import ABANDONED_AFTER_S

    runs = tmp_path / "runs"
    old, fresh = runs / ".20250101-000000-old.abcd1234.creating", runs / ".20250101-000000-new.abcd5678.creating"
    for folder in (old, fresh):
        folder.mkdir(parents=True)
        (folder / "config.json").write_text("{}")
    past = time.time() - ABANDONED_AFTER_S - 60
    os.utime(old, (past, past))
    start_training(tiny_corpus(), tiny_config(max_iters=1), runs)
    assert not old.exists() and fresh.exists()
