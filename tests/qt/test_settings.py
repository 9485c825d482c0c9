"""Settings persist between sessions (in the test's own temporary folder, never the user's)."""

from __future__ import annotations

from PySide6.QtCore import QSettings


def test_settings_live_in_the_temporary_folder(isolated_settings):
    assert QSettings().fileName().startswith(str(isolated_settings))


def test_last_corpus_and_hyperparameters_come_back(qtbot, make_window, corpus_file):
    session, window = make_window(str(corpus_file))
    window.hyper_panel.editors["n_layer"].widget.setValue(3)
    window.switch_language("en")
    window.close()  # deferred while a worker is still busy: the window closes once it has ended
    qtbot.waitUntil(lambda: not window.isVisible(), timeout=10_000)
    assert session.settings.value("geometry") is not None

    session2, window2 = make_window(tiny=False)  # no corpus argument
    assert session2.corpus.view.corpus.name == "cats.txt"
    assert session2.form.config.model.n_layer == 3
    assert window2.hyper_panel.editors["n_layer"].value() == 3
    assert str(corpus_file) in session2.corpus.recent()
    assert [a.text() for a in window2.recent_menu.actions()] == ["cats.txt"]
