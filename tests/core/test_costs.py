import sys

import pytest

from playground.core.config import ModelConfig, preset
from playground.core.costs import summarize
from playground.core.units import human_bytes, human_count

CONFIGS = [
    ModelConfig(vocab_size=65, block_size=32, n_layer=1, n_head=2, n_embd=32),
    ModelConfig(vocab_size=100, block_size=64, n_layer=3, n_head=4, n_embd=48, bias=True, dropout=0.1),
    ModelConfig(vocab_size=10000, block_size=128, n_layer=2, n_head=8, n_embd=512, dropout=0.1, bias=True),
]


def test_summary_imports_no_torch():
    # the app redraws the summary before torch is loaded; importing this module must not pull it in
    code = "import sys, playground.core.costs, playground.core.units; assert 'torch' not in sys.modules"
    import subprocess
    subprocess.run([sys.executable, "-c", code], check=True)


@pytest.mark.parametrize("cfg", CONFIGS, ids=lambda c: f"L{c.n_layer}C{c.n_embd}b{int(c.bias)}")
def test_parameter_count_matches_model(cfg):
    torch = pytest.importorskip("torch")
    from playground.core.model import GPT
    torch.manual_seed(0)
    model = GPT(cfg)
    s = summarize(cfg, batch_size=4)
    assert s.total_params == model.num_params()
    assert s.non_embedding_params == model.num_params(non_embedding=True)
    assert s.flops_per_token == model.flops_per_token()


def test_layer_table_adds_up():
    cfg = CONFIGS[1]
    s = summarize(cfg, batch_size=8, grad_accum=2)
    assert sum(r.params for r in s.layers) == s.total_params
    blocks = [r for r in s.layers if r.kind == "Block"]
    assert len(blocks) == cfg.n_layer
    assert all(sum(c.params for c in b.children) == b.params for b in blocks)
    assert s.layers[-1].shared_with == "wte" and s.layers[-1].output_shape == (8, 64, 100)
    assert s.tokens_per_iter == 8 * 64 * 2


def test_memory_counts_adamw_states():
    s = summarize(CONFIGS[0], batch_size=1)
    assert s.memory.params == s.memory.grads == 4 * s.total_params
    assert s.memory.optimizer == 8 * s.total_params
    bigger = summarize(CONFIGS[0], batch_size=16)
    assert bigger.memory.activations > s.memory.activations
    half = summarize(CONFIGS[0], batch_size=16, dtype="bfloat16")
    assert half.memory.activations < bigger.memory.activations


def test_unknown_vocabulary_counts_zero_rows():
    cfg = preset("tiny").model
    assert cfg.vocab_size == 0
    assert summarize(cfg).layers[0].params == 0
    assert summarize(cfg, vocab_size=50).layers[0].params == 50 * cfg.n_embd


def test_human_formats():
    assert human_count(812) == "812"
    assert human_count(1_234_567) == "1.23M"
    assert human_bytes(3 * 1024 ** 2) == "3.0 MiB"
