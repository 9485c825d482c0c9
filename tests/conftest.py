"""Fixtures shared by all tests."""

import os

# Test models are tiny: one thread is fastest for them, and several test processes (or a test beside a
# running app) with two spinning OpenMP threads each slow each other down tenfold.
os.environ.setdefault("OMP_NUM_THREADS", "1")

# Qt tests run without a display; set before any Qt module is imported.
os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

from pathlib import Path

import pytest

# Real corpora live beside the checkout (../shared/corpora), not in the repository; a fresh clone has none.
SHARED_CORPORA = Path(__file__).resolve().parents[2] / "shared" / "corpora"


@pytest.fixture
def shared_corpus():
    """shared_corpus("tinyshakespeare.txt") -> its Path; skips the test when the file is absent."""
    def get(name: str) -> Path:
        path = SHARED_CORPORA / name
        if not path.is_file():
            pytest.skip(f"{path} not found (shared corpora sit beside the project's checkout)")
        return path
    return get
