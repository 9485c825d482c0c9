"""Shared setup for the robustness tests: Hypothesis profiles and small helpers to run the CLI.

Fuzz tests run a fixed number of examples so CI stays fast and deterministic ("ci" profile, derandomized).
For a longer fuzz, see README.md: PLAYGROUND_FUZZ=thorough (or a number of examples).
"""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest
from hypothesis import HealthCheck, settings

ROOT = Path(__file__).resolve().parents[2]

settings.register_profile(
    "ci", max_examples=60, deadline=None, derandomize=True, print_blob=True,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.function_scoped_fixture])
settings.register_profile(
    "thorough", max_examples=5000, deadline=None, derandomize=False, print_blob=True,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.function_scoped_fixture])

_fuzz = os.environ.get("PLAYGROUND_FUZZ", "ci")
if _fuzz.isdigit():
    settings.register_profile("custom", parent=settings.get_profile("thorough"), max_examples=int(_fuzz))
    settings.load_profile("custom")
else:
    settings.load_profile(_fuzz)


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


@pytest.fixture
def cli(tmp_path):
    def call(*args, **kw):
        return run_cli(*args, tmp_path=tmp_path, **kw)
    return call
