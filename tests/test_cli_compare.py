import json
import shutil

import pytest

from playground.cli import main
from playground.core import events as ev
from playground.core.corpus import corpus_from_text
from playground.core.trainer import start_training
from tests.support import tiny_config, tiny_corpus


def train(runs_dir, corpus=None, n_layer=1, **settings):
    cfg = tiny_config(max_iters=20, eval_interval=10, sample_tokens=0, **settings)
    cfg.model.n_layer = n_layer
    trainer = start_training(corpus or tiny_corpus(), cfg, runs_dir)
    for e in trainer.events():
        assert not isinstance(e, ev.Failed), e.reason
    return trainer.run.dir


@pytest.fixture(scope="module")
def made(tmp_path_factory):
    d = tmp_path_factory.mktemp("runs")
    made = [train(d), train(d, n_layer=2, learning_rate=1e-3),
            train(d, corpus_from_text("ABC DEF GHI JKL.\n" * 200, "shouting"))]
    return d, [p.name for p in made]  # base, bigger, other corpus


def compare(capsys, *args):
    code = main(["compare", *map(str, args)])
    out, err = capsys.readouterr()
    return code, out, err


def test_json_has_the_issue_shape(made, capsys):
    runs_dir, names = made
    a, b, _ = names
    code, out, _ = compare(capsys, a, b, "--runs-dir", runs_dir, "--json")
    doc = json.loads(out)
    assert code == 0
    assert doc["runs"] == [a, b]
    assert doc["differs"] == {"model.n_layer": [1, 2], "train.learning_rate": [3e-3, 1e-3]}
    assert len(doc["final_val_loss"]) == 2 and all(isinstance(x, float) for x in doc["final_val_loss"])
    assert doc["best"] == doc["final_val_loss"].index(min(doc["final_val_loss"]))
    assert doc["best_by"] == "val_loss" and doc["same_corpus"] is True
    assert doc["params"][0] < doc["params"][1] and doc["steps"] == [20, 20]


def test_table_has_a_column_per_run_and_marks_the_best(made, capsys):
    runs_dir, names = made
    a, b, c = names
    code, out, _ = compare(capsys, runs_dir / a, b, c, "--runs-dir", runs_dir)
    lines = out.splitlines()
    assert code == 0
    rows = {line.split("  ")[0].strip(): line for line in lines}
    for row in ("model.n_layer", "train.learning_rate", "corpus", "params", "tokenizer", "steps", "tokens/s",
                "final val loss", "best val loss", "bits/char"):
        assert row in rows, (row, out)
    assert "model.vocab_size" in rows  # the third corpus has other characters
    assert "model.n_embd" not in rows and "train.batch_size" not in rows  # the same everywhere: not shown
    assert rows["model.n_layer"].split()[1:] == ["1", "2", "1"]
    header = lines[0]
    assert header.count("*") == 1 and all(n in header for n in (a, b, c))
    assert "corpora differ" in out and "* best: lowest bits per character" in out


def test_the_same_settings_say_so(made, capsys, tmp_path):
    runs_dir, names = made
    a = names[0]
    twin = shutil.copytree(runs_dir / a, tmp_path / "twin")
    code, out, _ = compare(capsys, runs_dir / a, twin)
    assert code == 0 and "settings: all the same" in out and "* best: lowest final val loss" in out


def test_latest_is_resolved(made, capsys):
    runs_dir, names = made
    code, out, _ = compare(capsys, names[0], "latest", "--runs-dir", runs_dir, "--json")
    assert code == 0 and json.loads(out)["runs"][1] in names


@pytest.mark.parametrize("args, words", [
    (["ONE"], ["at least two runs", "1 given"]),
    (["ONE", "no-such-run"], ["no run named", "no-such-run"]),
    (["ONE", "DAMAGED"], ["damaged-run cannot be compared"]),
])
def test_refusals_are_one_line_with_status_2(made, capsys, tmp_path, args, words):
    runs_dir, names = made
    damaged = shutil.copytree(runs_dir / names[0], tmp_path / "damaged-run")
    (damaged / "tokenizer.json").write_text("[]")
    real = {"ONE": str(runs_dir / names[0]), "DAMAGED": str(damaged)}
    code, out, err = compare(capsys, *[real.get(a, a) for a in args], "--runs-dir", runs_dir)
    assert code == 2 and out == ""
    assert len(err.strip().splitlines()) == 1 and "Traceback" not in err
    for w in words:
        assert w.lower() in err.lower(), err


def test_no_run_named_at_all_is_a_usage_error(capsys):
    with pytest.raises(SystemExit) as e:
        main(["compare"])
    assert e.value.code == 2
