"""Typed events that training and sampling stream to whoever drives them (CLI, Qt worker, tests).

Each event is a small frozen dataclass of plain values (Failed also keeps the error behind it, which
`to_dict` leaves out), so it can cross threads and be written to `metrics.jsonl` as one JSON object
(`to_dict`). No event carries the live model or trainer.
"""

from __future__ import annotations

import dataclasses
from dataclasses import dataclass, field


@dataclass(frozen=True)
class Event:
    type = "event"

    def to_dict(self) -> dict:
        return {"type": self.type, **dataclasses.asdict(self)}


@dataclass(frozen=True)
class Started(Event):
    """The run is set up and about to take its first (or, when resuming, next) step."""
    type = "start"
    run_dir: str
    iter: int               # first step to be taken (0, or the resume point)
    max_iters: int
    n_params: int
    device: str             # e.g. "cpu", "cuda:0"
    dtype: str              # precision actually used, e.g. "float32", "bfloat16"
    tokens_per_iter: int
    train_tokens: int
    val_tokens: int
    resumed: bool = False


@dataclass(frozen=True)
class Step(Event):
    type = "step"
    iter: int               # the step just taken, counting from 0
    loss: float
    lr: float
    tokens_per_sec: float
    grad_norm: float
    elapsed: float          # seconds of training so far in this run, pauses excluded
    epoch: float            # how many times the training tokens have been seen, on average


@dataclass(frozen=True)
class Eval(Event):
    type = "eval"
    iter: int
    train_loss: float
    val_loss: float


@dataclass(frozen=True)
class Sample(Event):
    """A short preview generated at an evaluation, so one can watch the model move from noise to words."""
    type = "sample"
    iter: int
    text: str


@dataclass(frozen=True)
class Saved(Event):
    type = "saved"
    iter: int
    path: str


@dataclass(frozen=True)
class Paused(Event):
    type = "paused"
    iter: int


@dataclass(frozen=True)
class Resumed(Event):
    type = "resumed"
    iter: int


@dataclass(frozen=True)
class Finished(Event):
    """Training ended normally: all steps done (`stopped` False) or stopped on request (`stopped` True).

    `kept` is False for a new run stopped before its first step: nothing was learned or saved, and its
    folder is already gone.
    """
    type = "done"
    iter: int
    train_loss: float
    val_loss: float
    stopped: bool
    elapsed: float
    kept: bool = True


@dataclass(frozen=True)
class Failed(Event):
    """Training could not go on; `reason` is a sentence for the user. The last good checkpoint is kept.

    `error`, when there is one, is the PlaygroundError behind `reason`, for the app to show translated.
    """
    type = "failed"
    iter: int
    reason: str
    error: Exception | None = field(default=None, compare=False)

    @classmethod
    def of(cls, it: int, error: Exception) -> "Failed":
        return cls(it, str(error), error)

    def to_dict(self) -> dict:
        return {"type": self.type, "iter": self.iter, "reason": self.reason}


# --- sampling ---

@dataclass(frozen=True)
class Token(Event):
    """New text produced by the sampler (may be several characters, or empty for a partial UTF-8 byte)."""
    type = "token"
    sample: int             # which sample (0-based) this belongs to
    text: str
    # with generate(details=True), for each token behind `text` (with byte-level BPE a character can take
    # several): its id, the probability the model gave it (temperature 1, nothing cut off), and the tokens
    # the model found most likely there, the drawn one among them or not
    ids: tuple[int, ...] = ()
    probs: tuple[float, ...] = ()
    top: tuple[tuple[Choice, ...], ...] = ()


@dataclass(frozen=True)
class Choice:
    """A token the model could say next: its id, its text (Tokenizer.pieces) and its probability."""
    id: int
    text: str
    prob: float


@dataclass(frozen=True)
class SampleDone(Event):
    type = "sample_done"
    sample: int
    text: str               # the whole sample, prompt included
    new_tokens: int
    seconds: float
    first_token_seconds: float
