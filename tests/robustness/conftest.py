"""Shared setup for the robustness tests: Hypothesis profiles, and fixtures for the CLI and a trained run.

Fuzz tests run a fixed number of examples so CI stays fast and deterministic ("ci" profile, derandomized).
For a longer fuzz, see README.md: PLAYGROUND_FUZZ=thorough (or a number of examples).
"""

from __future__ import annotations

import os
from pathlib import Path

import pytest
from hypothesis import HealthCheck, settings

from playground.core.trainer import start_training

from tests.support import run_cli, tiny_config, tiny_corpus

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


@pytest.fixture
def cli(tmp_path):
    def call(*args, **kw):
        return run_cli(*args, tmp_path=tmp_path, **kw)
    return call


@pytest.fixture(scope="module")
def trained(tmp_path_factory) -> Path:
    """A run folder trained for 4 steps, with a checkpoint."""
    events = list(start_training(tiny_corpus(), tiny_config(max_iters=4, eval_interval=2, sample_tokens=0),
                                 tmp_path_factory.mktemp("runs")).events())
    return Path(events[0].run_dir)


@pytest.fixture
def session(qtbot, tmp_path):
    """The app's Session without a window, its settings in a temporary file (for tests that open runs in it)."""
    from PySide6.QtCore import QSettings

    from playground.qt.session import Session
    s = Session(tmp_path / "runs", QSettings(str(tmp_path / "settings.ini"), QSettings.IniFormat))
    yield s
    s.shutdown()
    qtbot.waitUntil(lambda: not s.busy, timeout=30_000)
