"""Drive the real window: load a corpus, edit hyperparameters, train to the end, generate, pause/resume/stop,
reopen the saved run, close while training."""

from __future__ import annotations

import json
from pathlib import Path

import numpy as np
from PySide6.QtCore import Qt

from playground.core import events as ev

TRAIN_TIMEOUT = 90_000


def train_to_end(qtbot, session, window):
    finished = []
    session.training.eventReceived.connect(
        lambda e: finished.append(e) if isinstance(e, (ev.Finished, ev.Failed)) else None)
    with qtbot.waitSignal(session.workers.idle, timeout=TRAIN_TIMEOUT):
        qtbot.mouseClick(window.training_panel.start, Qt.LeftButton)
    qtbot.waitUntil(lambda: session.generation.model_view is not None and not session.busy, timeout=30_000)
    assert finished and isinstance(finished[-1], ev.Finished), finished
    return finished[-1]


def train_a_few_steps(qtbot, session, window):
    """Start a run that would go on for long, and return once it has taken a few steps."""
    session.form.update_field("train", "max_iters", 100_000)
    steps = []
    session.training.eventReceived.connect(lambda e: steps.append(e) if isinstance(e, ev.Step) else None)
    window.training_panel.start.click()
    qtbot.waitUntil(lambda: len(steps) >= 3, timeout=TRAIN_TIMEOUT)


def generate(qtbot, session, window, prompt="the "):
    panel = window.generate_panel
    panel.prompt.setPlainText(prompt)
    panel.editors["max_new_tokens"].set_value(30)
    panel.cfg.max_new_tokens = 30
    done = []
    session.generation.sampleDone.connect(done.append)
    with qtbot.waitSignal(session.generation.finished, timeout=30_000):
        qtbot.mouseClick(panel.generate, Qt.LeftButton)
    text = panel.output.toPlainText()
    # a sample may end at an end-of-text token, even as its first token, so its length is not fixed
    assert done and done[0].new_tokens <= 30, done
    assert text.startswith(prompt) and text.rstrip() == done[0].text.rstrip(), (text, done)
    return text


def test_train_to_the_end_then_generate(qtbot, make_window, corpus_file):
    session, window = make_window(str(corpus_file))
    assert session.corpus.view.corpus.name == "cats.txt"
    assert "Characters" in window.corpus_panel.info["chars"].text() or window.corpus_panel.info["chars"].text()

    # edit a hyperparameter through its widget: the summary follows
    hp = window.hyper_panel
    before = hp.figures["params"].text()
    hp.editors["n_embd"].widget.setValue(48)
    assert session.form.config.model.n_embd == 48
    assert hp.figures["params"].text() != before
    assert hp.preset.currentData() == ""  # edited: now custom

    done = train_to_end(qtbot, session, window)
    assert done.iter == 40 and not done.stopped
    panel = window.training_panel
    panel.plot._tick()
    assert panel.plot.curve_points() == 40
    losses = panel.plot.loss_values()
    assert losses[-5:].mean() < losses[:5].mean() - 0.3, losses
    assert len(panel.plot.val) == 3  # step 0, 20 and 40
    assert panel.samples and panel.samples[0][0] == 40  # newest first
    assert "step 40" in panel.samples_view.toPlainText()
    # a finished run is shown fitted to its curves (while training the ranges leave room to move)
    qtbot.waitUntil(lambda: not session.busy, timeout=10_000)
    panel.plot._tick()
    ys = np.concatenate([panel.plot.loss.data()[1], panel.plot.val.data()[1], panel.plot.train_eval.data()[1]])
    y0, y1 = panel.plot.loss_plot.getViewBox().viewRange()[1]
    assert y0 <= ys.min() and ys.max() <= y1 and (y1 - y0) <= 1.2 * (ys.max() - ys.min()), (y0, y1)

    # the curves are the run's metrics.jsonl
    metrics = [json.loads(line) for line in (Path(session.library.run.dir) / "metrics.jsonl").read_text().splitlines()]
    steps = [m for m in metrics if m["type"] == "step"]
    assert np.allclose([m["loss"] for m in steps], losses)

    # the GUI thread never stalled noticeably while training
    assert panel.max_tick_gap < 0.5, panel.max_tick_gap

    text = generate(qtbot, session, window)
    assert set(text) <= set(corpus_file.read_text()) | {"\n"}, text  # the corpus alphabet

    # two samples: each under its own heading, each starting with the prompt, in order and whole
    gp = window.generate_panel
    gp.clear.click()
    gp.cfg.num_samples = 2
    done = []
    session.generation.sampleDone.connect(done.append)
    with qtbot.waitSignal(session.generation.finished, timeout=30_000):
        gp.generate.click()
    out = gp.output.toPlainText()
    assert len(done) == 2 and out.index("— sample 1 —") < out.index("— sample 2 —"), out
    # every generated character is tinted by how sure the model was of it, and says so when hovered
    cursor = gp.output.textCursor()
    cursor.setPosition(len(out))
    tip = cursor.charFormat().toolTip()
    assert "The model gave this token" in tip and tip.count("%") == 1 + 5, tip
    assert "How sure the model was" in gp.legend.text()
    first, second = out.split("— sample 2 —")
    assert first.replace("— sample 1 —", "").strip() == done[0].text.strip()
    assert second.strip() == done[1].text.strip()
    total = done[0].new_tokens + done[1].new_tokens  # the line below the text counts both samples
    assert gp.info.text().startswith(f"{total} tokens in {done[0].seconds + done[1].seconds:.2f} s"), gp.info.text()
    # tokens of two samples in one batch of output go under their own headings too
    gp.clear.click()
    gp._current_sample = -1
    for sample, piece in ((0, "ab"), (0, "c"), (1, "xy")):
        gp._token(ev.Token(sample, piece))
    gp._flush()
    assert gp.output.toPlainText() == f"— sample 1 —\n{gp._prompt_text}abc\n\n— sample 2 —\n{gp._prompt_text}xy"


def test_pause_generate_resume_stop(qtbot, make_window, corpus_file):
    session, window = make_window(str(corpus_file))
    session.form.update_field("train", "max_iters", 100_000)  # long enough that it is still running when we stop
    steps = []
    session.training.eventReceived.connect(lambda e: steps.append(e) if isinstance(e, ev.Step) else None)
    window.training_panel.start.click()
    qtbot.waitUntil(lambda: len(steps) >= 5, timeout=TRAIN_TIMEOUT)

    with qtbot.waitSignal(session.training.phaseChanged, check_params_cb=lambda p: p == "paused", timeout=10_000):
        qtbot.mouseClick(window.training_panel.pause, Qt.LeftButton)
    assert window.training_panel.pause.text().endswith("Resume")
    n = len(steps)

    # generating while paused uses a snapshot of the live model
    text = generate(qtbot, session, window, prompt="the cat")
    assert text.startswith("the cat")
    assert len(steps) == n  # still paused

    with qtbot.waitSignal(session.training.phaseChanged, check_params_cb=lambda p: p == "training", timeout=10_000):
        window.training_panel.pause.click()
    qtbot.waitUntil(lambda: len(steps) > n + 2, timeout=10_000)

    finished = []
    session.training.eventReceived.connect(lambda e: finished.append(e) if isinstance(e, ev.Finished) else None)
    with qtbot.waitSignal(session.workers.idle, timeout=TRAIN_TIMEOUT):
        window.training_panel.stop.click()
    assert finished and finished[0].stopped
    assert (Path(session.library.run.dir) / "model.safetensors").exists()


def test_reopen_and_resume_saved_run(qtbot, make_window, corpus_file, monkeypatch):
    session, window = make_window(str(corpus_file))
    train_to_end(qtbot, session, window)
    run_dir = session.library.run.dir
    n_points = window.training_panel.plot.curve_points()

    # a fresh window, as after a restart: the run is listed, opens with its curves and model, and resumes
    session2, window2 = make_window(str(corpus_file), tiny=False)
    runs = window2.runs_panel
    qtbot.waitUntil(lambda: runs.table.topLevelItemCount() == 1, timeout=10_000)
    # in a narrow dock the long run name gives way: the figures and the status stay in view
    runs.table.resize(420, 200)
    header = runs.table.header()
    assert header.sectionViewportPosition(5) + header.sectionSize(5) <= runs.table.viewport().width()
    runs.table.setCurrentItem(runs.table.topLevelItem(0))
    with qtbot.waitSignal(session2.generation.modelChanged, timeout=30_000):
        runs.open.click()
    assert Path(session2.library.run.dir) == Path(run_dir)
    assert window2.training_panel.plot.curve_points() == n_points
    assert session2.form.config.model.n_embd == 32 and session2.form.config.train.max_iters == 40
    assert window2.hyper_panel.editors["n_layer"].value() == 1
    assert generate(qtbot, session2, window2).startswith("the ")

    # the run finished its 40 steps: the button asks until which step to go on (here: 60)
    from PySide6.QtWidgets import QInputDialog
    asked = []
    monkeypatch.setattr(QInputDialog, "getInt", lambda *a, **k: (asked.append(a), (60, True))[1])
    started = []
    session2.training.eventReceived.connect(lambda e: started.append(e) if isinstance(e, ev.Started) else None)
    with qtbot.waitSignal(session2.workers.idle, timeout=TRAIN_TIMEOUT):
        qtbot.mouseClick(runs.resume, Qt.LeftButton)
    assert asked and started and started[0].resumed and started[0].iter == 40 and started[0].max_iters == 60
    window2.training_panel.plot._tick()
    assert window2.training_panel.plot.curve_points() == 60
    assert session2.form.validity == ("", "") and window2.training_panel.start.isEnabled()


def test_resume_button_continues_a_stopped_run(qtbot, make_window, corpus_file):
    session, window = make_window(str(corpus_file))
    train_a_few_steps(qtbot, session, window)
    with qtbot.waitSignal(session.workers.idle, timeout=TRAIN_TIMEOUT):
        session.training.stop()
    runs = window.runs_panel
    qtbot.waitUntil(lambda: runs.table.topLevelItemCount() == 1 and not session.busy, timeout=10_000)
    assert runs.resume.isEnabled()  # the run just stopped is the chosen row: one click resumes it
    events = []
    session.training.eventReceived.connect(events.append)
    qtbot.mouseClick(runs.resume, Qt.LeftButton)  # a stopped run goes on to its own max_iters, no question
    qtbot.waitUntil(lambda: sum(isinstance(e, ev.Step) for e in events) >= 2, timeout=TRAIN_TIMEOUT)
    assert events[0].resumed and events[0].iter > 0 and events[0].max_iters == 100_000
    with qtbot.waitSignal(session.workers.idle, timeout=TRAIN_TIMEOUT):
        session.training.stop()


def test_a_resume_that_fails_on_its_own_settings_leaves_the_form_alone(qtbot, make_window, corpus_file):
    session, window = make_window(str(corpus_file))
    train_to_end(qtbot, session, window)
    problems = []
    session.notices.problem.connect(problems.append)
    with qtbot.waitSignal(session.workers.idle, timeout=TRAIN_TIMEOUT):
        session.training.resume_run(session.library.run, max_iters=0)
    assert problems and "max_iters" in problems[-1]
    assert session.form.validity == ("", "") and window.training_panel.start.isEnabled()


def test_stop_while_preparing_ends_quietly_and_leaves_no_empty_run(qtbot, make_window, corpus_file, tmp_path):
    session, window = make_window(str(corpus_file))
    problems, phases, events = [], [], []
    session.notices.problem.connect(problems.append)
    session.training.phaseChanged.connect(phases.append)
    session.training.eventReceived.connect(events.append)
    with qtbot.waitSignal(session.workers.idle, timeout=TRAIN_TIMEOUT):
        window.training_panel.start.click()
        session.training.stop()
    assert problems == []
    assert phases == ["preparing", "stopping", "idle"]
    assert isinstance(events[-1], ev.Finished) and events[-1].iter == 0 and events[-1].stopped
    assert session.library.run is None and session.generation.model_view is None
    assert not Path(events[0].run_dir).exists()
    assert "nothing was saved" in window.statusBar().currentMessage()
    assert window.training_panel.run_label.text() == ""


def test_close_during_training_stops_and_saves(qtbot, make_window, corpus_file):
    session, window = make_window(str(corpus_file))
    train_a_few_steps(qtbot, session, window)
    run_dir = Path(session.library.run.dir)
    window.close()
    assert window.isVisible()  # not yet: it waits for the run to save
    qtbot.waitUntil(lambda: not window.isVisible(), timeout=TRAIN_TIMEOUT)
    assert not session.busy
    last = json.loads((run_dir / "metrics.jsonl").read_text().splitlines()[-1])
    assert last["type"] == "done" and last["stopped"]
    assert (run_dir / "model.safetensors").exists()


def test_close_refused_keeps_training(qtbot, make_window, corpus_file, monkeypatch):
    from playground.qt.main_window import MainWindow
    session, window = make_window(str(corpus_file))
    session.form.update_field("train", "max_iters", 100_000)
    monkeypatch.setattr(MainWindow, "confirm_quit_while_training", lambda self: False)
    with qtbot.waitSignal(session.training.phaseChanged, check_params_cb=lambda p: p == "training",
                          timeout=TRAIN_TIMEOUT):
        window.training_panel.start.click()
    window.close()
    assert window.isVisible() and session.training.phase.value == "training"
    with qtbot.waitSignal(session.workers.idle, timeout=TRAIN_TIMEOUT):
        session.training.stop()


def test_the_form_accepts_exactly_the_context_lengths_the_engine_can_train_on(qtbot, make_window, tmp_path):
    from playground.core.corpus import load_corpus
    from playground.core.dataset import prepare_dataset
    from playground.core.errors import CorpusTooShortError

    short = tmp_path / "short.txt"
    short.write_text("the cat sat on the mat.\n", encoding="utf-8")
    session, window = make_window(str(short))
    corpus = load_corpus(short)
    for block in range(2, 16):
        try:
            prepare_dataset(corpus, session.form.config.data, block)
            engine_ok = True
        except CorpusTooShortError:
            engine_ok = False
        session.form.update_field("model", "block_size", block)
        qtbot.waitUntil(lambda: not session.corpus.analysing, timeout=10_000)
        assert (session.form.validity == ("", "")) == engine_ok, (block, session.form.validity)


def test_train_waits_while_the_corpus_is_tokenized_again(qtbot, make_window, corpus_file):
    session, window = make_window(str(corpus_file))
    assert window.training_panel.start.isEnabled()
    session.form.update_field("data", "val_fraction", 0.2)  # a data setting: the corpus is split again
    assert session.corpus.analysing and not window.training_panel.start.isEnabled()
    qtbot.waitUntil(lambda: not session.corpus.analysing, timeout=30_000)
    assert window.training_panel.start.isEnabled()
