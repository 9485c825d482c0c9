"""The architecture's two rules that a refactor could silently break."""

import subprocess
import sys

CORE_MODULES = ["config", "controls", "corpus", "dataset", "errors", "events", "model", "runs", "sampler", "costs", "units",
                "tokenizer", "trainer"]


def imported_after(code: str) -> set[str]:
    out = subprocess.run([sys.executable, "-c", code + "\nimport sys; print('\\n'.join(sys.modules))"],
                         capture_output=True, text=True, check=True).stdout
    return {name.split(".")[0] for name in out.split()}


def test_the_core_never_imports_qt():
    modules = imported_after("\n".join(f"import playground.core.{m}" for m in CORE_MODULES))
    assert "torch" in modules  # the import really happened
    assert not modules & {"PySide6", "PyQt5", "PyQt6", "pyqtgraph", "shiboken6"}


def test_what_the_app_needs_at_start_does_not_import_torch():
    # the window must appear before torch (a second or more to import) is loaded
    light = ["config", "controls", "corpus", "dataset", "errors", "events", "costs", "units", "tokenizer"]
    modules = imported_after("\n".join(f"import playground.core.{m}" for m in light) + "\nimport playground.cli")
    assert "torch" not in modules
