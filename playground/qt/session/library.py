"""The saved runs: the folder they live in, listing them, opening one (its configuration, curves and model
come back), and which run is shown (the one just trained or opened)."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QObject, Signal

from playground.core.errors import PlaygroundError
from playground.qt.session.workers import Tagged


class Library(QObject):
    runsListed = Signal(object)       # list of (Run, summary dict), or (DamagedRun, None)
    runOpened = Signal(object)        # a Run just opened: its configuration becomes the form's
    runChanged = Signal(object)       # the Run shown (training or opened), or None
    historyLoaded = Signal(object)    # list of metrics dicts: the curves of the run just opened
    modelOpened = Signal(object, object)  # the opened run's model (None when it cannot be loaded), the Run

    def __init__(self, workers, notices, runs_dir: Path | None = None, parent=None):
        super().__init__(parent)
        self._workers = workers
        self._notices = notices
        self._runs_dir = Path(runs_dir) if runs_dir else None
        self.run = None
        self._locked = False

    @property
    def runs_dir(self) -> Path:
        if self._runs_dir is None:
            from playground.core.runs import default_runs_dir
            self._runs_dir = default_runs_dir()
        return self._runs_dir

    def set_runs_dir(self, path: str | Path) -> None:
        self._runs_dir = Path(path)
        self.refresh()

    def set_locked(self, locked: bool) -> None:
        """A run is training: another one cannot be opened meanwhile."""
        self._locked = locked

    def set_run(self, run) -> None:
        """Show `run` (the one being trained), or none."""
        self.run = run
        self.runChanged.emit(run)

    def refresh(self) -> None:
        runs_dir = self.runs_dir

        def make():
            from playground.core.runs import list_runs
            damaged = []
            rows = [(r, r.summary()) for r in list_runs(runs_dir, damaged)] + [(d, None) for d in damaged]
            yield Tagged("runs", sorted(rows, key=lambda row: row[0].name, reverse=True))

        self._workers.spawn(make, lambda item: self.runsListed.emit(item.value), name="runs")

    def open(self, path: str | Path) -> bool:
        """Show a saved run: its configuration, curves and model come back."""
        if self._locked:
            return self._notices.refuse(self.tr("Stop the current training before opening another run."))

        def make():
            from playground.core.runs import Run
            run = Run.open(path)
            yield Tagged("run", run)
            yield Tagged("metrics", run.metrics())
            try:
                model = run.load_model() if run.has_weights else None
            except PlaygroundError as e:
                # the run's settings and curves are still worth showing; its model is not there to use
                yield Tagged("model", None)
                raise e from None
            yield Tagged("model", model)

        def on_item(item: Tagged):
            if item.what == "run":
                self.run = item.value
                self.runOpened.emit(item.value)
                self.runChanged.emit(item.value)
            elif item.what == "metrics":
                self.historyLoaded.emit(item.value)
                self._notices.say(self.tr("Opened run {0}").format(self.run.name))
            elif item.what == "model":
                # None too: no model of another run may stay behind for Generate, as if it were this one's
                self.modelOpened.emit(item.value, self.run)

        self._workers.spawn(make, on_item, name="open-run")
        return True
