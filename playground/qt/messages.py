"""The core's messages in the interface's language.

The core is Qt-free and writes its messages in English, as str.format templates with named fields kept apart
(see playground.core.errors). Their translations live in resources/translations/core_<lang>.ts, in the
context "CoreMessages"; pyside6-lupdate cannot find the templates (they are not in tr() calls), so that file
is kept up to date with this module:

    python -m playground.qt.messages resources/translations/core_zh_CN.ts   # add new templates, drop old ones
    pyside6-lrelease resources/translations/core_zh_CN.ts                   # then translate and compile
"""

from __future__ import annotations

import sys
from pathlib import Path

from PySide6.QtCore import QCoreApplication

from playground.core.errors import Phrase, PlaygroundError

CONTEXT = "CoreMessages"
CORE_DIR = Path(__file__).resolve().parents[1] / "core"


def _error_classes(cls=PlaygroundError) -> set[str]:
    return {cls.__name__}.union(*(_error_classes(sub) for sub in cls.__subclasses__()))


# the calls whose first argument is a template (or a phrase) to translate: every error class the core defines
_MESSAGE_CALLS = _error_classes() | {"Phrase"}


def error_text(error: BaseException) -> str:
    """The message of `error` in the current language: its translated template with its values filled in.

    Values that are phrases or errors themselves are translated too. A setting's name is shown with its label
    from the form ("Layers (n_layer)"), which is what the user sees. A broken translation falls back to English.
    """
    if not isinstance(error, PlaygroundError):
        return str(error)
    text = QCoreApplication.translate(CONTEXT, error.template)
    if not error.params:
        return text
    params = {k: _value(k, v) for k, v in error.params.items()}
    try:
        return text.format(**params)
    except (KeyError, IndexError, ValueError):
        return str(error)


def _value(key: str, value):
    if isinstance(value, PlaygroundError):
        return error_text(value)
    if isinstance(value, Phrase):
        return QCoreApplication.translate(CONTEXT, value)
    if key == "name" and isinstance(value, str):
        from playground.qt.fields import field_texts
        label = field_texts().get(value, ("", "", ""))[0]
        if label:
            return f"{label} ({value})"
    return value


def core_templates() -> dict[str, tuple[str, int]]:
    """Every message template and phrase in the core's source: text -> (file name, line) of its first use."""
    import ast  # maintenance and tests only: not paid for at start-up

    found: dict[str, tuple[str, int]] = {}
    for path in sorted(CORE_DIR.glob("*.py")):
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if (isinstance(node, ast.Call) and node.args
                    and getattr(node.func, "id", getattr(node.func, "attr", None)) in _MESSAGE_CALLS):
                text = node.args[0]
                if not (isinstance(text, ast.Constant) and isinstance(text.value, str)):
                    raise ValueError(f"{path.name}:{node.lineno}: a message must be a string literal (fields as "
                                     f"keyword arguments), not {ast.unparse(text)}")
                found.setdefault(text.value, (path.name, node.lineno))
    return found


def update_ts(ts: Path) -> tuple[int, int]:
    """Rewrite `ts` with the core's current templates, keeping existing translations. Returns (new, dropped)."""
    import xml.etree.ElementTree as ET

    old: dict[str, str] = {}
    language = ts.stem.split("_", 1)[1] if "_" in ts.stem else ""
    if ts.exists():
        root = ET.parse(ts).getroot()
        language = root.get("language", language)
        for m in root.iter("message"):
            t = m.find("translation")
            if t is not None and t.text and not t.get("type"):
                old[m.find("source").text] = t.text
    templates = core_templates()
    root = ET.Element("TS", version="2.1", language=language)
    ctx = ET.SubElement(root, "context")
    ET.SubElement(ctx, "name").text = CONTEXT
    for text, (file, line) in templates.items():
        m = ET.SubElement(ctx, "message")
        ET.SubElement(m, "location", filename=f"../../playground/core/{file}", line=str(line))
        ET.SubElement(m, "source").text = text
        t = ET.SubElement(m, "translation")
        if text in old:
            t.text = old[text]
        else:
            t.set("type", "unfinished")
    ET.indent(root, space="    ")
    ts.write_text('<?xml version="1.0" encoding="utf-8"?>\n<!DOCTYPE TS>\n'
                  + ET.tostring(root, encoding="unicode") + "\n", encoding="utf-8")
    return len(set(templates) - set(old)), len(set(old) - set(templates))


if __name__ == "__main__":
    if len(sys.argv) != 2:
        sys.exit("usage: python -m playground.qt.messages resources/translations/core_<lang>.ts")
    new, dropped = update_ts(Path(sys.argv[1]))
    print(f"{sys.argv[1]}: {new} new message(s) to translate, {dropped} dropped")
