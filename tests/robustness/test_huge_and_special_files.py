"""Enormous and special files are refused at once, without being read into memory."""

from __future__ import annotations

import os
import time
import tracemalloc

import pytest

from playground.core import corpus as corpus_mod
from playground.core.corpus import MAX_FILE_BYTES, load_corpus
from playground.core.errors import CorpusError

from tests.support import assert_clean_refusal

TWO_GB = 2 * 1024 ** 3


def sparse(path, size=TWO_GB):
    with open(path, "wb") as f:
        f.truncate(size)  # a hole: takes no disk space, reads as zeros
    return path


def refused_quickly_and_cheaply(target):
    tracemalloc.start()
    t0 = time.perf_counter()
    try:
        with pytest.raises(CorpusError) as err:
            load_corpus(target)
    finally:
        seconds = time.perf_counter() - t0
        _, peak = tracemalloc.get_traced_memory()
        tracemalloc.stop()
    assert seconds < 1.0, seconds
    assert peak < 5 * 1024 ** 2, f"{peak:,} bytes allocated to refuse the file"
    return str(err.value)


def test_a_2_gb_file_is_refused_without_reading_it(tmp_path):
    message = refused_quickly_and_cheaply(sparse(tmp_path / "server.log.txt"))
    # says how big it is, how big is too big, and why
    assert "server.log.txt" in message and "2.0 GiB" in message and "1.0 GiB limit" in message
    assert "memory" in message


def test_a_folder_adding_up_to_too_much_is_refused_before_reading(tmp_path):
    (tmp_path / "logs").mkdir()
    for i in range(3):
        sparse(tmp_path / "logs" / f"part{i}.txt", MAX_FILE_BYTES // 2)
    message = refused_quickly_and_cheaply(tmp_path / "logs")
    assert "1.5 GiB" in message and "limit" in message


def test_a_huge_jsonl_file_is_refused(tmp_path):
    assert "limit" in refused_quickly_and_cheaply(sparse(tmp_path / "dump.jsonl"))


def test_a_file_growing_while_read_is_cut_at_the_limit(tmp_path, monkeypatch):
    # stat says small, the read finds more (a log being written): the read stops at the limit
    monkeypatch.setattr(corpus_mod, "MAX_FILE_BYTES", 1000)
    path = tmp_path / "growing.txt"
    path.write_text("x" * 500)
    st = path.stat()
    path.write_text("y" * 5000)
    with pytest.raises(CorpusError, match="grew past the 1,000 bytes limit while it was read"):
        corpus_mod._read_documents(path, st)


@pytest.mark.skipif(not os.path.exists("/dev/zero"), reason="needs /dev/zero")
def test_devices_are_not_read_forever(tmp_path):
    message = refused_quickly_and_cheaply("/dev/zero")
    assert "not a regular file" in message


@pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="needs named pipes")
def test_a_named_pipe_does_not_hang(tmp_path):
    fifo = tmp_path / "pipe.txt"
    os.mkfifo(fifo)
    assert "not a regular file" in refused_quickly_and_cheaply(fifo)
    # inside a folder, only regular files are considered
    (tmp_path / "ok.txt").write_text("some text")
    assert load_corpus(tmp_path).documents == ["some text"]


def test_the_cli_refuses_a_huge_file_in_one_line(tmp_path, cli):
    big = sparse(tmp_path / "big.txt")
    t0 = time.perf_counter()
    proc = cli("train", big, "--max-iters", "1", "--runs-dir", tmp_path / "runs")
    assert time.perf_counter() - t0 < 30
    assert_clean_refusal(proc, "big.txt", "2.0 GiB", "limit")
    assert not (tmp_path / "runs").exists() or not any((tmp_path / "runs").iterdir())
