"""PySide6 6.12 on Python 3.11 leaks a reference to None on every call returning None; the app must
survive hours of such calls (live curves make thousands a second)."""

import subprocess
import sys

CODE = """
import playground.qt
from PySide6.QtCore import QObject
o = QObject()
for _ in range(300_000):
    o.setObjectName("x")
print("ok")
"""


def test_many_none_returning_calls_do_not_crash_python():
    out = subprocess.run([sys.executable, "-c", CODE], capture_output=True, text=True, timeout=60)
    assert out.returncode == 0, out.stderr[-2000:]
    assert out.stdout.strip() == "ok"
