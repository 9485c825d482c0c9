"""Looking inside the model generation uses, or the one still training: one forward pass over a text (each
token's probability, the next-token distribution, every head's attention) and the embedding map, with its
history over the run's evaluations.

An inspection of the live model runs on the training thread between two steps (Training.request), so the
views never touch a model that is changing; one of a model in memory runs on a worker. Each view asks on its
own channel, and on each channel the newest request wins: while one runs, later ones replace each other and
only the last is run after it.
"""

from __future__ import annotations

import concurrent.futures
from dataclasses import dataclass
from typing import Any

import numpy as np
from PySide6.QtCore import QObject, Signal

from playground.core import events as ev
from playground.core.errors import PlaygroundError
from playground.qt.messages import error_text
from playground.qt.session.workers import Tagged, wait_future

NEIGHBOURS = 8         # kept for every token of every frame of the embedding map
EXCERPT_CHARS = 400    # of validation text, the attention view's default


@dataclass(frozen=True)
class Seen:
    """An inspection (core.inspection.Inspection) of `text`, with the tokenizer that reads its ids."""
    channel: str
    text: str
    inspection: Any
    tokenizer: Any
    vocab_size: int

    def distribution(self, cfg):
        """(vocab,) the probabilities the sampler would draw the next token from with SampleConfig `cfg`."""
        from playground.core.sampler import distribution
        return distribution(self.inspection.next_logits, cfg)[0]

    def raw(self):
        """(vocab,) the model's own next-token probabilities, before temperature, top-k and top-p."""
        import torch
        return torch.softmax(self.inspection.next_logits[0].float(), dim=-1)


@dataclass(frozen=True)
class Frame:
    """The embedding map at one evaluation: each token's place and its nearest tokens by cosine."""
    run_name: str
    iter: int | None          # the steps done when it was taken; None when unknown
    xy: np.ndarray            # (vocab, 2) float32
    near_ids: np.ndarray      # (vocab, NEIGHBOURS) int32, best first
    near_cos: np.ndarray      # (vocab, NEIGHBOURS) float32


class Inspector(QObject):
    inspected = Signal(object)       # Seen
    inspectFailed = Signal(str, str)  # channel, why (in words, for the view to show beside its text)
    framesChanged = Signal()         # the embedding map's history grew or was reset

    def __init__(self, workers, notices, training, generation, corpus, parent=None):
        # reads: the model training (between steps) or the one generation uses, and the corpus for an excerpt
        super().__init__(parent)
        self._workers, self._notices = workers, notices
        self._training, self._generation, self._corpus = training, generation, corpus
        self._running: set[str] = set()
        self._pending: dict[str, tuple] = {}
        self.frames: list[Frame] = []
        self.tokens: list[str] = []      # each token's text, for the embedding map
        self._following = False
        self._steps_done: int | None = None   # of the run training, as its last Step or Eval said
        self._frame_busy = False
        self._frame_wanted: tuple | None = None   # (iter,) of a frame asked for while one was being taken
        training.eventReceived.connect(self._training_event)
        training.historyReset.connect(lambda _h: self._reset_frames())
        generation.modelChanged.connect(self._model_changed)

    # --- which model -------------------------------------------------------------------------------------

    def has_model(self) -> bool:
        return self._training.live or self._generation.model_view is not None

    def _reader(self, read):
        """A function for a worker that returns read(model, tokenizer), or None when there is no model."""
        run = self._training.run
        if self._training.live and run is not None:
            tokenizer = run.tokenizer
            future, _ = self._training.request(lambda model: read(model, tokenizer))
            return lambda should_stop: wait_future(future, should_stop)
        view = self._generation.model_view
        if view is None:
            return None
        return lambda _should_stop: read(view.model, view.tokenizer)

    # --- one text ----------------------------------------------------------------------------------------

    def inspect(self, channel: str, text: str, top_k: int = 5, attention: bool = True) -> bool:
        """Inspect `text` on `channel`; `inspected` brings the Seen. False when there is no model."""
        if not self.has_model():
            return False
        self._pending[channel] = (text, top_k, attention)
        if channel not in self._running:
            self._run(channel)
        return True

    def _run(self, channel: str) -> None:
        text, top_k, attention = self._pending.pop(channel)

        def read(model, tokenizer):
            from playground.core.inspection import inspect_text
            return Seen(channel, text, inspect_text(model, tokenizer, text, top_k, attention), tokenizer,
                        model.config.vocab_size)

        reader = self._reader(read)
        if reader is None:
            return
        holder: list = []

        def make():
            try:
                seen = reader(lambda: bool(holder) and holder[0].isInterruptionRequested())
            except concurrent.futures.CancelledError:
                return  # the run ended first; the view asks again of the model it saved
            if seen is not None:
                yield seen

        def on_failed(error):
            if isinstance(error, PlaygroundError):
                self.inspectFailed.emit(channel, error_text(error))
            elif isinstance(error, ValueError):
                self.inspectFailed.emit(channel, str(error))
            else:
                self._notices.report(error)

        def on_done():
            self._running.discard(channel)
            if channel in self._pending:
                self._run(channel)

        self._running.add(channel)
        holder.append(self._workers.spawn(make, self.inspected.emit, on_failed, on_done, name=f"inspect-{channel}"))

    def excerpt(self) -> str:
        """A piece of the loaded corpus's validation text (its end), from the start of a line: the text the
        model is scored on and never trained on. Empty when no corpus is loaded."""
        view = self._corpus.view
        if view is None:
            return ""
        text = view.corpus.text
        share = float(view.stats.get("val_tokens", 0)) / max(1, view.stats.get("tokens", 1)) or 0.1
        start = int(len(text) * (1 - share))
        line = text.find("\n", start, start + EXCERPT_CHARS)
        start = line + 1 if line >= 0 else start
        return text[start:start + EXCERPT_CHARS].strip("\n")

    # --- the embedding map -------------------------------------------------------------------------------

    def follow_embeddings(self, on: bool = True) -> None:
        """Take a frame of the embedding map at each evaluation from now on (a view of it is open)."""
        if on and not self._following:
            self._following = True
            if not self.frames:
                self._take_frame(self._steps_now())

    def _steps_now(self) -> int | None:
        """The steps done by the model a frame would be taken of now: the one training, or the one in memory."""
        if self._training.live:
            return self._steps_done
        view = self._generation.model_view
        return view.iter + 1 if view is not None and view.iter is not None else None

    def _training_event(self, event) -> None:
        if isinstance(event, ev.Step):
            self._steps_done = event.iter + 1
        elif isinstance(event, ev.Eval):
            self._steps_done = event.iter
            if self._following:
                self._take_frame(event.iter)

    def _model_changed(self, view) -> None:
        # a model opened from disk, or the one just trained: its map, unless the run's last frame is it
        if view is None or not self._following:
            return
        # a frame's step counts the steps done, as an evaluation's does; a saved model's iter is its last step's
        done = view.iter + 1 if view.iter is not None else None
        last = self.frames[-1] if self.frames else None
        if last is None or last.run_name != view.run_name or (done is not None and last.iter != done):
            self._take_frame(done)

    def _reset_frames(self) -> None:
        self.frames, self.tokens = [], []
        self.framesChanged.emit()

    def _take_frame(self, it: int | None = None) -> None:
        if self._frame_busy:
            self._frame_wanted = (it,)  # one more when this one is done: the newest state matters
            return
        run = self._training.run if self._training.live else None
        view = self._generation.model_view
        run_name = run.name if run is not None else (view.run_name if view is not None else "")
        if self.frames and self.frames[-1].run_name != run_name:
            self._reset_frames()
        reference = self.frames[-1].xy if self.frames else None
        need_tokens = not self.tokens

        def read(model, tokenizer):
            from playground.core.inspection import token_embeddings
            weights = token_embeddings(model)
            return weights, tokenizer

        reader = self._reader(read)
        if reader is None:
            return
        holder: list = []

        def make():
            try:
                got = reader(lambda: bool(holder) and holder[0].isInterruptionRequested())
            except concurrent.futures.CancelledError:
                return  # the run ended first: its saved model's frame follows (_model_changed)
            if got is None:
                return
            weights, tokenizer = got
            if need_tokens:
                yield Tagged("tokens", tokenizer.pieces(list(range(weights.size(0)))))
            yield _frame(run_name, it, weights, reference)

        def on_item(item):
            if isinstance(item, Tagged):
                self.tokens = item.value
            elif not self.frames or self.frames[-1].run_name == item.run_name:
                self.frames.append(item)
                self.framesChanged.emit()

        def on_done():
            self._frame_busy = False
            if self._frame_wanted is not None:
                (wanted,), self._frame_wanted = self._frame_wanted, None
                self._take_frame(wanted)

        self._frame_busy = True
        holder.append(self._workers.spawn(make, on_item, None, on_done, name="embedding-map"))


def _frame(run_name: str, it: int | None, weights, reference) -> Frame:
    import torch
    from playground.core.inspection import embedding_map
    ref = torch.from_numpy(reference) if reference is not None and reference.shape[0] == weights.size(0) else None
    xy = embedding_map(weights, ref).numpy()
    unit = torch.nn.functional.normalize(weights, dim=1)
    k = min(NEIGHBOURS, weights.size(0) - 1)
    ids, cos = [], []
    for chunk in unit.split(1024):  # (1024, vocab) at a time: a 50k vocabulary never needs 10 GB at once
        sims = chunk @ unit.T
        rows = torch.arange(sims.size(0)) + len(ids) * 1024
        sims[torch.arange(sims.size(0)), rows] = float("-inf")  # a token is not its own neighbour
        c, i = sims.topk(k, dim=1)
        ids.append(i.int().numpy())
        cos.append(c.numpy())
    return Frame(run_name, it, xy.astype(np.float32), np.concatenate(ids), np.concatenate(cos))
