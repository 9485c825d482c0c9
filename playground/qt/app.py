"""Start the desktop app: `playground [CORPUS] [--preset NAME] [--train] [--max-iters N] [--runs-dir DIR]
[--lang en|zh_CN]`.

The window is shown before torch is imported (the Session imports it on a worker thread when first needed),
so the app appears in about a second even though PyTorch takes several to load.
"""

from __future__ import annotations

import argparse
import logging
import os
import signal
import sys
import threading
from logging.handlers import RotatingFileHandler
from pathlib import Path

log = logging.getLogger("playground")

ORGANIZATION = "TransformerPlayground"
APPLICATION = "Transformer Playground"


def parse_args(argv: list[str] | None) -> argparse.Namespace:
    from playground.core.config import PRESETS
    p = argparse.ArgumentParser(prog="playground", description="Train a small GPT on your own text and watch it learn.")
    p.add_argument("corpus", nargs="?", help="text file, folder or .jsonl to load (default: the last one, "
                                             "or the built-in Python documentation); demo:NAME for a demo")
    p.add_argument("--preset", choices=sorted(PRESETS), help="start from this preset")
    p.add_argument("--train", action="store_true", help="start training as soon as the corpus is loaded")
    p.add_argument("--max-iters", type=int, metavar="N", help="number of training steps")
    p.add_argument("--runs-dir", metavar="DIR", help="folder for saved runs")
    p.add_argument("--lang", choices=["en", "zh_CN"], help="interface language")
    return p.parse_args(argv)


def _setup_logging() -> None:
    from PySide6.QtCore import QStandardPaths
    logging.basicConfig(level=logging.WARNING, format="%(asctime)s %(levelname)s %(name)s: %(message)s")
    folder = Path(QStandardPaths.writableLocation(QStandardPaths.AppLocalDataLocation))
    try:
        folder.mkdir(parents=True, exist_ok=True)
        handler = RotatingFileHandler(folder / "playground.log", maxBytes=1 << 20, backupCount=2, encoding="utf-8")
        handler.setFormatter(logging.Formatter("%(asctime)s %(levelname)s %(name)s: %(message)s"))
        logging.getLogger().addHandler(handler)
    except OSError:
        pass  # logging to a file is a convenience; stderr still works


def _install_excepthook(window) -> None:
    """Unexpected exceptions are logged and shown in a dialog instead of killing the app silently."""
    from playground.qt.main_window import show_error_dialog

    def hook(kind, value, tb):
        if issubclass(kind, KeyboardInterrupt):
            sys.__excepthook__(kind, value, tb)
            return
        log.error("unexpected error", exc_info=(kind, value, tb))
        show_error_dialog(window, value)

    def thread_hook(args):
        log.error("unexpected error in thread %s", args.thread, exc_info=(args.exc_type, args.exc_value,
                                                                          args.exc_traceback))

    sys.excepthook = hook
    threading.excepthook = thread_hook


def create_window(args: argparse.Namespace, settings=None):
    """Build the session and main window from parsed arguments (shared by main() and the tests)."""
    from PySide6.QtCore import QSettings, QTimer
    from playground.qt import i18n
    from playground.qt.main_window import MainWindow
    from playground.qt.session import Session

    settings = settings or QSettings()
    i18n.set_language(i18n.pick_language(args.lang, settings.value("language")))
    runs_dir = args.runs_dir or settings.value("runsDir") or None
    session = Session(runs_dir, settings)
    if args.preset:
        session.form.apply_preset(args.preset)
    if args.max_iters:
        # only the length changes: the run keeps its preset's name
        cfg = session.form.copy()
        cfg.train.max_iters = max(1, args.max_iters)
        session.form.set_config(cfg)
    window = MainWindow(session)
    window.restore_layout()

    def start():
        if args.corpus and args.corpus.startswith("demo:"):
            session.corpus.load_demo(args.corpus[5:])
        elif args.corpus:
            session.corpus.load_file(args.corpus)
        else:
            session.corpus.load_last()
        session.library.refresh()
        if args.train:
            session.training.train_when_ready()

    started = []

    def start_once():
        if not started:
            started.append(True)
            start()

    window.firstPainted.connect(lambda: QTimer.singleShot(0, start_once))
    QTimer.singleShot(1500, start_once)  # in case the window is never drawn (e.g. minimised at start)
    return session, window


def main(argv: list[str] | None = None) -> int:
    args = parse_args(sys.argv[1:] if argv is None else argv)
    _openmp_settings()
    from PySide6.QtCore import QCoreApplication, QTimer
    from PySide6.QtGui import QIcon
    from PySide6.QtWidgets import QApplication

    QCoreApplication.setOrganizationName(ORGANIZATION)
    QCoreApplication.setApplicationName(APPLICATION)
    app = QApplication.instance() or QApplication([sys.argv[0]])
    icon = Path(__file__).resolve().parents[2] / "resources" / "icons" / "playground.png"
    if icon.exists():
        app.setWindowIcon(QIcon(str(icon)))
    _setup_logging()
    session, window = create_window(args)
    _install_excepthook(window)
    app.aboutToQuit.connect(session.shutdown)
    # Ctrl+C in the terminal closes the window the normal way (asking if training); the timer gives Python
    # a chance to run its signal handler while Qt's event loop is busy in C++
    signal.signal(signal.SIGINT, lambda *_: window.close())
    tick = QTimer()
    tick.timeout.connect(lambda: None)
    tick.start(200)
    window.show()
    return app.exec()


def _openmp_settings() -> None:
    """Before torch loads: keep its OpenMP threads spinning briefly between operations, as in the CLI.

    libgomp (torch's OpenMP on Linux) lets its threads spin a few milliseconds for the next parallel operation,
    unless it manages more threads than there are CPUs: then they sleep almost at once. Training on a worker
    thread instead of the main one tips that count, and every operation then waits for sleeping threads to wake
    up: on 2 cores a `baby` step took 20% longer on a worker thread than on the main thread. GOMP_SPINCOUNT set
    to libgomp's own default for the uncrowded case makes them equal; other OpenMP runtimes ignore it, and a
    value the user set is kept.
    """
    os.environ.setdefault("GOMP_SPINCOUNT", "300000")


if __name__ == "__main__":
    sys.exit(main())
