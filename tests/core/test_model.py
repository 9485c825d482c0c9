import torch

from playground.core.config import ModelConfig
from playground.core.inference import decode, new_cache
from playground.core.model import GPT


def make(**kw) -> GPT:
    torch.manual_seed(0)
    cfg = ModelConfig(**({"vocab_size": 50, "block_size": 16, "n_layer": 2, "n_head": 2, "n_embd": 32} | kw))
    return GPT(cfg)


def test_changing_a_later_token_never_changes_earlier_logits():
    model = make().eval()
    x = torch.randint(0, 50, (2, 16))
    y = x.clone()
    y[:, 10:] = (y[:, 10:] + 1) % 50
    lx, _ = model(x, x)
    ly, _ = model(y, y)
    assert torch.allclose(lx[:, :10], ly[:, :10], atol=1e-6)
    assert not torch.allclose(lx[:, 10:], ly[:, 10:], atol=1e-3)


def test_a_head_computed_in_chunks_gives_the_same_loss_and_gradients(monkeypatch):
    import playground.core.model as model_mod

    x = torch.randint(0, 50, (3, 16))
    y = torch.randint(0, 50, (3, 16))
    grads = []
    for chunk in (1 << 22, 50 * 7):  # whole, then 7 rows at a time (48 rows: 7 chunks, the last one short)
        monkeypatch.setattr(model_mod, "HEAD_CHUNK", chunk)
        model = make(dropout=0.0)
        logits, loss = model(x, y)
        assert (logits is None) == (chunk < 50 * 48)
        loss.backward()
        grads.append((loss.item(), [p.grad.clone() for p in model.parameters()]))
    (loss_whole, g_whole), (loss_chunked, g_chunked) = grads
    assert abs(loss_whole - loss_chunked) < 1e-5
    assert all(torch.allclose(a, b, atol=1e-6) for a, b in zip(g_whole, g_chunked))


def test_explicit_attention_gives_the_same_loss_and_gradients_as_the_fused_kernel(monkeypatch):
    import playground.core.model as model_mod

    x = torch.randint(0, 50, (3, 16))
    runs = []
    for limit in (0, 128):  # scaled_dot_product_attention, then the explicit products
        monkeypatch.setattr(model_mod, "EXPLICIT_ATTENTION_MAX_T", limit)
        model = make(dropout=0.0, bias=True)
        logits, loss = model(x, x)
        loss.backward()
        runs.append((logits, [p.grad for p in model.parameters()]))
    (l0, g0), (l1, g1) = runs
    assert torch.allclose(l0, l1, atol=1e-5)
    assert all(torch.allclose(a, b, atol=1e-6) for a, b in zip(g0, g1))


def test_windows_longer_than_the_explicit_limit_use_the_fused_kernel(monkeypatch):
    import playground.core.model as model_mod

    monkeypatch.setattr(model_mod, "EXPLICIT_ATTENTION_MAX_T", 8)
    model = make().eval()  # block 16: its bias covers 8 positions
    assert model.transformer.h[0].attn.causal_bias.shape == (8, 8)
    x = torch.randint(0, 50, (2, 16))
    y = x.clone()
    y[:, 12:] = (y[:, 12:] + 1) % 50
    for a, b in ((x[:, :8], y[:, :8]), (x, y)):  # the explicit path, then the kernel
        la, _ = model(a, a)
        lb, _ = model(b, b)
        assert torch.allclose(la[:, :8], lb[:, :8], atol=1e-6)


def test_overfits_a_tiny_batch():
    model = make(dropout=0.0)
    x = torch.randint(0, 50, (4, 16))
    y = torch.randint(0, 50, (4, 16))
    opt = torch.optim.AdamW(model.parameters(), lr=3e-3)
    _, first = model(x, y)
    for _ in range(100):
        _, loss = model(x, y)
        opt.zero_grad()
        loss.backward()
        opt.step()
    assert first.item() > 3.5  # about ln(50) at initialisation
    assert loss.item() < 0.1


def test_kv_cache_gives_the_same_logits_as_full_recompute():
    model = make(bias=True).eval()
    x = torch.randint(0, 50, (1, 12))
    full, _ = model(x, x)  # all positions
    cache = new_cache(model)
    prefill, _ = model(x[:, :5], cache=cache)
    assert torch.allclose(prefill[0, -1], full[0, 4], atol=1e-5)
    step, _ = model(x[:, 5:8], cache=cache)  # several new tokens at once, with a mask over the cache
    assert torch.allclose(step[0, -1], full[0, 7], atol=1e-5)
    for t in range(8, 10):
        step, _ = model(x[:, t:t + 1], cache=cache)
        assert torch.allclose(step[0, -1], full[0, t], atol=1e-5)
    for t in range(10, 12):  # the lean one-token path generation uses
        step = decode(model, x[:, t], cache)
        assert step.shape == (1, 50) and torch.allclose(step[0], full[0, t], atol=1e-5)


def test_one_token_decoding_matches_for_a_batch_and_without_bias():
    model = make(bias=False).eval()
    x = torch.randint(0, 50, (3, 16))
    full, _ = model(x, x)
    cache = new_cache(model, batch=3)
    model(x[:, :1], cache=cache)
    for t in range(1, 16):
        assert torch.allclose(decode(model, x[:, t], cache), full[:, t], atol=1e-5)
    try:
        decode(model, x[:, 0], cache)
    except ValueError as e:
        assert "context window" in str(e)
    else:
        raise AssertionError("decoding past the context window must fail")


def test_parameter_count_and_weight_tying():
    model = make()
    assert model.lm_head.weight is model.transformer.wte.weight
    c, v, t, layers = 32, 50, 16, 2
    per_block = 2 * c + 3 * c * c + c * c + 4 * c * c + 4 * c * c
    assert model.num_params() == v * c + t * c + layers * per_block + c
    assert model.num_params(non_embedding=True) == model.num_params() - t * c
    assert model.flops_per_token() == 6 * model.num_params(True) + 12 * layers * t * c


def test_residual_projections_get_scaled_init():
    model = make(n_layer=8, n_embd=64)
    std = model.transformer.h[0].attn.c_proj.weight.std().item()
    assert 0.02 / 4 * 0.8 < std < 0.02 / 4 * 1.2  # 0.02 / sqrt(2 * 8)
