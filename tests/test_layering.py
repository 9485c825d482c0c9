"""The architecture's rules (ARCHITECTURE.md), which a refactor or a hurried fix could silently break."""

import ast
import re
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
PACKAGE = ROOT / "playground"
MAX_LINES = 400
CORE_MODULES = sorted(p.stem for p in (PACKAGE / "core").glob("*.py") if p.stem != "__init__")
# what the window needs before it is shown; torch (seconds to import) loads later, on a worker thread
LIGHT_CORE_MODULES = ["atomic", "config", "controls", "corpus", "costs", "dataset", "errors", "events", "metrics",
                      "runs", "tokenizer", "units"]


def imported_after(code: str) -> set[str]:
    out = subprocess.run([sys.executable, "-c", code + "\nimport sys; print('\\n'.join(sys.modules))"],
                         capture_output=True, text=True, check=True, cwd=ROOT).stdout
    return {name.split(".")[0] for name in out.split()}


def imports_of(path: Path) -> list[tuple[str, list[str]]]:
    """(module, names) of every import in a file, at any depth (lazy imports inside functions count too)."""
    out = []
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            out += [(a.name, []) for a in node.names]
        elif isinstance(node, ast.ImportFrom):
            out.append(("." * node.level + (node.module or ""), [a.name for a in node.names]))
    return out


def test_the_import_contracts_hold():
    # pyproject.toml's [tool.importlinter]: the core imports no Qt and no CLI, panels import no other panel,
    # the session's models import no widget, widgets no session, and no import circle at any depth
    result = subprocess.run(
        [sys.executable, "-c", "import sys; from importlinter.cli import lint_imports; "
                               "sys.exit(lint_imports(no_cache=True, no_logo=True))"],
        capture_output=True, text=True, cwd=ROOT)
    assert result.returncode == 0, result.stdout[-4000:] + result.stderr[-2000:]
    assert "broken" in result.stdout and " 0 broken" in result.stdout  # the contracts really ran


def test_the_core_never_imports_qt():
    assert {"config", "model", "trainer", "runs"} <= set(CORE_MODULES)
    modules = imported_after("\n".join(f"import playground.core.{m}" for m in CORE_MODULES))
    assert "torch" in modules  # the import really happened
    assert not modules & {"PySide6", "PyQt5", "PyQt6", "pyqtgraph", "shiboken6"}


def test_what_the_app_needs_at_start_does_not_import_torch():
    # the window must appear before torch (a second or more to import) is loaded
    modules = imported_after("\n".join(f"import playground.core.{m}" for m in LIGHT_CORE_MODULES)
                             + "\nimport playground.cli\nimport playground.qt.main_window")
    assert "PySide6" in modules
    assert "torch" not in modules


def test_only_the_worker_touches_qthread():
    # every thread of the app is a GeneratorWorker: one place that turns a stream into signals and errors into
    # reports, lowers its priority, and that the worker pool keeps alive until Qt says the thread ended
    users = sorted(str(p.relative_to(ROOT)) for p in PACKAGE.rglob("*.py")
                   if re.search(r"\bQThread\b", p.read_text(encoding="utf-8")))
    assert users == ["playground/qt/worker.py"]


def test_every_file_is_small():
    sizes = {str(p.relative_to(ROOT)): len(p.read_text(encoding="utf-8").splitlines()) for p in PACKAGE.rglob("*.py")}
    assert len(sizes) > 20
    assert {path: n for path, n in sizes.items() if n > MAX_LINES} == {}


def test_tests_share_fixtures_through_conftest_not_by_importing_each_other():
    offenders = []
    for path in (ROOT / "tests").rglob("*.py"):
        for module, names in imports_of(path):
            last = module.rsplit(".", 1)[-1]
            if last.startswith("test_") or last == "conftest" or any(n.startswith("test_") for n in names):
                offenders.append(f"{path.relative_to(ROOT)} imports {module}")
    assert offenders == []
