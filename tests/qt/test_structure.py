"""The app's shape: the import contracts in pyproject.toml, and one module alone that handles threads."""

from __future__ import annotations

import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]


def test_the_import_contracts_hold():
    lint = shutil.which("lint-imports", path=str(Path(sys.executable).parent)) or shutil.which("lint-imports")
    if lint is None:
        pytest.skip("import-linter is not installed")
    out = subprocess.run([lint], cwd=ROOT, capture_output=True, text=True)
    assert out.returncode == 0, out.stdout[-3000:] + out.stderr[-2000:]


def test_only_the_worker_module_handles_threads():
    # every thread of the app is a GeneratorWorker: one place that turns a stream into signals and errors
    # into reports, and that the Session's worker pool keeps alive until Qt says the thread ended
    worker = ROOT / "playground" / "qt" / "worker.py"
    named = [str(p.relative_to(ROOT)) for p in (ROOT / "playground").rglob("*.py")
             if p != worker and re.search(r"\bQThread\b", p.read_text(encoding="utf-8"))]
    assert named == []
