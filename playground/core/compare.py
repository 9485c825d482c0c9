"""Runs side by side: the settings that differ, what each run reached, its curves, and which did best.

    comparison = compare([Run.open(a), Run.open(b)])
    comparison.differs      # {"model.n_layer": [1, 2], "train.learning_rate": [0.003, 0.001]}
    comparison.best         # index of the run with the lowest comparable loss, or None

Everything comes from the run folders (config.json, tokenizer.json, metrics.jsonl): nothing is loaded onto a
device, so comparing many runs is quick and needs no torch. A run without a checkpoint or with an empty log
still compares; its missing numbers are None.

Validation losses compare only between runs scored on the same text in the same tokens: the same corpus, the
same vocabulary and the same validation share. Otherwise the loss per token is turned into bits per character
(loss x validation tokens / validation characters / ln 2), which any two runs share; runs made before the
validation text's length was recorded (config.json's corpus.val_chars) have none.
"""

from __future__ import annotations

import math
import statistics
from dataclasses import dataclass
from pathlib import Path

import numpy as np

from playground.core.costs import summarize
from playground.core.errors import ConfigError, PlaygroundError, RunError
from playground.core.metrics import iter_metrics
from playground.core.runs import Run

# The first steps after a start or a resume warm caches and allocators: not the speed the run keeps.
WARMUP_STEPS = 5
# Which sections of config.json are settings; `preset` is left out: it only names where the values came
# from, and the values it set are compared themselves.
SECTIONS = ("model", "train", "data")


@dataclass(frozen=True)
class Curve:
    """One line of a plot: four arrays of the same length, one point per logged step or evaluation."""
    step: np.ndarray      # optimizer steps done
    tokens: np.ndarray    # training tokens seen by then
    seconds: np.ndarray   # training seconds by then, pauses excluded (nan where the log does not say)
    loss: np.ndarray      # training loss of that step, or validation loss of that evaluation


@dataclass(frozen=True)
class RunStats:
    name: str
    path: Path
    params: int
    tokenizer: str                  # "char" or "bpe"
    vocab_size: int
    corpus_name: str | None
    corpus_source: str | None
    corpus_sha256: str | None
    status: str                     # as Run.summary says: finished, stopped, incomplete, no checkpoint...
    steps: int | None               # optimizer steps done
    tokens_seen: int | None
    seconds: float | None           # training time, pauses excluded
    tokens_per_sec: float | None    # median of the steps after the warm-up ones
    final_val_loss: float | None
    best_val_loss: float | None
    tokens_per_char: float | None   # of the validation text
    bits_per_char: float | None     # of the final validation loss
    no_bpc: str | None              # why bits_per_char is None: "no evaluation" or "not recorded"
    train: Curve                    # training loss per step
    evals: Curve                    # validation loss per evaluation


@dataclass(frozen=True)
class Comparison:
    runs: list[RunStats]
    differs: dict[str, list]        # dotted setting -> one value per run, only the settings that differ
    same_corpus: bool               # every run trained on the same text (by SHA-256)
    same_tokenizer: bool            # every run has the same vocabulary
    best: int | None                # index of the run with the lowest comparable loss
    best_by: str                    # "val_loss" when validation losses compare, else "bits_per_char"


def open_runs(paths) -> list[Run]:
    """Run.open each folder; a damaged one is refused with its name."""
    runs = []
    for path in paths:
        try:
            runs.append(Run.open(path))
        except PlaygroundError as e:
            raise RunError("{name} cannot be compared: {reason}", name=Path(path).name, reason=e) from None
    return runs


def compare(runs: list[Run]) -> Comparison:
    if len(runs) < 2:
        raise ConfigError("Comparing needs at least two runs; {count} given.", count=len(runs))
    stats = []
    for run in runs:
        try:
            stats.append(run_stats(run))
        except PlaygroundError as e:  # e.g. metrics.jsonl is a pipe or unreadable
            raise RunError("{name} cannot be compared: {reason}", name=run.name, reason=e) from None
    same_corpus = len({s.corpus_sha256 for s in stats}) == 1 and stats[0].corpus_sha256 is not None
    vocabularies = [run.tokenizer.to_dict() for run in runs]
    same_tokenizer = all(v == vocabularies[0] for v in vocabularies)
    same_val_text = len({run.config.data.val_fraction for run in runs}) == 1
    best_by = "val_loss" if same_corpus and same_tokenizer and same_val_text else "bits_per_char"
    scores = [(getattr(s, "final_val_loss" if best_by == "val_loss" else "bits_per_char"), i)
              for i, s in enumerate(stats)]
    scored = [(score, i) for score, i in scores if score is not None]
    best = min(scored)[1] if scored else None
    return Comparison(stats, differing_settings(runs), same_corpus, same_tokenizer, best, best_by)


def differing_settings(runs: list[Run]) -> dict[str, list]:
    """Every setting (section.name) whose value is not the same in all runs, in config order."""
    out = {}
    configs = [run.config.to_dict() for run in runs]
    for section in SECTIONS:
        for name in configs[0][section]:
            values = [c[section][name] for c in configs]
            if any(v != values[0] for v in values):
                out[f"{section}.{name}"] = values
    return out


def run_stats(run: Run) -> RunStats:
    cfg = run.config
    tokens_per_iter = cfg.train.batch_size * cfg.train.grad_accum * cfg.model.block_size
    steps, evals, rates, steady = [], [], [], []
    since_start = 0
    for m in iter_metrics(run.metrics_path):
        kind, it = m.get("type"), m.get("iter")
        if kind in ("start", "resumed"):
            since_start = 0
        if type(it) is not int or it < 0:
            continue  # a line garbled by hand or by another program
        if kind == "step" and (loss := _number(m.get("loss"))) is not None:
            steps.append((it + 1, _number(m.get("elapsed")), loss))
            since_start += 1
            if (rate := _number(m.get("tokens_per_sec"))) is not None:
                rates.append(rate)
                if since_start > WARMUP_STEPS:
                    steady.append(rate)
        elif kind == "eval" and (loss := _number(m.get("val_loss"))) is not None:
            evals.append((it, loss))
    rates = steady or rates  # a run too short for a steady speed: every step counts
    elapsed_at = {0: 0.0} | {done: t for done, t, _ in steps if t is not None}
    train = _curve([(s, s * tokens_per_iter, t, loss) for s, t, loss in steps])
    eval_curve = _curve([(s, s * tokens_per_iter, elapsed_at.get(s), loss) for s, loss in evals])
    done = steps[-1][0] if steps else None
    final = evals[-1][1] if evals else None
    finite = [loss for _, loss in evals if math.isfinite(loss)]
    per_char = _tokens_per_char(run.corpus_info)
    bpc = final * per_char / math.log(2) if final is not None and per_char is not None else None
    no_bpc = None if bpc is not None else "no evaluation" if final is None else "not recorded"
    info = run.corpus_info
    return RunStats(
        name=run.name, path=run.dir, params=summarize(cfg.model).total_params, tokenizer=run.tokenizer.kind,
        vocab_size=run.tokenizer.vocab_size, corpus_name=info.get("name"), corpus_source=info.get("source"),
        corpus_sha256=info.get("sha256"), status=str(run.summary()["status"]), steps=done,
        tokens_seen=done * tokens_per_iter if done is not None else None,
        seconds=steps[-1][1] if steps else None, tokens_per_sec=statistics.median(rates) if rates else None,
        final_val_loss=final, best_val_loss=min(finite) if finite else None, tokens_per_char=per_char,
        bits_per_char=bpc, no_bpc=no_bpc, train=train, evals=eval_curve)


def _tokens_per_char(info: dict) -> float | None:
    """Tokens per character of the run's validation text, from what config.json recorded of it."""
    tokens, chars = info.get("val_tokens"), info.get("val_chars")
    if type(tokens) is int and type(chars) is int and tokens > 0 and chars > 0:
        return tokens / chars
    return None


def _number(v) -> float | None:
    """A finite or infinite number as logged, or None for anything else (text, bool, null)."""
    return float(v) if isinstance(v, (int, float)) and not isinstance(v, bool) else None


def _curve(points: list[tuple]) -> Curve:
    a = np.array([[math.nan if x is None else x for x in p] for p in points], dtype=np.float64).reshape(-1, 4)
    return Curve(a[:, 0].copy(), a[:, 1].copy(), a[:, 2].copy(), a[:, 3].copy())
