"""Every invalid hyperparameter, alone or in combination, is refused before training, naming the field.

One table drives both the core (`start_training` raises a ConfigError whose `field` names the culprit,
and no run folder is created) and the command line (`playground train ...`: exit status 2, one line on
stderr, no traceback). The CLI is driven in-process through `playground.cli.main` to keep this fast;
tests/test_cli.py runs real subprocesses for a few of these.
"""

from __future__ import annotations

import dataclasses

import pytest

from playground import cli
from playground.core.config import PRESETS, RunConfig, TrainConfig, ModelConfig, DataConfig, preset
from playground.core.errors import ConfigError, CorpusError
from playground.core.trainer import start_training

from tests.support import TEXT, tiny_corpus

# (CLI flags on top of the tiny preset, field that must be named)
CASES = [
    ({"n_layer": 0}, "n_layer"),
    ({"n_layer": -2}, "n_layer"),
    ({"n_layer": 1000}, "n_layer"),
    ({"n_head": 0}, "n_head"),
    ({"n_head": -4}, "n_head"),
    ({"n_embd": 0}, "n_embd"),
    ({"n_embd": -64}, "n_embd"),
    ({"block_size": 0}, "block_size"),
    ({"block_size": 1}, "block_size"),
    ({"block_size": -16}, "block_size"),
    ({"batch_size": 0}, "batch_size"),
    ({"batch_size": -1}, "batch_size"),
    ({"batch_size": 2.5}, "batch_size"),
    ({"batch_size": "many"}, "batch_size"),
    ({"max_iters": 0}, "max_iters"),
    ({"grad_accum": 0}, "grad_accum"),
    ({"eval_interval": 0}, "eval_interval"),
    ({"eval_iters": 0}, "eval_iters"),
    ({"warmup_iters": -1}, "warmup_iters"),
    ({"learning_rate": 0}, "learning_rate"),
    ({"learning_rate": -0.001}, "learning_rate"),
    ({"learning_rate": 100}, "learning_rate"),
    ({"learning_rate": "nan"}, "learning_rate"),
    ({"learning_rate": "inf"}, "learning_rate"),
    ({"learning_rate": 1e-3, "min_lr": 1e-2}, "min_lr"),
    ({"dropout": 1.0}, "dropout"),
    ({"dropout": -0.1}, "dropout"),
    ({"weight_decay": -1}, "weight_decay"),
    ({"beta1": 1.0}, "beta1"),
    ({"beta2": 1.5}, "beta2"),
    ({"grad_clip": -1}, "grad_clip"),
    ({"threads": -1}, "threads"),
    ({"seed": -5}, "seed"),
    ({"bpe_vocab_size": 10, "tokenizer": "bpe"}, "bpe_vocab_size"),
    ({"val_fraction": 0}, "val_fraction"),
    ({"val_fraction": 0.9}, "val_fraction"),
    # heads that do not divide the embedding
    ({"n_head": 3}, "n_embd"),
    ({"n_embd": 100, "n_head": 8}, "n_embd"),
    ({"n_embd": 4, "n_head": 8}, "n_embd"),
    ({"n_head": 65, "n_embd": 65 * 2}, "n_head"),
    # a context window longer than the corpus can provide (train and validation)
    ({"block_size": 8000}, "block_size"),
    ({"block_size": 7550, "val_fraction": 0.5}, "block_size"),
    # a batch that cannot fit in any memory this machine has (the field named is the one that dominates)
    ({"batch_size": 4096, "block_size": 256, "n_embd": 1024, "n_head": 16}, "batch_size"),
    ({"batch_size": 4096, "block_size": 4096}, "block_size"),
    ({"n_layer": 64, "n_embd": 8192, "n_head": 64, "block_size": 8}, "n_embd"),
    # a device or precision this machine does not have
    ({"device": "cuda"}, "device"),
    ({"dtype": "float16"}, "dtype"),
]


def _ids(case):
    flags, field = case
    return ",".join(f"{k}={v}" for k, v in flags.items())


def _config(flags: dict) -> RunConfig:
    """The tiny preset with `flags` applied, as the CLI builds it (values coerced from strings)."""
    base = preset("tiny")
    parts = {"model": dataclasses.asdict(base.model), "train": dataclasses.asdict(base.train) | {"device": "cpu"},
             "data": dataclasses.asdict(base.data)}
    owner = {f.name: s for s, cls in (("model", ModelConfig), ("train", TrainConfig), ("data", DataConfig))
             for f in dataclasses.fields(cls)}
    for k, v in flags.items():
        parts[owner[k]][k] = str(v)
    return RunConfig.from_dict(parts | {"preset": "tiny"})


@pytest.fixture(scope="module")
def corpus_file(tmp_path_factory):
    path = tmp_path_factory.mktemp("corpus") / "cats.txt"
    path.write_text(TEXT, encoding="utf-8")  # 15,000 characters
    return path


@pytest.mark.skipif(__import__("torch").cuda.is_available(), reason="the device cases assume no GPU")
@pytest.mark.parametrize("case", CASES, ids=[_ids(c) for c in CASES])
def test_core_refuses_before_training_and_names_the_field(case, tmp_path):
    flags, field = case
    runs = tmp_path / "runs"
    with pytest.raises(ConfigError) as err:
        cfg = _config(flags)  # bad types are refused here already
        start_training(tiny_corpus(), cfg, runs)
    assert err.value.field == field, str(err.value)
    assert field in str(err.value) or field.replace("_", " ") in str(err.value) or field == "n_embd"
    assert not runs.exists() or not any(runs.iterdir()), "no run folder for a refused configuration"


@pytest.mark.skipif(__import__("torch").cuda.is_available(), reason="the device cases assume no GPU")
@pytest.mark.parametrize("case", CASES, ids=[_ids(c) for c in CASES])
def test_cli_refuses_in_one_line_with_status_2(case, tmp_path, corpus_file, capsys):
    flags, field = case
    argv = ["train", str(corpus_file), "--preset", "tiny", "--device", "cpu", "--runs-dir", str(tmp_path / "runs")]
    for k, v in flags.items():
        argv += [f"--{k.replace('_', '-')}", str(v)]
    try:
        code = cli.main(argv)
    except SystemExit as e:  # argparse refuses values outside a field's choices
        code = e.code
    out, err = capsys.readouterr()
    assert code == 2, (code, err)
    assert "Traceback" not in err
    lines = err.strip().splitlines()
    assert len(lines) == 1, err
    assert field in lines[0] or f"--{field.replace('_', '-')}" in lines[0], lines[0]
    assert not (tmp_path / "runs").exists() or not any((tmp_path / "runs").iterdir())


def test_too_short_corpus_is_both_a_corpus_and_a_settings_problem():
    cfg = _config({"block_size": 2000})
    with pytest.raises(CorpusError) as err:   # callers that catch CorpusError still do
        start_training(tiny_corpus(TEXT[:3000]), cfg, "/nonexistent/never/created")
    assert isinstance(err.value, ConfigError) and err.value.field == "block_size"
    assert "too short" in str(err.value)


def test_memory_refusal_says_how_much_is_needed_and_what_there_is():
    with pytest.raises(ConfigError) as err:
        start_training(tiny_corpus(), _config({"batch_size": 4096, "n_embd": 1024, "block_size": 256}),
                       "/nonexistent/x")
    message = str(err.value)
    assert "164.4 GiB of memory" in message and "GiB in all" in message and "batch_size" in message


@pytest.mark.parametrize("name", list(PRESETS))
def test_every_preset_is_valid_and_fits_here(name):
    from playground.core.costs import check_fits
    from playground.core.devices import device_memory, pick_device
    cfg = preset(name)
    cfg.validate()
    check_fits(cfg, *device_memory(pick_device("cpu")))
