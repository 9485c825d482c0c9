import json
import math
import os
import shutil

import numpy as np
import pytest

from playground.core import events as ev
from playground.core.compare import compare, open_runs
from playground.core.config import DataConfig
from playground.core.corpus import corpus_from_text
from playground.core.costs import summarize
from playground.core.dataset import prepare_dataset
from playground.core.errors import ConfigError, RunError
from playground.core.runs import Run
from playground.core.trainer import start_training
from tests.support import TEXT, tiny_config, tiny_corpus

OTHER_TEXT = "".join(f"床前明月光，疑是地上霜 {i % 9}。举头望明月，低头思故乡。\n" for i in range(200))


def train(runs_dir, corpus=None, n_layer=1, **settings) -> Run:
    cfg = tiny_config(max_iters=20, eval_interval=10, sample_tokens=0, **settings)
    cfg.model.n_layer = n_layer
    trainer = start_training(corpus or tiny_corpus(), cfg, runs_dir)
    for e in trainer.events():
        assert not isinstance(e, ev.Failed), e.reason
    return Run.open(trainer.run.dir)


@pytest.fixture(scope="module")
def runs(tmp_path_factory):
    d = tmp_path_factory.mktemp("runs")
    return {
        "base": train(d),
        "twin": train(d),
        "bigger": train(d, n_layer=2, learning_rate=1e-3),
        "other": train(d, corpus_from_text(OTHER_TEXT, "poems")),
    }


def copy_run(run: Run, tmp_path, name: str) -> Run:
    return Run.open(shutil.copytree(run.dir, tmp_path / name))


def test_differs_holds_exactly_the_changed_settings(runs):
    c = compare([runs["base"], runs["bigger"]])
    assert c.differs == {"model.n_layer": [1, 2], "train.learning_rate": [3e-3, 1e-3]}
    assert c.same_corpus and c.same_tokenizer and c.best_by == "val_loss"
    losses = [r.final_val_loss for r in c.runs]
    assert c.best == losses.index(min(losses))
    assert [r.params for r in c.runs] == [summarize(r.config.model).total_params
                                          for r in (runs["base"], runs["bigger"])]
    assert c.runs[0].params < c.runs[1].params


def test_the_same_settings_differ_in_nothing(runs):
    c = compare([runs["base"], runs["twin"], runs["base"]])
    assert c.differs == {}


def test_what_each_run_reached_comes_from_its_log(runs):
    r = compare([runs["base"], runs["bigger"]]).runs[0]
    log = runs["base"].metrics()
    evals = [m["val_loss"] for m in log if m["type"] == "eval"]
    assert (r.steps, r.status) == (20, "finished")
    assert r.tokens_seen == 20 * 8 * 16                        # steps x batch x context
    assert r.final_val_loss == evals[-1] and r.best_val_loss == min(evals)
    assert r.seconds == [m for m in log if m["type"] == "step"][-1]["elapsed"]
    rates = sorted(m["tokens_per_sec"] for m in log if m["type"] == "step")
    assert rates[0] <= r.tokens_per_sec <= rates[-1]
    assert r.tokenizer == "char" and r.vocab_size == runs["base"].tokenizer.vocab_size


def test_curves_by_step_tokens_and_time(runs):
    r = compare([runs["base"], runs["other"]]).runs[0]
    assert list(r.train.step) == list(range(1, 21))
    assert list(r.train.tokens) == [s * 128 for s in range(1, 21)]
    assert np.all(np.diff(r.train.seconds) > 0)
    assert list(r.evals.step) == [0, 10, 20]
    assert r.evals.seconds[0] == 0 and r.evals.seconds[2] == r.train.seconds[-1]
    assert r.evals.loss[-1] == r.final_val_loss


def test_different_corpora_are_ranked_by_bits_per_character(runs, tmp_path):
    a, b = copy_run(runs["base"], tmp_path, "base"), copy_run(runs["other"], tmp_path, "other")
    c = compare([a, b])
    assert not c.same_corpus and not c.same_tokenizer and c.best_by == "bits_per_char"
    assert "corpus" not in " ".join(c.differs)  # the corpus is told apart by same_corpus, not as a setting
    for stats, run in zip(c.runs, (a, b)):
        per_char = run.corpus_info["val_tokens"] / run.corpus_info["val_chars"]
        assert stats.bits_per_char == pytest.approx(stats.final_val_loss * per_char / math.log(2))
    # make the run with the higher loss per token the one with fewer bits per character: best must follow bpc
    worse = int(c.runs[1].final_val_loss > c.runs[0].final_val_loss)
    doc = json.loads((c.runs[worse].path / "config.json").read_text())
    doc["corpus"]["val_chars"] *= 100
    (c.runs[worse].path / "config.json").write_text(json.dumps(doc))
    c = compare([Run.open(a.dir), Run.open(b.dir)])
    assert c.best == worse


def test_a_run_that_did_not_record_its_validation_text_has_no_bits_per_character(runs, tmp_path):
    old = copy_run(runs["bigger"], tmp_path, "old")
    doc = json.loads((old.dir / "config.json").read_text())
    del doc["corpus"]["val_chars"], doc["corpus"]["val_tokens"]
    (old.dir / "config.json").write_text(json.dumps(doc))
    c = compare([runs["other"], Run.open(old.dir)])
    assert c.runs[1].bits_per_char is None and c.runs[1].no_bpc == "not recorded"
    assert c.runs[1].final_val_loss is not None
    assert c.best == 0  # the only run with a comparable number


def test_a_run_without_log_or_checkpoint_still_compares(runs, tmp_path):
    empty = copy_run(runs["twin"], tmp_path, "empty")
    (empty.dir / "metrics.jsonl").write_bytes(b"")
    for name in ("model.safetensors", "train_state.safetensors"):
        (empty.dir / name).unlink()
    c = compare([runs["base"], Run.open(empty.dir)])
    r = c.runs[1]
    assert r.status == "no checkpoint"
    assert None is r.steps is r.tokens_seen is r.seconds is r.tokens_per_sec is r.final_val_loss is r.bits_per_char
    assert r.no_bpc == "no evaluation"
    assert len(r.train.step) == len(r.evals.loss) == 0
    assert c.differs == {} and c.best == 0


def test_a_damaged_run_is_refused_by_name(runs, tmp_path):
    broken = copy_run(runs["twin"], tmp_path, "broken-run")
    (broken.dir / "metrics.jsonl").unlink()
    os.mkfifo(broken.dir / "metrics.jsonl")  # would hang a careless reader
    with pytest.raises(RunError, match="broken-run cannot be compared"):
        compare([runs["base"], broken])
    (broken.dir / "config.json").write_text("{")
    with pytest.raises(RunError, match="broken-run cannot be compared"):
        open_runs([runs["base"].dir, broken.dir])


def test_fewer_than_two_runs_are_refused(runs):
    with pytest.raises(ConfigError, match="at least two runs; 1 given"):
        compare([runs["base"]])


@pytest.mark.parametrize("kind", ["char", "bpe"])
def test_characters_are_counted_exactly_even_where_tokens_cut_them(kind):
    # Chinese characters are three UTF-8 bytes: byte-level BPE tokens often hold part of one
    corpus = corpus_from_text(OTHER_TEXT + TEXT, "mixed")
    ds = prepare_dataset(corpus, DataConfig(tokenizer=kind, bpe_vocab_size=300), block_size=16)
    starts = ds.tokenizer.char_starts()
    assert int(starts[np.concatenate([ds.train, ds.val])].sum()) == corpus.n_chars
    assert ds.val_chars() == int(starts[ds.val].sum()) > 0
    if kind == "char":
        assert ds.val_chars() == int((ds.val != ds.tokenizer.eot_id).sum())
