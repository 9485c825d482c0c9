"""CI smoke run of the benchmarks (`python -m benchmarks --quick`): it must run and print its summary table.

Benchmarks are never timed assertions: this only checks that every group still runs, so they cannot rot.
"""

import os
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]


@pytest.mark.slow
@pytest.mark.timeout(200)
def test_quick_benchmarks_run_and_print_the_summary(tmp_path):
    env = dict(os.environ, QT_QPA_PLATFORM="offscreen")
    p = subprocess.run([sys.executable, "-m", "benchmarks", "--quick", "--output", str(tmp_path / "quick.md")],
                       cwd=ROOT, env=env, capture_output=True, text=True, timeout=180)
    assert p.returncode == 0, p.stderr[-3000:]
    assert p.stdout.splitlines()[0].split()[:4] == ["measure", "value", "target", "verdict"]
    assert "training baby" in p.stdout and "generation baby" in p.stdout
    report = (tmp_path / "quick.md").read_text(encoding="utf-8")
    for section in ("## Machine", "## Summary", "## 1. Training throughput", "## 2. Generation",
                    "## 3. The app's overhead", "## 4. Big corpora", "## 5. Learning per wall-clock second",
                    "## Issue 5: Stop latency"):
        assert section in report
    if "| baby | GPT2LMHeadModel |" in report:  # transformers installed (the bench extra)
        assert "training baby: ceiling (100% MFU) / GPT2LMHeadModel" in p.stdout and "Ceiling at larger" in report
