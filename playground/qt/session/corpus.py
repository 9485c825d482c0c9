"""The corpus to train on: loading it and cutting it into tokens with the form's data settings, on a worker,
and the corpora opened recently."""

from __future__ import annotations

import logging
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any

from PySide6.QtCore import QObject, Signal

from playground.core.config import DataConfig
from playground.core.errors import PlaygroundError
from playground.qt.session.workers import Tagged

log = logging.getLogger(__name__)

PREVIEW_CHARS = 600
MAX_RECENT = 8


@dataclass
class CorpusView:
    """A loaded corpus and what its current tokenizer makes of it; plain data for the corpus panel."""
    corpus: Any
    stats: dict = field(default_factory=dict)       # dataset stats: tokens, train_tokens, val_tokens, vocab_size
    pieces: list[str] = field(default_factory=list)  # how the start of the text is cut into tokens
    problem: Exception | None = None                 # why this corpus cannot be trained on with these settings


class Corpus(QObject):
    loading = Signal(str)             # a description of what is being loaded
    changed = Signal(object)          # CorpusView; the previous one (or None) again when loading failed
    analysingChanged = Signal(bool)   # being (re)loaded or tokenized: no training meanwhile
    failed = Signal()                 # an analysis ended in an error

    def __init__(self, workers, notices, settings, parent=None):
        super().__init__(parent)
        self._workers = workers
        self._notices = notices
        self.settings = settings
        self.view: CorpusView | None = None
        self._source: Any = None      # path or ("text", text, name) or ("demo", name)
        self._data = DataConfig()     # the settings to analyse with: the form's, see use_settings
        self._block_size = 0
        self._locked = False
        # one analysis at a time; a request made meanwhile waits in a single slot, where a newer one replaces
        # it (remembering whether any of them asked to load the file again): the latest request wins
        self._running = False
        self._pending: bool | None = None  # None: nothing waiting; else whether to load again

    @property
    def analysing(self) -> bool:
        return self._running

    def vocab_size(self) -> int | None:
        if self.view and self.view.stats.get("vocab_size"):
            return int(self.view.stats["vocab_size"])
        return None

    def set_locked(self, locked: bool) -> None:
        """A run trains on this corpus: refuse to load another."""
        self._locked = locked

    def use_settings(self, data: DataConfig, block_size: int) -> None:
        """The form's settings changed: tokenize again if they change what the corpus view shows."""
        old_data, old_block = self._data, self._block_size
        self._data, self._block_size = replace(data), block_size
        view, changed = self.view, (self._data, self._block_size) != (old_data, old_block)
        # an analysis under way used the old settings, even the first one, which has no view to compare yet
        if (self._running and changed) or (view is not None and (self._data != old_data or
                                                                 (view.problem and block_size != old_block))):
            self._request()

    # --- loading ---------------------------------------------------------------------------------------

    def load_file(self, path: str | Path) -> bool:
        return self._load(str(path), Path(path).name)

    def load_text(self, text: str, name: str = "") -> bool:
        return self._load(("text", text, name or self.tr("Pasted text")), name or self.tr("pasted text"))

    def load_demo(self, name: str = "python-docs") -> bool:
        return self._load(("demo", name), name)

    def load_last(self) -> bool:
        last = str(self.settings.value("lastCorpus") or "")
        if last and not last.startswith("demo:") and Path(last).exists():
            return self.load_file(last)
        return self.load_demo(last[5:] if last.startswith("demo:") else "python-docs")

    def _load(self, source, label: str) -> bool:
        if self._locked:
            return self._notices.refuse(self.tr("A run is training on the current corpus. Stop it before "
                                                "loading another one."))
        self._source = source
        self.loading.emit(label)
        self._notices.say(self.tr("Loading {0}…").format(label))
        self._request(load=True)
        return True

    def _request(self, load: bool = False) -> None:
        if self._running:
            self._pending = bool(self._pending) or load
            return
        self._analyse(load)

    def _analyse(self, load: bool) -> None:
        """(Re)load the corpus if asked and tokenize it with the current data settings, on a worker."""
        self._running, self._pending = True, None
        self.analysingChanged.emit(True)
        source = self._source
        corpus = None if load or self.view is None else self.view.corpus
        data_cfg, block = replace(self._data), self._block_size

        def on_item(item: Tagged):
            if item.what == "view":
                self.view = item.value
                self._remember(source)
                self.changed.emit(item.value)
                self._notices.say(self.tr("Corpus ready: {0}").format(item.value.corpus.name))
                if load and item.value.corpus.note is not None:  # parts of a folder that could not be read
                    self._notices.report(item.value.corpus.note, marks_form=False)

        def on_failed(error):
            if isinstance(error, PlaygroundError) and load:
                self.changed.emit(self.view)  # back to what was loaded before
            self.failed.emit()
            self._notices.report(error)

        def on_done():
            self._running = False
            pending, self._pending = self._pending, None
            if pending is None:
                self.analysingChanged.emit(False)
            else:
                self._analyse(pending)

        self._workers.spawn(lambda: _analysis_stream(source, corpus, data_cfg, block), on_item, on_failed, on_done,
                            name="corpus")

    # --- recent corpora --------------------------------------------------------------------------------

    def _remember(self, source) -> None:
        if isinstance(source, str):
            self.settings.setValue("lastCorpus", source)
            recent = [p for p in self.recent() if p != source]
            self.settings.setValue("recentCorpora", [source, *recent][:MAX_RECENT])
        elif source[0] == "demo":
            self.settings.setValue("lastCorpus", "demo:" + source[1])

    def recent(self) -> list[str]:
        value = self.settings.value("recentCorpora") or []
        return [value] if isinstance(value, str) else [str(v) for v in value]


def _analysis_stream(source, corpus, data_cfg, block_size):
    from playground.core import corpus as corpus_mod
    from playground.core.dataset import prepare_dataset
    if corpus is None:
        if isinstance(source, tuple) and source[0] == "demo":
            corpus = corpus_mod.demo_corpus(source[1])
        elif isinstance(source, tuple):
            corpus = corpus_mod.corpus_from_text(source[1], source[2])
        else:
            corpus = corpus_mod.load_corpus(source)
    view = CorpusView(corpus)
    try:
        dataset = prepare_dataset(corpus, data_cfg, block_size)
    except PlaygroundError as e:
        # the corpus loaded but cannot be trained on with these settings (e.g. shorter than one window):
        # show it anyway and say why Train is disabled
        view.problem = e
        yield Tagged("view", view)
        return
    view.stats = dict(dataset.stats)
    try:
        view.pieces = list(dataset.tokenizer.token_pieces(corpus.text[:PREVIEW_CHARS], 400))
    except Exception:  # noqa: BLE001 - the preview is a nicety; never lose the corpus over it
        log.exception("token preview failed")
    yield Tagged("view", view)
