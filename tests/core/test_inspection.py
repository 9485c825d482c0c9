"""The inspection module: attention weights that are the forward's own, probabilities that are the sampler's,
and an embedding map that is a true PCA."""

import pytest
import torch
from torch.nn import functional as F

from playground.core.config import ModelConfig, SampleConfig
from playground.core.controls import Controls
from playground.core.events import Token
from playground.core.inspection import (embedding_map, inspect_ids, inspect_text, neighbours, token_embeddings,
                                        top_choices)
from playground.core.model import GPT
from playground.core.sampler import distribution, draw_from, generate
from playground.core.tokenizer import train_tokenizer

TEXT = "the quick brown fox jumps over the lazy dog; 0123456789 THE END.\n"


def sharp_model(block=16, n_layer=2, n_head=2, n_embd=32, text=TEXT, kind="char", seed=0):
    """A random model with large weights: peaked attention and confident predictions, so that a wrong
    weight or a wrong token shows."""
    tok = train_tokenizer([text * 20], kind, vocab_size=300) if kind == "bpe" else train_tokenizer([text], kind)
    torch.manual_seed(seed)
    model = GPT(ModelConfig(vocab_size=tok.vocab_size, block_size=block, n_layer=n_layer, n_head=n_head,
                            n_embd=n_embd))
    with torch.no_grad():
        for p in model.parameters():
            if p.dim() == 2:
                p.normal_(0, 0.35)
    return model.eval(), tok


@pytest.mark.parametrize("block,T", [(16, 11), (160, 150)])  # the short-window path and the fused kernel's lengths
def test_attention_rows_sum_to_one_and_never_look_ahead(block, T):
    model, tok = sharp_model(block=block)
    ids = tok.encode((TEXT * 3)[:T])
    att = inspect_ids(model, tok, ids).attention
    assert att.shape == (2, 2, T, T)
    assert torch.allclose(att.sum(-1), torch.ones(2, 2, T), atol=1e-5)
    assert (att.triu(1) == 0).all()
    assert att.max() > 0.5  # not uniform: the test could tell a wrong weight from a right one


@pytest.mark.parametrize("block,T", [(16, 12), (160, 150)])
def test_the_layers_rebuilt_from_the_weights_are_the_forwards_own(block, T):
    model, tok = sharp_model(block=block)
    ids = tok.encode((TEXT * 3)[:T])
    att = inspect_ids(model, tok, ids).attention
    # what every block received and returned in a plain forward (no weights kept: for T > 128 that is
    # scaled_dot_product_attention, not the explicit path the inspection takes)
    seen = []
    hooks = [b.register_forward_hook(lambda m, args, out: seen.append((args[0], out))) for b in model.transformer.h]
    with torch.no_grad():
        logits, _ = model(torch.tensor([ids]), targets=torch.tensor([ids]))
    for h in hooks:
        h.remove()
    C, nh = model.config.n_embd, model.config.n_head
    for layer, (block_module, (x_in, x_out)) in enumerate(zip(model.transformer.h, seen)):
        with torch.no_grad():
            v = block_module.attn.c_attn(block_module.ln_1(x_in))[0, :, 2 * C:].view(T, nh, C // nh).transpose(0, 1)
            heads = att[layer] @ v                                   # (nh, T, hs): each head's mix of values
            x_mid = x_in[0] + block_module.attn.c_proj(heads.transpose(0, 1).reshape(T, C))
            rebuilt = x_mid + block_module.mlp(block_module.ln_2(x_mid))
        # float32 rounding of values about 10 in size, summed in another order by the fused kernel
        torch.testing.assert_close(rebuilt, x_out[0], rtol=1e-4, atol=1e-4, msg=f"layer {layer}")
    # and the probabilities come from those same logits
    seen_probs = inspect_ids(model, tok, ids).token_probs
    expected = torch.softmax(logits[0], -1)[torch.arange(T - 1), torch.tensor(ids[1:])]
    assert seen_probs[0] is None
    assert torch.allclose(torch.tensor(seen_probs[1:]), expected, atol=1e-6)


def test_inspecting_leaves_the_model_as_it_was():
    model, tok = sharp_model()
    model.train()
    before = model(torch.tensor([tok.encode("the fox")]), targets=torch.tensor([tok.encode("the fox")]))[1]
    inspect_text(model, tok, "the fox")
    assert model.training
    assert all(b.attn.keep_weights is None for b in model.transformer.h)
    torch.manual_seed(0)
    after = model(torch.tensor([tok.encode("the fox")]), targets=torch.tensor([tok.encode("the fox")]))[1]
    assert torch.isclose(before, after)


def test_alternatives_are_the_most_likely_tokens_best_first():
    model, tok = sharp_model()
    seen = inspect_text(model, tok, "the lazy", top_k=4)
    assert seen.tokens == list("the lazy") and seen.alternatives[0] == []
    for probs_at, alts, actual in zip(seen.token_probs[1:], seen.alternatives[1:], seen.ids[1:]):
        assert [a.prob for a in alts] == sorted((a.prob for a in alts), reverse=True)
        assert all(a.text == ("<|endoftext|>" if a.id == tok.eot_id else tok.decode([a.id])) for a in alts)
        if actual in [a.id for a in alts]:
            assert probs_at == pytest.approx(next(a.prob for a in alts if a.id == actual))
        else:
            assert probs_at <= alts[-1].prob


def test_an_empty_text_is_the_start_of_a_document_as_for_the_sampler():
    model, tok = sharp_model()
    seen = inspect_text(model, tok, "")
    assert seen.ids == [tok.eot_id] and seen.tokens == ["<|endoftext|>"] and seen.token_probs == [None]


def test_a_text_longer_than_the_window_keeps_its_end():
    model, tok = sharp_model(block=16)
    seen = inspect_text(model, tok, TEXT)
    assert len(seen.tokens) == 16 and "".join(seen.tokens) == TEXT[-16:]


@pytest.mark.parametrize("prompt", ["", "the qu"])
@pytest.mark.parametrize("settings", [dict(temperature=1.0), dict(temperature=0.7, top_k=5),
                                      dict(temperature=1.3, top_p=0.6), dict(temperature=0.9, top_k=8, top_p=0.8)])
def test_the_next_token_distribution_is_the_one_the_sampler_draws_from(prompt, settings):
    model, tok = sharp_model()
    seen = inspect_text(model, tok, prompt, attention=False)
    for seed in range(12):
        cfg = SampleConfig(max_new_tokens=1, seed=seed, **settings)
        probs = distribution(seen.next_logits, cfg)
        drawn = int(draw_from(probs, torch.Generator().manual_seed(seed)))
        first = next(iter(generate(model, tok, prompt, cfg)))  # a Token, or SampleDone if it drew the end
        sampled_id = first.ids[0] if isinstance(first, Token) else tok.eot_id
        assert drawn == sampled_id, seed
        assert probs[0, drawn] > 0
    cut = distribution(seen.next_logits, SampleConfig(**settings))[0]
    if settings.get("top_k"):
        assert int((cut > 0).sum()) <= settings["top_k"]
    assert float(cut.sum()) == pytest.approx(1.0, abs=1e-5)


def test_at_temperature_zero_the_distribution_is_all_on_the_argmax_the_sampler_picks():
    model, tok = sharp_model()
    seen = inspect_text(model, tok, "the qu", attention=False)
    probs = distribution(seen.next_logits, SampleConfig(temperature=0))[0]
    best = int(seen.next_logits.argmax())
    assert probs[best] == 1 and probs.sum() == 1
    first = next(generate(model, tok, "the qu", SampleConfig(temperature=0, max_new_tokens=1)))
    assert first.ids == (best,)
    assert top_choices(tok, probs, 3)[0].id == best


def test_the_samplers_details_are_the_inspections_probabilities():
    model, tok = sharp_model(block=32)
    cfg = SampleConfig(max_new_tokens=12, seed=3, temperature=1.0)
    tokens = [e for e in generate(model, tok, "the ", cfg, details=3) if isinstance(e, Token)]
    ids = tok.encode("the ") + [i for t in tokens for i in t.ids]
    seen = inspect_ids(model, tok, ids, top_k=3, attention=False)
    probs = [p for t in tokens for p in t.probs]
    assert probs == pytest.approx(seen.token_probs[4:], abs=1e-5)
    assert [[c.id for c in top] for t in tokens for top in t.top] == [[c.id for c in a] for a in seen.alternatives[4:]]


def test_bpe_tokens_keep_their_spaces():
    model, tok = sharp_model(kind="bpe")
    seen = inspect_text(model, tok, "the quick brown fox")
    assert "".join(seen.tokens) == "the quick brown fox"
    assert any(t.startswith(" ") for t in seen.tokens)


def test_the_embedding_map_is_the_first_two_principal_components():
    torch.manual_seed(1)
    weights = torch.randn(300, 24) @ torch.diag(torch.linspace(3, 0.1, 24))  # clear principal axes
    xy = embedding_map(weights)
    centred = weights.double() - weights.double().mean(0)
    _, _, vt = torch.linalg.svd(centred, full_matrices=False)
    reference = centred @ vt[:2].T
    for c in range(2):
        sign = torch.sign((xy[:, c].double() * reference[:, c]).sum())
        assert torch.allclose(xy[:, c].double(), sign * reference[:, c], atol=1e-4)
    assert torch.equal(embedding_map(weights), xy)  # deterministic: no random projection


def test_a_refreshed_embedding_map_does_not_flip():
    torch.manual_seed(2)
    weights = torch.randn(80, 16) @ torch.diag(torch.linspace(2, 0.1, 16))
    first = embedding_map(weights)
    nudged = embedding_map(-weights + 0.01 * torch.randn(80, 16), reference=first)  # a sign flip is arbitrary
    assert (nudged - first).norm() < 0.05 * first.norm()


def test_neighbours_are_the_closest_by_cosine_and_never_the_token_itself():
    torch.manual_seed(3)
    weights = torch.randn(50, 8)
    weights[7] = weights[3] * 2 + 0.01  # 7 points the way 3 does
    near = neighbours(weights, 3, k=5)
    assert near[0][0] == 7 and near[0][1] > 0.99
    assert 3 not in [i for i, _ in near] and len(near) == 5
    cos = F.cosine_similarity(weights, weights[3][None], dim=1)
    cos[3] = -2
    assert [i for i, _ in near] == cos.topk(5).indices.tolist()


def test_token_embeddings_are_a_copy():
    model, _ = sharp_model()
    copy = token_embeddings(model)
    with torch.no_grad():
        model.transformer.wte.weight.zero_()
    assert copy.abs().sum() > 0


def test_a_request_is_answered_between_steps_and_its_error_is_the_askers():
    controls = Controls()
    model, _ = sharp_model()
    good = controls.request(token_embeddings)
    bad = controls.request(lambda m: 1 / 0)
    late = controls.request(token_embeddings)
    controls._serve_snapshots(model)
    assert good.result(0).shape == model.transformer.wte.weight.shape
    with pytest.raises(ZeroDivisionError):
        bad.result(0)
    never = controls.request(token_embeddings)
    controls.cancel_requests()
    assert never.cancelled() and late.done()
