"""The generate panel's insight into the model, driven through the real window: the next-token bars (the
sampler's own distribution, live as the settings move, re-read only when the prompt or the model changes)
and 'what if': choosing another token rewrites the text from there and goes on from it."""

from __future__ import annotations

import csv
import io

import pytest
import torch
from PySide6.QtCore import QPoint, Qt
from PySide6.QtGui import QImage

from playground.core import events as ev
from playground.core.config import SampleConfig
from playground.core.inspection import inspect_text
from playground.core.sampler import distribution
from playground.core.tokenizer import EOT
from playground.qt.session import Phase
from playground.qt.widgets.next_token_bars import TOP
from playground.qt.widgets.token_text import visible

PROMPT = "the cat sat on the "


def trained(qtbot, make_window, corpus_file, **data):
    session, window = make_window(str(corpus_file))
    for name, value in data.items():
        session.form.update_field("data", name, value)
    qtbot.waitUntil(lambda: not session.corpus.analysing, timeout=30_000)
    with qtbot.waitSignal(session.workers.idle, timeout=90_000):
        window.training_panel.start.click()
    qtbot.waitUntil(lambda: session.generation.model_view is not None and not session.busy, timeout=30_000)
    return session, window, window.generate_panel


def show_bars(qtbot, window, prompt=PROMPT):
    gp = window.generate_panel
    window.tabs.setCurrentWidget(gp)
    gp.prompt.setPlainText(prompt)
    qtbot.waitUntil(lambda: gp._seen is not None and gp._seen.text == prompt and bool(gp.bars.bars), timeout=30_000)
    return gp


def expected(session, prompt, **settings):
    """The model's raw next-token probabilities after `prompt`, and the sampler's with `settings`."""
    view = session.generation.model_view
    logits = inspect_text(view.model, view.tokenizer, prompt, attention=False).next_logits
    return torch.softmax(logits[0], -1), distribution(logits, SampleConfig(**settings))[0]


def set_setting(gp, name, value):
    gp.editors[name].widget.setValue(value)  # as the user does: the editor's own signal
    assert getattr(gp.cfg, name) == value


def test_the_bars_are_the_samplers_distribution_and_follow_the_settings(qtbot, make_window, corpus_file):
    session, window, _ = trained(qtbot, make_window, corpus_file)
    gp = show_bars(qtbot, window)
    asked = []
    session.inspector.inspected.connect(asked.append)
    set_setting(gp, "top_k", 0)
    set_setting(gp, "top_p", 1.0)
    set_setting(gp, "temperature", 0.7)
    raw, after = expected(session, PROMPT, temperature=0.7)
    bars = gp.bars.bars
    assert len(bars) == min(TOP, raw.numel())
    assert [b.id for b in bars] == raw.topk(len(bars)).indices.tolist()  # the likeliest tokens, best first
    for b in bars:
        assert b.raw == pytest.approx(float(raw[b.id]), abs=1e-6)
        assert b.after == pytest.approx(float(after[b.id]), abs=1e-6)
    assert bars[0].after > bars[0].raw  # a temperature under 1 sharpens: the bars moved with it

    # top-k 3: three tokens keep a probability, the rest are cut off and said to be
    set_setting(gp, "top_k", 3)
    bars = gp.bars.bars
    assert [b.cut for b in bars] == [False] * 3 + [True] * (len(bars) - 3)
    assert sum(b.after for b in bars) == pytest.approx(1.0, abs=1e-5)
    assert any("cut off by top-k/top-p" in note for note in gp.bars._notes())
    _, after = expected(session, PROMPT, temperature=0.7, top_k=3)
    assert [b.after for b in bars[:3]] == pytest.approx(after[[b.id for b in bars[:3]]].tolist(), abs=1e-6)

    # top-p: the likeliest tokens until their probability reaches it
    set_setting(gp, "top_k", 0)
    set_setting(gp, "top_p", 0.5)
    _, after = expected(session, PROMPT, temperature=0.7, top_p=0.5)
    assert [b.after for b in gp.bars.bars] == pytest.approx([float(after[b.id]) for b in gp.bars.bars], abs=1e-6)
    assert 1 <= sum(not b.cut for b in gp.bars.bars) < len(gp.bars.bars)

    # temperature 0: the likeliest token, always
    set_setting(gp, "temperature", 0.0)
    bars = gp.bars.bars
    assert [b.after for b in bars if not b.cut] == [1.0] and not bars[0].cut
    assert gp.bars.greedy and "Temperature 0" in gp.bars._notes()[0]

    # moving the settings asked nothing of the model: the distribution was recomputed from the one inspection
    qtbot.wait(300)
    assert asked == []


def test_the_bars_are_read_again_only_when_the_prompt_or_the_model_changes(qtbot, make_window, corpus_file):
    session, window, _ = trained(qtbot, make_window, corpus_file)
    gp = show_bars(qtbot, window)
    asked = []
    session.inspector.inspected.connect(lambda seen: asked.append(seen.text))
    # typing: one inspection once the typing pauses, of the text as it then is
    for text in ("the d", "the do", "the dog"):
        gp.prompt.setPlainText(text)
    qtbot.waitUntil(lambda: asked == ["the dog"], timeout=10_000)
    raw, _ = expected(session, "the dog")
    assert gp.bars.bars[0].id == int(raw.argmax())

    # hidden: nothing is asked; shown again, the bars catch up
    window.tabs.setCurrentWidget(window.training_panel)
    gp.prompt.setPlainText("the park")
    qtbot.wait(500)
    assert asked == ["the dog"]
    window.tabs.setCurrentWidget(gp)
    qtbot.waitUntil(lambda: asked == ["the dog", "the park"], timeout=10_000)

    # a run training with the panel in view: read again at each evaluation, of the live model
    asked.clear()
    live = []
    session.inspector.inspected.connect(lambda _s: live.append(session.training.live))
    session.form.update_field("train", "max_iters", 100_000)
    evals = []
    session.training.eventReceived.connect(lambda e: evals.append(e.iter) if isinstance(e, ev.Eval) else None)
    with qtbot.waitSignal(session.training.phaseChanged, check_params_cb=lambda p: p == Phase.TRAINING,
                          timeout=30_000):
        window.training_panel.start.click()
    window.tabs.setCurrentWidget(gp)
    qtbot.waitUntil(lambda: len(evals) >= 4, timeout=90_000)
    with qtbot.waitSignal(session.workers.idle, timeout=90_000):
        session.training.stop()
    assert live.count(True) >= 2, (live, evals)  # read again as the model learned, between two steps
    assert asked and set(asked) == {"the park"}


def test_an_unreadable_prompt_or_no_model_is_said_instead_of_bars(qtbot, make_window, corpus_file):
    session, window, gp = trained(qtbot, make_window, corpus_file)
    window.tabs.setCurrentWidget(gp)
    gp.prompt.setPlainText("the cat 🐈")
    qtbot.waitUntil(lambda: "🐈" in gp.bars.message, timeout=10_000)
    assert gp.bars.bars == [] and not gp.bars.export_csv.isEnabled()
    session.generation.show_model(None, None, "memory")
    gp.prompt.setPlainText("the cat")
    qtbot.waitUntil(lambda: "No model yet" in gp.bars.message, timeout=10_000)


def click_span(qtbot, out, span):
    """Click the middle of a span's first character, as the user does."""
    c = out.textCursor()
    c.setPosition(span.start)
    left = out.cursorRect(c)
    c.setPosition(span.start + 1)
    right = out.cursorRect(c)
    qtbot.mouseClick(out.viewport(), Qt.LeftButton, pos=QPoint((left.left() + right.left()) // 2, left.center().y()))


def generate(qtbot, session, gp, prompt=PROMPT, tokens=30, samples=1):
    """Generate into a clear output, again if a sample ended early (a tiny model may soon draw an
    end-of-text token): each sample has at least 6 tokens."""
    gp.prompt.setPlainText(prompt)
    set_setting(gp, "max_new_tokens", tokens)
    set_setting(gp, "num_samples", samples)
    set_setting(gp, "temperature", 1.0)
    for _ in range(10):
        done = []
        session.generation.sampleDone.connect(done.append)
        gp.clear.click()
        with qtbot.waitSignal(session.generation.finished, timeout=30_000):
            gp.generate.click()
        session.generation.sampleDone.disconnect(done.append)
        if min(d.new_tokens for d in done) >= 6:
            return
    raise AssertionError("every sample ended early")


def choose_alternative(qtbot, session, gp, span):
    """Click `span`, pick the likeliest alternative that is not its own text; return it and the prompts
    generation was then asked to continue from."""
    prompts = []
    generate_with = session.generation.generate
    session.generation.generate = lambda prompt, cfg: (prompts.append((prompt, cfg)), generate_with(prompt, cfg))[1]
    click_span(qtbot, gp.output, span)
    menu = gp.output.menu
    assert menu is not None and menu.isVisible()
    alt = next(c for c in span.top if c.text != span.text and gp.output.writable(c))
    action = next(a for a in menu.actions() if a.text().startswith(f"{visible(alt.text)}    "))
    done = []
    session.generation.sampleDone.connect(done.append)
    with qtbot.waitSignal(session.generation.finished, timeout=30_000):
        action.trigger()
    return alt, prompts, done


def test_choosing_an_alternative_rewrites_the_text_from_there(qtbot, make_window, corpus_file):
    session, window, gp = trained(qtbot, make_window, corpus_file)
    window.tabs.setCurrentWidget(gp)
    generate(qtbot, session, gp, tokens=30, samples=2)
    out = gp.output
    first_sample = [s for s in out.spans if s.group == 0]
    assert len(first_sample) >= 6 and "— sample 2 —" in out.toPlainText()
    span = first_sample[5]
    assert len(span.top) == 5 and span.top[0].prob >= span.top[-1].prob
    before = out.toPlainText()[:span.start]
    prefix = PROMPT + "".join(s.text for s in first_sample[:5])
    assert before.endswith(prefix)

    alt, prompts, done = choose_alternative(qtbot, session, gp, span)
    # the continuation read the sample's prompt, the text before the token and the chosen one, and nothing else
    assert len(prompts) == 1
    prompt, cfg = prompts[0]
    assert prompt == prefix + alt.text and cfg.num_samples == 1 and cfg.temperature == 1.0
    assert len(done) == 1 and done[0].text.startswith(prompt)
    text = out.toPlainText()
    assert text.startswith(before + alt.text)
    assert "— sample 2 —" not in text  # what followed, the second sample too, is gone
    assert text.rstrip() == (before + done[0].text[len(prefix):]).rstrip()
    # the chosen token is marked, keeps its alternatives, and what follows is the model's again
    chosen = next(s for s in out.spans if s.chosen)
    assert chosen.start == span.start and chosen.text == alt.text and chosen.top == span.top
    c = out.textCursor()
    c.setPosition(chosen.start + 1)
    assert c.charFormat().fontUnderline() and "You chose this" in c.charFormat().toolTip()
    assert [s.chosen for s in out.spans if s.start > chosen.start] == [False] * done[0].new_tokens
    assert gp.info.text().startswith(f"{done[0].new_tokens} tokens")


def test_choosing_while_generating_stops_and_goes_on_from_the_choice(qtbot, make_window, corpus_file):
    session, window, gp = trained(qtbot, make_window, corpus_file)
    window.tabs.setCurrentWidget(gp)
    generate(qtbot, session, gp, tokens=20)
    span = gp.output.spans[3]
    alt = next(c for c in span.top if gp.output.writable(c))
    set_setting(gp, "max_new_tokens", 1000)
    done, finished = [], []
    session.generation.sampleDone.connect(done.append)
    session.generation.finished.connect(lambda: finished.append(True))
    gp.generate.click()  # still going when the choice is made
    assert session.generation.generating
    set_setting(gp, "max_new_tokens", 10)
    gp.choose(span, alt)
    qtbot.waitUntil(lambda: len(finished) == 2, timeout=30_000)  # the stopped one, then the continuation
    prompt = PROMPT + "".join(s.text for s in gp.output.spans[:3]) + alt.text
    continued = done[-1]
    assert continued.text.startswith(prompt) and continued.new_tokens <= 10
    assert gp.output.toPlainText().rstrip() == continued.text.rstrip()  # nothing of the stopped one is left
    assert [s.chosen for s in gp.output.spans[:5]] == [False, False, False, True, False][:len(gp.output.spans)]


def test_exports_the_bars_and_the_whole_distribution(qtbot, make_window, corpus_file, tmp_path):
    session, window, _ = trained(qtbot, make_window, corpus_file)
    gp = show_bars(qtbot, window)
    set_setting(gp, "top_k", 3)
    png = gp.bars.save_png(str(tmp_path / "bars.png"))
    image = QImage(png)
    assert not image.isNull() and image.size() == gp.bars.size()
    gp.bars.save_csv(str(tmp_path / "bars.csv"))
    rows = list(csv.reader(io.StringIO((tmp_path / "bars.csv").read_text(encoding="utf-8"), newline="")))
    assert rows[0] == ["token_id", "token", "probability", "probability_after_settings"]
    body = rows[1:]
    tokenizer = session.generation.model_view.tokenizer
    assert len(body) == tokenizer.vocab_size
    raw, after = expected(session, PROMPT, **{**vars(gp.cfg), "top_k": 3})
    probs = [float(r[2]) for r in body]
    assert probs == sorted(probs, reverse=True)
    for r in body:
        assert r[1] == tokenizer.pieces([int(r[0])])[0]
        assert float(r[2]) == pytest.approx(float(raw[int(r[0])]), rel=1e-4, abs=1e-9)
        assert float(r[3]) == pytest.approx(float(after[int(r[0])]), rel=1e-4, abs=1e-9)
    assert sum(float(r[3]) > 0 for r in body) == 3
    assert [int(r[0]) for r in body[:TOP]] == [b.id for b in gp.bars.bars]


def test_bpe_tokens_read_with_their_spaces_and_a_choice_reencodes_as_text(qtbot, make_window, corpus_file):
    session, window, gp = trained(qtbot, make_window, corpus_file, tokenizer="bpe", bpe_vocab_size=300)
    tokenizer = session.generation.model_view.tokenizer
    assert tokenizer.kind == "bpe"
    gp = show_bars(qtbot, window, "the cat sat on")
    spaced = [b for b in gp.bars.bars if b.text.startswith(" ")]
    assert spaced and all(visible(b.text) == "·" + b.text[1:].replace(" ", "·") for b in spaced)
    generate(qtbot, session, gp, prompt="the cat", tokens=12)
    spans = [s for s in gp.output.spans if s.text.strip() and "\n" not in s.text
             and any(c.text != s.text and gp.output.writable(c) for c in s.top)]
    alt, prompts, done = choose_alternative(qtbot, session, gp, spans[min(2, len(spans) - 1)])
    prompt = prompts[0][0]
    assert prompt.endswith(alt.text) and tokenizer.decode(tokenizer.encode(prompt)) == prompt
    assert done and done[0].text.startswith(prompt)


def test_chinese_bars_show_one_character_each(qtbot, make_window, tmp_path):
    poems = "".join(f"床前明月光，疑是地上霜。举头望明月，低头思故乡。第{i % 10}首\n" for i in range(200))
    path = tmp_path / "poems.txt"
    path.write_text(poems, encoding="utf-8")
    session, window, gp = trained(qtbot, make_window, path)
    gp = show_bars(qtbot, window, "床前明")
    assert all(len(b.text) == 1 for b in gp.bars.bars if b.text != EOT)
    assert gp.bars.bars[0].text == "月"  # the model learned the line
    gp.bars.save_csv(str(tmp_path / "zh.csv"))
    assert "月" in (tmp_path / "zh.csv").read_text(encoding="utf-8")
