"""What a curious user throws at the window: double starts, edits mid-run, bad files, broken runs, bugs."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import Qt

from playground.core import events as ev

TRAIN_TIMEOUT = 90_000


def start_long_run(qtbot, session, window):
    session.form.update_field("train", "max_iters", 100_000)
    with qtbot.waitSignal(session.training.phaseChanged, check_params_cb=lambda p: p == "training",
                          timeout=TRAIN_TIMEOUT):
        window.training_panel.start.click()


def stop(qtbot, session):
    with qtbot.waitSignal(session.workers.idle, timeout=TRAIN_TIMEOUT):
        session.training.stop()


def test_everything_refused_while_training(qtbot, make_window, corpus_file, tmp_path):
    session, window = make_window(str(corpus_file))
    problems = []
    session.notices.problem.connect(problems.append)
    start_long_run(qtbot, session, window)

    assert not window.training_panel.start.isEnabled()
    assert session.training.start() is False
    assert not session.corpus.load_file(corpus_file)
    assert not session.form.update_field("model", "n_layer", 3)
    assert session.form.config.model.n_layer == 1
    assert not window.hyper_panel.editors["n_layer"].isEnabled()
    assert not window.corpus_panel.open_file.isEnabled()
    assert not session.library.open(tmp_path)
    assert len(problems) == 4 and all(problems)
    assert window.info_bar.isVisible()

    # generating while training works on a snapshot, and training goes on
    steps = []
    session.training.eventReceived.connect(lambda e: steps.append(e) if isinstance(e, ev.Step) else None)
    window.generate_panel.editors["max_new_tokens"].set_value(10)
    window.generate_panel.cfg.max_new_tokens = 10
    window.generate_panel.prompt.setPlainText("a")  # an untrained model may end its text at once
    with qtbot.waitSignal(session.generation.finished, timeout=30_000):
        window.generate_panel.generate.click()
    assert window.generate_panel.output.toPlainText()
    qtbot.waitUntil(lambda: len(steps) > 2, timeout=10_000)
    stop(qtbot, session)


def test_invalid_hyperparameters_disable_train(qtbot, make_window, corpus_file):
    session, window = make_window(str(corpus_file))
    hp = window.hyper_panel
    hp.editors["n_head"].widget.setValue(3)  # 32 is not divisible by 3
    assert not window.training_panel.start.isEnabled()
    assert hp.problem.isVisible() and "n_head" in hp.problem.text()
    assert hp.editors["n_embd"].widget.property("invalid") is True
    assert window.training_panel.why.isVisible()
    hp.editors["n_head"].widget.setValue(4)
    assert window.training_panel.start.isEnabled()
    assert not hp.problem.isVisible()

    # a context too long for the corpus (it must hold two windows of block_size + 1 tokens) is caught before
    # training, naming the field
    session.corpus.load_text("the cat sat on the mat. " * 400)  # 9,600 characters
    qtbot.waitUntil(lambda: not session.corpus.analysing, timeout=30_000)
    assert window.training_panel.start.isEnabled()
    hp.editors["block_size"].widget.setValue(8000)
    qtbot.waitUntil(lambda: not session.corpus.analysing, timeout=30_000)
    assert not window.training_panel.start.isEnabled()
    assert session.form.validity[1] in ("block_size", "corpus")


def test_bad_corpus_file_keeps_previous(qtbot, make_window, corpus_file, tmp_path):
    session, window = make_window(str(corpus_file))
    bad = tmp_path / "paper.txt"
    bad.write_bytes(b"%PDF-1.7\n" + bytes(range(256)) * 40)
    with qtbot.waitSignal(session.notices.problem, timeout=30_000) as blocker:
        session.corpus.load_file(bad)
    assert "PDF" in blocker.args[0]
    qtbot.waitUntil(lambda: not session.busy, timeout=10_000)
    assert window.info_bar.isVisible() and "PDF" in window.info_bar.label.text()
    assert session.corpus.view.corpus.name == "cats.txt"
    assert window.corpus_panel.info["name"].text() == "cats.txt"
    assert window.training_panel.start.isEnabled()


def test_broken_run_is_reported(qtbot, make_window, corpus_file, tmp_path):
    session, window = make_window(str(corpus_file))
    broken = tmp_path / "runs" / "broken"
    broken.mkdir(parents=True)
    (broken / "config.json").write_text("{not json", encoding="utf-8")
    with qtbot.waitSignal(session.notices.problem, timeout=10_000) as blocker:
        session.library.open(broken)
    assert "config.json" in blocker.args[0]
    assert session.library.run is None


def test_damaged_runs_are_listed_with_the_reason_and_a_run_without_its_model_leaves_none_behind(
        qtbot, make_window, corpus_file, tmp_path):
    import shutil
    session, window = make_window(str(corpus_file))
    with qtbot.waitSignal(session.workers.idle, timeout=TRAIN_TIMEOUT):
        window.training_panel.start.click()
    qtbot.waitUntil(lambda: session.generation.model_view is not None and not session.busy, timeout=30_000)
    good = Path(session.library.run.dir)
    runs_dir = good.parent
    (runs_dir / "zz-garbled").mkdir()
    (runs_dir / "zz-garbled" / "config.json").write_text("{not json", encoding="utf-8")
    (runs_dir / "not-a-run").mkdir()  # no run files: not listed at all
    no_weights = runs_dir / "zz-no-weights"
    shutil.copytree(good, no_weights)
    (no_weights / "model.safetensors").write_bytes(b"")
    (no_weights / "metrics.jsonl").write_text("", encoding="utf-8")  # and no steps logged

    panel = window.runs_panel
    panel.table.setCurrentItem(panel.table.topLevelItem(0))
    chosen = panel.table.currentItem().text(0)
    session.library.refresh()
    qtbot.waitUntil(lambda: panel.table.topLevelItemCount() == 3, timeout=10_000)
    rows = {panel.table.topLevelItem(i).text(0): panel.table.topLevelItem(i) for i in range(3)}
    assert set(rows) == {good.name, "zz-garbled", "zz-no-weights"}
    assert panel.table.currentItem().text(0) == chosen  # a refresh keeps the chosen row
    assert rows[good.name].text(3) == "40 / 40" and rows["zz-no-weights"].text(3) == "0 / 40"
    garbled = rows["zz-garbled"]
    assert garbled.text(5) == "damaged" and "config.json" in garbled.toolTip(5)
    panel.table.setCurrentItem(garbled)
    assert panel.open.isEnabled() and not panel.resume.isEnabled()

    # the run opens (settings, curves) but its model does not: Generate must not keep the previous run's
    panel.table.setCurrentItem(rows["zz-no-weights"])
    with qtbot.waitSignal(session.notices.problem, timeout=10_000) as blocker:
        panel.open.click()
    assert "model.safetensors" in blocker.args[0]
    qtbot.waitUntil(lambda: not session.busy, timeout=10_000)
    assert session.library.run.name == "zz-no-weights" and session.generation.model_view is None
    assert not window.generate_panel.generate.isEnabled()


def test_failed_run_message_reaches_the_window(qtbot, make_window, corpus_file):
    session, window = make_window(str(corpus_file))
    session.training._on_item(ev.Failed(12, "The loss became NaN at iteration 12. Try a lower learning rate."))
    assert "lower learning rate" in window.info_bar.label.text()


def test_unexpected_worker_error_shows_dialog(qtbot, make_window, corpus_file, monkeypatch):
    import playground.qt.main_window as mw
    shown = []
    monkeypatch.setattr(mw, "show_error_dialog", lambda parent, error: shown.append(error))
    session, window = make_window(str(corpus_file))

    def boom():
        raise ZeroDivisionError("a bug")
        yield  # pragma: no cover

    with qtbot.waitSignal(session.workers.idle, timeout=10_000):
        session.workers.spawn(boom, lambda item: None, name="bug")
    assert shown and isinstance(shown[0], ZeroDivisionError)
    assert window.isVisible()


def test_paste_and_demo_corpora(qtbot, make_window):
    session, window = make_window(tiny=False)
    assert session.corpus.view.corpus.source == "demo:python-docs"  # no argument: the built-in demo
    assert window.training_panel.start.isEnabled()
    with qtbot.waitSignal(session.corpus.changed, timeout=30_000):
        session.corpus.load_text("床前明月光，疑是地上霜。举头望明月，低头思故乡。\n" * 200, "静夜思")
    assert session.corpus.view.corpus.name == "静夜思"
    assert "床前明月光" in window.corpus_panel.preview.toPlainText()
    with qtbot.waitSignal(session.corpus.changed, timeout=30_000):
        window.corpus_panel.demo.setCurrentIndex(2)
        window.corpus_panel.demo.activated.emit(2)
    assert session.corpus.view.corpus.source == "demo:arithmetic"


def test_tokenizer_change_retokenizes(qtbot, make_window, corpus_file):
    session, window = make_window(str(corpus_file))
    chars = session.corpus.view.stats["tokens"]
    editor = window.corpus_panel.editors["tokenizer"].widget
    with qtbot.waitSignal(session.corpus.changed, timeout=60_000):
        editor.setCurrentIndex(editor.findData("bpe"))
    assert session.form.config.data.tokenizer == "bpe"
    assert session.corpus.view.stats["tokens"] < chars
    assert window.corpus_panel.editors["bpe_vocab_size"].isEnabled()


def test_keyboard_shortcut_starts_training(qtbot, make_window, corpus_file):
    session, window = make_window(str(corpus_file))
    with qtbot.waitSignal(session.workers.idle, timeout=TRAIN_TIMEOUT):
        window.act_train.trigger()
    assert session.library.run is not None
    assert window.training_panel.plot.curve_points() > 0 or window.training_panel.plot.loss.n > 0
    qtbot.keyClick(window, Qt.Key_Escape)  # harmless


def test_a_sample_that_ends_at_once_says_so(qtbot, make_window, corpus_file):
    session, window = make_window(str(corpus_file))
    panel = window.generate_panel
    panel._prompt_text, panel._current_sample = "", -1  # as start() leaves them for an empty prompt
    panel._done(ev.SampleDone(sample=0, text="", new_tokens=0, seconds=0.001, first_token_seconds=0.001))
    assert "no new text" in panel.output.toPlainText()
