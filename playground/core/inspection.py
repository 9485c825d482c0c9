"""Looking inside a model: how sure it was of each token, what it would say next, where each head looks, and
which tokens its embedding puts side by side.

    seen = inspect_text(model, tokenizer, "To be, or not")   # one forward pass
    seen.tokens, seen.token_probs, seen.alternatives         # per position
    sampler.distribution(seen.next_logits, sample_config)    # what the sampler would draw from next
    top_choices(tokenizer, probs, 20)                        # its 20 most likely tokens, with their text
    seen.attention                                           # (n_layer, n_head, T, T)
    xy = embedding_map(token_embeddings(model))              # (vocab, 2)
    neighbours(token_embeddings(model), token_id)

Nothing here runs while a model trains: the attention weights are kept only for the forward pass made here
(CausalSelfAttention.keep_weights), and the views ask for a copy of what they show between two steps.
"""

from __future__ import annotations

from dataclasses import dataclass

import torch

from playground.core.events import Choice
from playground.core.sampler import choices, context_ids, encode_prompt


@dataclass(frozen=True)
class Inspection:
    """What one forward pass over a text shows.

    The tokens are those the sampler would read before continuing the text (sampler.context_ids): the
    text's last `block_size` tokens, or for an empty text the end-of-text token. Position 0 has no
    probability: nothing came before it.
    """
    ids: list[int]
    tokens: list[str]                      # each token's own text (Tokenizer.pieces)
    token_probs: list[float | None]        # P(token i | the tokens before it); None at position 0
    alternatives: list[list[Choice]]       # the most likely tokens at position i, best first; [] at position 0
    next_logits: torch.Tensor              # (1, vocab) float32: the logits for the token after the last
    attention: torch.Tensor | None         # (n_layer, n_head, T, T) float32: row q, how query q weighs each key


@torch.inference_mode()
def inspect_ids(model, tokenizer, ids: list[int], top_k: int = 5, attention: bool = True) -> Inspection:
    """The Inspection of the token ids `ids` (at most the model's context window long)."""
    T = len(ids)
    if not 0 < T <= model.config.block_size:
        raise ValueError(f"{T} tokens: inspect between 1 and {model.config.block_size} (the context window)")
    was_training = model.training
    model.eval()
    blocks = [b.attn for b in model.transformer.h] if attention else []
    kept: list[torch.Tensor] = []
    for attn in blocks:
        attn.keep_weights = kept
    try:
        device = model.lm_head.weight.device
        x = model.hidden(torch.tensor([ids], device=device))
        logits = model.lm_head(model.transformer.ln_f(x))[0].float()  # (T, vocab)
    finally:
        for attn in blocks:
            attn.keep_weights = None
        model.train(was_training)
    probs = torch.softmax(logits, dim=-1)
    k = min(top_k, probs.size(-1))
    actual = probs[:-1].gather(1, torch.tensor(ids[1:], device=device)[:, None])[:, 0].tolist()
    top_p, top_i = probs[:-1].topk(k, dim=-1)
    alternatives = [[]] + [choices(tokenizer, i, p) for i, p in zip(top_i.tolist(), top_p.tolist())]
    weights = torch.cat(kept).float().cpu() if kept else None  # (n_layer, n_head, T, T): batch 1
    return Inspection(list(ids), tokenizer.pieces(ids), [None, *actual], alternatives, logits[-1:].cpu(), weights)


def inspect_text(model, tokenizer, text: str, top_k: int = 5, attention: bool = True) -> Inspection:
    """The Inspection of `text`, read as the sampler reads a prompt. Raises TokenizerError if the text holds
    characters the vocabulary lacks."""
    ids = context_ids(tokenizer, encode_prompt(tokenizer, text), model.config.block_size)
    return inspect_ids(model, tokenizer, ids, top_k, attention)


def top_choices(tokenizer, probs: torch.Tensor, k: int) -> list[Choice]:
    """The k most probable tokens of `probs` (vocab,), best first: for the distribution after a text, say
    `top_choices(tokenizer, sampler.distribution(seen.next_logits, cfg)[0], 20)`."""
    p, i = probs.topk(min(k, probs.numel()))
    return choices(tokenizer, i.tolist(), p.tolist())


# --- the embedding ------------------------------------------------------------------------------------------

def token_embeddings(model) -> torch.Tensor:
    """A float32 CPU copy of the token embedding (vocab, n_embd): cheap enough to take between two steps."""
    return model.transformer.wte.weight.detach().float().cpu().clone()


def embedding_map(weights: torch.Tensor, reference: torch.Tensor | None = None) -> torch.Tensor:
    """(vocab, 2): each token's embedding projected on the two principal components of them all.

    The components come from the eigenvectors of the n_embd x n_embd covariance (exact, deterministic, and
    no random numbers drawn from torch's generator, which training shares), the same as an SVD of the
    centred embeddings. A component's sign is arbitrary; each is turned so that the token furthest along it
    lies on its positive side, and with `reference` (an earlier map of the same vocabulary) the map is
    instead rotated or mirrored to match it as well as it can, so that a map refreshed during training
    does not flip from one evaluation to the next.
    """
    x = weights.detach().double()
    x = x - x.mean(dim=0, keepdim=True)
    _, vectors = torch.linalg.eigh(x.T @ x)       # ascending eigenvalues
    xy = x @ vectors[:, -2:].flip(-1) if x.size(1) >= 2 else torch.cat([x, torch.zeros_like(x)], dim=1)
    if reference is not None and reference.shape == xy.shape:
        # orthogonal Procrustes: the rotation or reflection R minimising |xy R - reference|
        u, _, vt = torch.linalg.svd(xy.T @ reference.double())
        return (xy @ (u @ vt)).float()
    far = xy.abs().argmax(dim=0)
    signs = torch.sign(xy[far, torch.arange(xy.size(1))])
    return (xy * torch.where(signs == 0, 1.0, signs)).float()


def neighbours(weights: torch.Tensor, token_id: int, k: int = 8) -> list[tuple[int, float]]:
    """The k tokens whose embeddings point most nearly the same way as token_id's: (id, cosine), best first."""
    unit = torch.nn.functional.normalize(weights.detach().float(), dim=1)
    cos = unit @ unit[token_id]
    cos[token_id] = float("-inf")
    k = min(k, cos.numel() - 1)
    values, ids = cos.topk(k)
    return list(zip(ids.tolist(), values.tolist()))
