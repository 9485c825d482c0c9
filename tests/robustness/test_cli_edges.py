"""The command line at its edges: pipes that close, Ctrl-C outside training, typos, no screen, a second trainer,
runs folders inside the corpus folder, hand-edited run files. Real subprocesses, real files."""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from tests.support import TEXT, TINY, playground

ROOT = Path(__file__).resolve().parents[2]


@pytest.fixture(scope="module")
def corpus(tmp_path_factory):
    path = tmp_path_factory.mktemp("corpus") / "cats.txt"
    path.write_text(TEXT, encoding="utf-8")
    return path


def _train(corpus, runs, *extra):
    result = playground("train", corpus, *TINY, "--runs-dir", runs, *extra)
    assert result.returncode == 0, result.stderr
    return result


def _popen(*args):
    env = os.environ | {"PYTHONPATH": str(ROOT)}
    return subprocess.Popen([sys.executable, "-m", "playground", *map(str, args)], stdout=subprocess.PIPE,
                            stderr=subprocess.PIPE, env=env)


def test_a_closed_pipe_stops_training_cleanly_and_saves(corpus, tmp_path):
    # `playground train ... | head -n 1`: the reader goes away after the first evaluation line
    p = _popen("train", corpus, *TINY, "--max-iters", "100000", "--eval-interval", "5", "--runs-dir", tmp_path)
    assert p.stdout.readline().startswith(b"step 0:")
    p.stdout.close()
    _, err = p.communicate(timeout=120)
    err = err.decode()
    assert p.returncode == 0 and "Traceback" not in err, err
    assert "stopped at iteration" in err
    info = playground("info", "latest", "--runs-dir", tmp_path)
    assert "status:     stopped" in info.stdout, info.stdout


def test_ctrl_c_while_sampling_ends_without_a_traceback(corpus, tmp_path):
    _train(corpus, tmp_path, "--max-iters", "5")
    p = _popen("sample", "latest", "--runs-dir", tmp_path, "--max-new-tokens", "1000000", "--num-samples", "1000")
    p.stdout.read(20)  # it is writing
    p.send_signal(signal.SIGINT)
    _, err = p.communicate(timeout=60)
    assert p.returncode == 130 and "Traceback" not in err.decode() and "interrupted" in err.decode()


def test_a_prompt_the_vocabulary_cannot_spell_writes_nothing_to_stdout(corpus, tmp_path):
    _train(corpus, tmp_path, "--max-iters", "5")
    result = playground("sample", "latest", "--runs-dir", tmp_path, "--prompt", "the 😀")
    assert result.returncode == 2 and result.stdout == "", (result.stdout, result.stderr)


@pytest.mark.parametrize("argv, words", [
    (["trian", "{corpus}"], "did you mean 'train'"),
    (["sampel", "latest"], "did you mean 'sample'"),
    (["lates"], "neither a subcommand"),
])
def test_a_mistyped_subcommand_is_named_instead_of_opening_the_app(argv, words, corpus):
    result = playground(*[a.format(corpus=corpus) for a in argv])
    assert result.returncode == 2 and "Traceback" not in result.stderr
    assert words in result.stderr


def test_without_a_screen_the_app_says_so_instead_of_aborting(corpus):
    env = {k: v for k, v in os.environ.items() if k not in ("DISPLAY", "WAYLAND_DISPLAY", "QT_QPA_PLATFORM")}
    env["PYTHONPATH"] = str(ROOT)
    result = subprocess.run([sys.executable, "-m", "playground", str(corpus)], capture_output=True, text=True,
                            env=env, timeout=60)
    if not sys.platform.startswith("linux"):
        pytest.skip("a Linux-only check")
    assert result.returncode == 2 and "no display" in result.stderr, result.stderr


def test_resume_refuses_settings_it_would_otherwise_ignore_and_leaves_the_run_unchanged(corpus, tmp_path):
    _train(corpus, tmp_path, "--max-iters", "10")
    run = next(tmp_path.iterdir())
    config = (run / "config.json").read_bytes()
    for extra in (["--n-embd", "64"], ["--tokenizer", "bpe"], ["--preset", "baby"], ["--max-iters", "5"]):
        result = playground("train", "--resume", run, "--runs-dir", tmp_path, *extra)
        assert result.returncode == 2 and "Traceback" not in result.stderr, (extra, result.stderr)
    assert (run / "config.json").read_bytes() == config  # a refused resume rewrites nothing


def test_a_second_trainer_of_the_same_run_is_refused(corpus, tmp_path):
    from playground.core.errors import RunError
    from playground.core.runs import Run
    _train(corpus, tmp_path, "--max-iters", "5")
    run = Run.open(next(tmp_path.iterdir()))
    unlock = run.lock_training()
    try:
        result = playground("train", "--resume", run.dir, "--max-iters", "10", "--runs-dir", tmp_path)
        assert result.returncode == 2 and "being trained by another process" in result.stderr, result.stderr
        with pytest.raises(RunError, match="another process"):
            run.lock_training()
    finally:
        unlock()
    run.lock_training()()  # free again


def test_a_runs_folder_inside_the_corpus_folder_is_not_read_as_text(tmp_path):
    project = tmp_path / "project"
    project.mkdir()
    (project / "notes.txt").write_text(TEXT, encoding="utf-8")
    for _ in range(2):  # the second run walks the folder that now holds the first one
        _train(project, project / "runs", "--max-iters", "5")
    resumed = playground("train", "--resume", "latest", "--max-iters", "8", "--runs-dir", project / "runs")
    assert resumed.returncode == 0, resumed.stderr


def test_latest_is_the_last_run_written_whatever_its_name(corpus, tmp_path):
    _train(corpus, tmp_path, "--max-iters", "5")
    older = next(tmp_path.iterdir())
    older.rename(tmp_path / "zz my first run")  # sorts after every timestamped name
    time.sleep(0.05)
    _train(corpus, tmp_path, "--max-iters", "5")
    newer = next(p for p in tmp_path.iterdir() if not p.name.startswith("zz"))
    garbled = tmp_path / "zzz-garbled"
    garbled.mkdir()
    (garbled / "config.json").write_text("{not json", encoding="utf-8")
    info = playground("info", "latest", "--runs-dir", tmp_path)
    assert info.returncode == 0 and f"run:        {newer}" in info.stdout, info.stdout
    assert "passing over" in info.stderr and "zzz-garbled" in info.stderr


def test_info_shows_a_hand_edited_run_without_a_traceback(corpus, tmp_path):
    _train(corpus, tmp_path, "--max-iters", "5")
    run = next(tmp_path.iterdir())
    doc = json.loads((run / "config.json").read_text(encoding="utf-8"))
    doc["corpus"]["n_chars"] = "many"
    (run / "config.json").write_text(json.dumps(doc), encoding="utf-8")
    with open(run / "metrics.jsonl", "a", encoding="utf-8") as f:
        f.write('{"type": "step", "iter": "x"}\n{"type": "eval", "iter": 9, "train_loss": "x", "val_loss": 1}\n')
    result = playground("info", run, "--runs-dir", tmp_path)
    assert result.returncode == 0 and "Traceback" not in result.stderr, result.stderr
    assert "many characters" in result.stdout and "at iteration 5" in result.stdout


def test_a_seed_at_the_top_of_its_range_trains_with_previews(corpus, tmp_path):
    _train(corpus, tmp_path, "--max-iters", "3", "--eval-interval", "1", "--sample-tokens", "5",
           "--seed", str(2**63 - 1))


@pytest.mark.skipif(os.name != "posix" or sys.getfilesystemencoding() != "utf-8", reason="POSIX byte file names")
def test_a_file_name_that_is_not_valid_utf8_trains_and_resumes(tmp_path):
    name = os.fsdecode(b"caf\xe9.txt")  # Latin-1 bytes on disk: lone surrogates in Python
    (tmp_path / name).write_text(TEXT, encoding="utf-8")
    runs = tmp_path / os.fsdecode(b"runs\xe9")
    _train(tmp_path / name, runs, "--max-iters", "5")
    resumed = playground("train", "--resume", "latest", "--max-iters", "8", "--runs-dir", runs)
    assert resumed.returncode == 0 and "Traceback" not in resumed.stderr, resumed.stderr
