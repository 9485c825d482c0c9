"""The Chinese translation is complete and current, and switching language retranslates the live window."""

from __future__ import annotations

import shutil
import subprocess
import xml.etree.ElementTree as ET
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
TS = ROOT / "resources" / "translations" / "playground_zh_CN.ts"
QM = TS.with_suffix(".qm")


def messages(path: Path) -> dict[tuple[str, str], ET.Element]:
    out = {}
    for ctx in ET.parse(path).getroot().iter("context"):
        name = ctx.find("name").text
        for m in ctx.iter("message"):
            out[(name, m.find("source").text)] = m.find("translation")
    return out


def test_translation_is_complete():
    assert QM.exists() and QM.stat().st_size > 1000
    unfinished = [k for k, t in messages(TS).items() if t.get("type") or not (t.text or "").strip()]
    assert not unfinished, unfinished[:10]


def test_translation_covers_every_string_in_the_code(tmp_path):
    lupdate = shutil.which("pyside6-lupdate")
    if lupdate is None:
        pytest.skip("pyside6-lupdate not installed")
    fresh = tmp_path / "fresh.ts"
    sources = sorted(str(p) for p in (ROOT / "playground" / "qt").rglob("*.py"))
    subprocess.run([lupdate, *sources, "-ts", str(fresh)], check=True, capture_output=True)
    missing = set(messages(fresh)) - set(messages(TS))
    assert not missing, f"run pyside6-lupdate and translate: {sorted(missing)[:10]}"


def test_placeholders_survive_translation():
    import re
    for (ctx, src), tr in messages(TS).items():
        want = sorted(re.findall(r"\{\d[^}]*\}|%[vmp]", src))
        assert sorted(re.findall(r"\{\d[^}]*\}|%[vmp]", tr.text or "")) == want, (ctx, src, tr.text)


def test_live_language_switch(qtbot, make_window, corpus_file):
    session, window = make_window(str(corpus_file))
    assert window.file_menu.title() == "&File"
    window.switch_language("zh_CN")
    qtbot.waitUntil(lambda: window.file_menu.title() == "文件(&F)", timeout=5000)  # LanguageChange is posted
    assert window.training_panel.start.text() == "▶  训练"
    assert window.hyper_panel.labels["n_layer"].text() == "层数："
    assert "词元" in window.corpus_panel.info["vocab"].text()
    assert session.settings.value("language") == "zh_CN"
    window.switch_language("en")
    qtbot.waitUntil(lambda: window.file_menu.title() == "&File", timeout=5000)
    assert window.hyper_panel.labels["n_layer"].text() == "Layers:"
