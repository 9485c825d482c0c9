"""The window appears quickly: before torch is imported, in well under two seconds."""

import json
import subprocess
import sys

DRIVER = r"""
import time
t0 = time.perf_counter()
import json, os, sys
from PySide6.QtCore import QCoreApplication, QSettings, QTimer
from PySide6.QtWidgets import QApplication
QCoreApplication.setOrganizationName("TransformerPlaygroundTests")
QSettings.setDefaultFormat(QSettings.IniFormat)
QSettings.setPath(QSettings.IniFormat, QSettings.UserScope, sys.argv[1])
app = QApplication([])
from playground.qt.app import create_window, parse_args
session, window = create_window(parse_args(["--runs-dir", sys.argv[2]]))
result = {}
def painted():
    result["shown"] = time.perf_counter() - t0
    result["torch"] = "torch" in sys.modules
    app.quit()
window.firstPainted.connect(painted)
window.show()
app.exec()
shown, torch_loaded = result["shown"], result["torch"]
session.shutdown()
print(json.dumps({"shown_s": shown, "torch_before_window": torch_loaded}))
"""


def test_window_appears_before_torch_loads(tmp_path):
    out = subprocess.run([sys.executable, "-c", DRIVER, str(tmp_path / "settings"), str(tmp_path / "runs")],
                         capture_output=True, text=True, timeout=120,
                         env={**__import__("os").environ, "QT_QPA_PLATFORM": "offscreen"})
    assert out.returncode == 0, out.stderr[-3000:]
    result = json.loads(out.stdout.strip().splitlines()[-1])
    assert result["torch_before_window"] is False
    # 1.5 s is the target on an idle machine; CI machines are slower and busier
    assert result["shown_s"] < 4.0, result


def test_corpus_size_limit_shown_matches_the_core():
    from playground.core.corpus import MAX_FILE_BYTES
    from playground.qt.panels import corpus
    assert corpus.MAX_FILE_BYTES == MAX_FILE_BYTES
