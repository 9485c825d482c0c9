"""The command line as a user meets it: real subprocesses, real files."""

import json

import pytest

from tests.support import TEXT, TINY, playground


@pytest.fixture(scope="module")
def corpus(tmp_path_factory):
    path = tmp_path_factory.mktemp("corpus") / "cats.txt"
    path.write_text(TEXT, encoding="utf-8")
    return path


@pytest.fixture(scope="module")
def trained(corpus, tmp_path_factory):
    runs = tmp_path_factory.mktemp("runs")
    result = playground("train", corpus, *TINY, "--max-iters", "40", "--runs-dir", runs)
    assert result.returncode == 0, result.stderr
    return runs, next(runs.iterdir())


def test_train_prints_evaluations_and_writes_a_run(trained):
    runs, run = trained
    metrics = [json.loads(line) for line in (run / "metrics.jsonl").read_text().splitlines()]
    evals = [m for m in metrics if m["type"] == "eval"]
    assert evals[-1]["iter"] == 40 and evals[-1]["val_loss"] < evals[0]["val_loss"]
    assert {"config.json", "tokenizer.json", "model.safetensors", "metrics.jsonl"} <= {p.name for p in run.iterdir()}


def test_sample_streams_only_text_to_stdout(trained):
    runs, run = trained
    result = playground("sample", run.name, "--runs-dir", runs, "--prompt", "the cat", "--max-new-tokens", "30",
                        "--seed", "1", "--num-samples", "2")
    assert result.returncode == 0, result.stderr
    assert result.stdout.startswith("the cat")
    assert result.stdout.count("the cat") >= 2  # both samples, prompt included
    assert set(result.stdout) <= set(TEXT)  # only characters of the corpus
    assert "sample 2 of 2" in result.stderr and "sample" not in result.stdout.replace("the cat", "")


def test_info_shows_configuration_and_losses(trained):
    runs, run = trained
    result = playground("info", "latest", "--runs-dir", runs)
    assert result.returncode == 0, result.stderr
    assert "parameters:" in result.stdout and "val" in result.stdout and "n_layer=1" in result.stdout


@pytest.mark.parametrize("args, words", [
    (["train", "/no/such/file.txt"], "no such file"),
    (["train", "{corpus}", "--n-embd", "30", "--n-head", "4"], "divisible"),
    (["train", "{corpus}", "--n-layer", "0"], "n_layer"),
    (["train", "{corpus}", "--learning-rate", "abc"], "learning_rate"),
    (["train", "{corpus}", "--block-size", "8000", "--batch-size", "1"], "too short"),
    (["train", "{corpus}", "--preset", "huge"], "invalid choice"),
    (["train"], "corpus"),
    (["train", "{corpus}", "--demo"], "not both"),
    (["train", "{bad_jsonl}"], "line 2: not valid JSON (Unterminated string starting at, column 10)"),
    (["sample", "/no/such/run"], "No run"),
    (["sample", "{run}", "--prompt", "ÿ€"], "ÿ"),
    (["sample", "{run}", "--temperature", "-1"], "temperature"),
    (["sample", "{run}", "--device", "foo"], "invalid choice"),
    (["info", "{corpus}"], "run"),
])
def test_bad_input_gives_one_line_and_status_2(args, words, corpus, trained):
    _, run = trained
    bad_jsonl = corpus.parent / "bad.jsonl"
    bad_jsonl.write_text('{"text": "ok"}\n{"text": "unterminated\n', encoding="utf-8")
    args = [a.format(corpus=corpus, run=run, bad_jsonl=bad_jsonl) for a in args]
    result = playground(*args)
    assert result.returncode == 2, (result.stdout, result.stderr)
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1 and "Traceback" not in result.stderr, result.stderr
    assert words.lower() in lines[0].lower()


def test_a_built_in_demo_opens_the_app_rather_than_being_taken_for_a_typo(monkeypatch):
    # `playground demo:arithmetic` is the app's documented way to open a built-in corpus
    from playground.cli import _not_for_the_app

    monkeypatch.setenv("DISPLAY", ":0")
    assert _not_for_the_app(["demo:arithmetic", "--train"]) is None
    assert "neither a subcommand" in _not_for_the_app(["demo-arithmetic"])
