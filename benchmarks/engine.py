"""Drive the project's own engine exactly as the CLI does: `start_training` and its event stream."""

from __future__ import annotations

import itertools
import tempfile
import time

from benchmarks.common import corpus_path


def load_text_corpus():
    """tinyshakespeare when the shared corpora are there, else the built-in Python-docs demo corpus."""
    from playground.core.corpus import demo_corpus, load_corpus
    p = corpus_path("tinyshakespeare.txt")
    return (load_corpus(p), "tinyshakespeare.txt") if p else (demo_corpus("python-docs"), "built-in python-docs")


def run_config(preset_name: str | None, model: dict | None = None, train: dict | None = None):
    from playground.core.config import DEFAULT_PRESET, RunConfig, preset
    cfg = preset(preset_name or DEFAULT_PRESET)
    d = cfg.to_dict()
    d["model"].update(model or {})
    d["train"].update(train or {})
    out = RunConfig.from_dict(d)
    out.preset = cfg.preset
    out.validate()
    return out


class EngineStepper:
    """Pulls training steps from a real run's event stream, n at a time (so it can interleave with peers)."""

    def __init__(self, corpus, model: dict, batch_size: int, threads: int, dtype: str = "auto", **train):
        from playground.core.trainer import start_training
        self.tmp = tempfile.TemporaryDirectory(prefix="pg-bench-")
        cfg = run_config("baby", model, dict(batch_size=batch_size, max_iters=10_000_000, eval_interval=10_000_000,
                                             eval_iters=1, sample_tokens=0, threads=threads, device="cpu",
                                             dtype=dtype, **train))
        self.trainer = start_training(corpus, cfg, self.tmp.name)
        self.events = self.trainer.events()
        self.started = None
        self.tokens_per_iter = batch_size * cfg.train.grad_accum * cfg.model.block_size
        self.last_loss = float("nan")

    def steps(self, n: int) -> float:
        """Take n optimizer steps; returns the wall seconds they took."""
        from playground.core import events as ev
        t0, k = time.perf_counter(), 0
        for e in self.events:
            if isinstance(e, ev.Started):
                self.started = e
                t0 = time.perf_counter()  # set-up (and the first evaluation below) are not steps
            elif isinstance(e, ev.Eval):
                t0 = time.perf_counter()
            elif isinstance(e, ev.Step):
                self.last_loss = e.loss
                k += 1
                if k == n:
                    return time.perf_counter() - t0
            elif isinstance(e, ev.Failed):
                raise RuntimeError(e.reason)
        raise RuntimeError("the run ended early")

    @property
    def vocab_size(self) -> int:
        return self.trainer.dataset.tokenizer.vocab_size

    def close(self):
        self.trainer.controls.stop()
        for _ in itertools.islice(self.events, 1000):
            pass
        self.tmp.cleanup()
