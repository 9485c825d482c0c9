"""Small shared builders for core tests: tiny configs that train in a second on a CPU."""

from playground.core.config import RunConfig
from playground.core.corpus import corpus_from_text

TEXT = "".join(f"the cat sat on the mat {i % 7}. a dog ran to the log {i % 5}.\n" for i in range(300))


def tiny_config(**train) -> RunConfig:
    cfg = RunConfig.from_dict({
        "model": dict(block_size=16, n_layer=1, n_head=2, n_embd=32),
        "train": dict(batch_size=8, max_iters=40, learning_rate=3e-3, min_lr=3e-4, warmup_iters=5,
                      eval_interval=20, eval_iters=4, sample_tokens=20, device="cpu", threads=1) | train,
    })
    cfg.validate()
    return cfg


def tiny_corpus(text: str = TEXT):
    return corpus_from_text(text, "test text")
