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
CORE_TS = ROOT / "resources" / "translations" / "core_zh_CN.ts"


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


def test_every_core_message_is_translated_with_the_same_fields():
    import string

    from playground.qt.messages import core_templates

    templates = core_templates()  # also fails on a message that is not a plain literal (an f-string)
    translated = {src: tr for (ctx, src), tr in messages(CORE_TS).items() if ctx == "CoreMessages"}
    assert templates and set(templates) <= set(translated), sorted(set(templates) - set(translated))[:5]
    assert CORE_TS.with_suffix(".qm").stat().st_size > 1000

    def fields(text):
        return sorted((f, spec) for _, f, spec, _ in string.Formatter().parse(text) if f is not None)

    for src in templates:
        tr = translated[src]
        assert not tr.get("type") and (tr.text or "").strip(), src
        assert fields(tr.text) == fields(src), (src, tr.text)


def test_core_messages_reach_the_chinese_window_in_chinese(qtbot, make_window, corpus_file, tmp_path):
    from playground.core.errors import ConfigError
    from playground.qt.messages import error_text

    session, window = make_window(str(corpus_file))
    window.switch_language("zh_CN")
    bad = tmp_path / "paper.txt"
    bad.write_bytes(b"%PDF-1.7\n" + bytes(range(256)) * 40)
    with qtbot.waitSignal(session.notices.problem, timeout=30_000) as blocker:
        session.corpus.load_file(bad)
    assert "是PDF 文档，不是文本。训练需要纯文本" in blocker.args[0], blocker.args[0]
    assert str(bad) in blocker.args[0]
    # a setting is named by its label in the form, and the numbers keep their format
    error = ConfigError("{name} must be at least {min:g}; got {value:g}.", "n_layer", name="n_layer", min=1, value=0)
    assert error_text(error) == "层数 (n_layer) 至少为 1；当前为 0。"
    # an invalid setting in the form is explained in Chinese, and again in English after switching back
    window.hyper_panel.editors["n_head"].widget.setValue(3)
    assert "必须能被注意力头数" in window.hyper_panel.problem.text()
    window.switch_language("en")
    qtbot.waitUntil(lambda: "must be divisible" in window.hyper_panel.problem.text(), timeout=5000)


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


def test_the_run_line_and_messages_follow_a_language_switch(qtbot, make_window, corpus_file):
    session, window = make_window(str(corpus_file))
    with qtbot.waitSignal(session.workers.idle, timeout=90_000):
        window.training_panel.start.click()
    line = window.training_panel.run_label
    assert line.text().startswith("Run ") and "parameters" in line.text()
    session.notices.problem.emit("an English message")
    assert window.info_bar.isVisibleTo(window)
    window.switch_language("zh_CN")
    qtbot.waitUntil(lambda: line.text().startswith("运行 "), timeout=5000)
    assert session.library.run.name in line.text() and "parameters" not in line.text()
    assert not window.info_bar.isVisibleTo(window) and window.statusBar().currentMessage() == ""
