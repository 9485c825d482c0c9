"""Text generation: streams tokens as the model produces them, using the key/value cache."""

from __future__ import annotations

import random
import time
from typing import Callable, Iterator

import torch
from torch.nn import functional as F

from playground.core.config import SampleConfig
from playground.core.encodings import normalise
from playground.core.errors import SampleError
from playground.core.events import Choice, SampleDone, Token
from playground.core.inference import decode, new_cache


def filter_logits(logits: torch.Tensor, top_k: int, top_p: float) -> torch.Tensor:
    """Set to -inf every logit outside the top-k and outside the smallest set whose probability reaches top-p."""
    if top_k and top_k < logits.size(-1):
        kth = torch.topk(logits, top_k).values[..., -1, None]
        logits = logits.masked_fill(logits < kth, float("-inf"))
    if top_p < 1.0:
        sorted_logits, order = torch.sort(logits, descending=True)
        probs = F.softmax(sorted_logits, dim=-1)
        # drop a token when the tokens ranked above it already reach top_p; the first one always stays, also
        # for a top_p so small that it is 0 in the logits' float32 (5e-324 is), where the test drops it
        drop = probs.cumsum(dim=-1) - probs >= top_p
        drop[..., 0] = False
        logits = logits.masked_fill(drop.scatter(-1, order, drop), float("-inf"))
    return logits


def draw(logits: torch.Tensor, rng: torch.Generator) -> torch.Tensor:
    """One token id (shape (1,)) drawn from softmax(logits) of shape (1, vocab)."""
    return draw_from(torch.softmax(logits, dim=-1), rng)


def draw_from(probs: torch.Tensor, rng: torch.Generator) -> torch.Tensor:
    """One token id (shape (1,)) drawn from the probabilities `probs` of shape (1, vocab).

    By inverting the cumulative distribution: one uniform number and a binary search. Filtered tokens
    (-inf) have probability 0, a flat step no uniform number lands in. torch.multinomial took 40 us at a
    65-token vocabulary and 300 us at 10,000; this takes 20-50 us.
    """
    cdf = probs.cumsum(-1)
    total = cdf[0, -1].item()  # 1 up to rounding, which the uniform number is scaled by; NaN from NaN logits
    if not total > 0:
        raise _not_a_number()
    u = torch.rand((1, 1), generator=rng, device=probs.device).mul_(total)
    return torch.searchsorted(cdf, u, right=True).view(1)


def distribution(logits: torch.Tensor, cfg: SampleConfig) -> torch.Tensor:
    """The probabilities the sampler draws the next token from, for logits (1, vocab) and cfg's temperature,
    top-k and top-p: 0 for every token the settings cut off; at temperature 0, 1 for the most likely token.

    Raises SampleError if the logits are not numbers."""
    logits = logits.float()
    if cfg.temperature > 0:
        probs = _settings_probs(logits, cfg)
        if torch.isfinite(probs).all():
            return probs
    if not torch.isfinite(logits).all():
        raise _not_a_number()
    # at temperature 0, or when logits / temperature overflowed to infinities (a temperature of 1e-40, say):
    # the limit of ever colder sampling is the most likely token
    return F.one_hot(torch.argmax(logits, dim=-1), logits.size(-1)).float()


def choose(logits: torch.Tensor, cfg: SampleConfig, rng: torch.Generator) -> torch.Tensor:
    """The next token id (shape (1,)): the most likely at temperature 0, else drawn with `rng` from
    distribution(logits, cfg), with no more operations per token than that needs."""
    logits = logits.float()
    if cfg.temperature == 0:
        return torch.argmax(logits, dim=-1)
    try:
        return draw_from(_settings_probs(logits, cfg), rng)
    except SampleError:
        return draw_from(distribution(logits, cfg), rng)  # the rare cases, each with its own check


def _settings_probs(logits, cfg):
    return torch.softmax(filter_logits(logits / cfg.temperature, cfg.top_k, cfg.top_p), dim=-1)


def _not_a_number() -> SampleError:
    return SampleError("The model's output is not a number, so nothing can be sampled from it: its weights "
                       "hold NaN or infinite values. Train the model again or open another run.")


def encode_prompt(tokenizer, prompt: str) -> list[int]:
    """The prompt's tokens, its line ends made like the corpus' (a pasted Windows "\r\n" is a "\n" there).

    Raises TokenizerError if the prompt holds characters the vocabulary lacks."""
    return tokenizer.encode(normalise(prompt)) if prompt else []


@torch.inference_mode()  # lighter than no_grad (no version counters, no view tracking): a sixth off a `baby` token
def generate(model, tokenizer, prompt: str, cfg: SampleConfig,
             should_stop: Callable[[], bool] | None = None, details: int = 0) -> Iterator[Token | SampleDone]:
    """Yield Token events as text is produced, then a SampleDone per sample.

    With `details` = k > 0, each Token also says how probable the model found each of its tokens and
    which k it found most probable there (two more operations a token: a few percent of its time).

    An empty prompt starts from the end-of-text token, i.e. at the start of a document. A prompt longer than
    the context window keeps its last `block_size` tokens. A sample ends at `max_new_tokens`, at an
    end-of-text token, or when `should_stop()` returns True.
    Raises TokenizerError if the prompt holds characters the vocabulary lacks.
    """
    cfg.validate()
    prompt_ids = encode_prompt(tokenizer, prompt)
    seed = cfg.seed if cfg.seed >= 0 else random.randrange(2**63)
    device = next(model.parameters()).device
    rng = torch.Generator(device=device)
    for s in range(cfg.num_samples):
        rng.manual_seed(seed + s)
        yield from _sample_one(model, tokenizer, prompt, prompt_ids, cfg, rng, s, should_stop, details)


def context_ids(tokenizer, prompt_ids: list[int], block_size: int) -> list[int]:
    """What the model reads before its first token: the prompt's last `block_size` tokens, or for an empty
    prompt the end-of-text token (the start of a new document)."""
    return (prompt_ids or [tokenizer.eot_id])[-block_size:]


def _sample_one(model, tokenizer, prompt, prompt_ids, cfg, rng, index, should_stop, details):
    block = model.config.block_size
    device = next(model.parameters()).device
    context = context_ids(tokenizer, prompt_ids, block)
    seen: list[tuple[float, tuple[Choice, ...]]] = []  # with details: per pending token
    generated: list[int] = []
    pending: list[int] = []  # tokens not yet shown: with byte-level BPE a character can span tokens
    pieces: list[str] = []
    t0 = time.perf_counter()
    first_token_at = 0.0
    cache = new_cache(model)
    logits = model(torch.tensor([context], device=device), cache=cache)[0][:, -1, :]
    for _ in range(cfg.max_new_tokens):
        if should_stop is not None and should_stop():
            break
        next_t = choose(logits, cfg, rng)
        next_id = int(next_t)
        if next_id == tokenizer.eot_id:
            break
        if not generated:
            first_token_at = time.perf_counter() - t0
        generated.append(next_id)
        pending.append(next_id)
        if details:
            seen.append(_details(logits, next_id, details, tokenizer))
        text = tokenizer.decode(pending)
        if not text.endswith("\ufffd") or len(pending) >= 4:
            pieces.append(text)
            yield _token(index, text, pending, seen)
            pending.clear()
            seen.clear()
        context.append(next_id)
        if cache.pos >= block:
            # Learned positions cannot slide, so when the window is full the cache is rebuilt from the last
            # three quarters of the context: a full prefill every block/4 tokens instead of every token.
            context = context[-(3 * block // 4):]
            cache.reset()
            logits = model(torch.tensor([context], device=device), cache=cache)[0][:, -1, :]
        else:
            logits = decode(model, next_t, cache)
    if pending:
        pieces.append(tokenizer.decode(pending))
        yield _token(index, pieces[-1], pending, seen)
    yield SampleDone(index, prompt + "".join(pieces), len(generated),
                     time.perf_counter() - t0, first_token_at)


def _details(logits, next_id: int, k: int, tokenizer) -> tuple[float, tuple[Choice, ...]]:
    probs = torch.softmax(logits.float(), dim=-1)[0]
    top_p, top_i = probs.topk(min(k, probs.numel()))
    return float(probs[next_id]), tuple(choices(tokenizer, top_i.tolist(), top_p.tolist()))


def choices(tokenizer, ids: list[int], probs: list[float]) -> list[Choice]:
    """Choice(id, text, prob) for each of `ids`, named by the tokenizer."""
    return list(map(Choice, ids, tokenizer.pieces(ids), probs))


def _token(index: int, text: str, ids: list[int], seen: list) -> Token:
    if not seen:
        return Token(index, text, tuple(ids))
    return Token(index, text, tuple(ids), tuple(p for p, _ in seen), tuple(t for _, t in seen))
