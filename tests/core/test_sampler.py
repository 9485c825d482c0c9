import torch

from playground.core.config import SampleConfig
from playground.core.events import SampleDone, Token
from playground.core.errors import SampleError, TokenizerError
from playground.core.sampler import draw, filter_logits, generate
from playground.core.tokenizer import train_tokenizer
from playground.core.config import ModelConfig
from playground.core.model import GPT

import pytest


def model_and_tokenizer(text="abcdefg hij\n", block=8):
    tok = train_tokenizer([text], "char")
    torch.manual_seed(0)
    model = GPT(ModelConfig(vocab_size=tok.vocab_size, block_size=block, n_layer=1, n_head=2, n_embd=16)).eval()
    return model, tok


def test_top_k_and_top_p_keep_the_most_likely_tokens():
    logits = torch.log(torch.tensor([[0.5, 0.3, 0.15, 0.05]]))
    assert torch.isfinite(filter_logits(logits, 2, 1.0)).tolist() == [[True, True, False, False]]
    assert torch.isfinite(filter_logits(logits, 0, 0.7)).tolist() == [[True, True, False, False]]
    assert torch.isfinite(filter_logits(logits, 0, 0.1)).tolist() == [[True, False, False, False]]


def test_draws_follow_the_probabilities_and_never_pick_a_filtered_token():
    probs = torch.tensor([[0.5, 0.3, 0.0, 0.2, 0.0]])
    rng = torch.Generator().manual_seed(0)
    counts = torch.bincount(torch.cat([draw(probs.log(), rng) for _ in range(20_000)]), minlength=5)
    assert counts[2] == 0 and counts[4] == 0
    # 20,000 draws: the standard error of each frequency is under 0.004
    assert torch.allclose(counts / counts.sum(), probs[0], atol=0.015)


def test_a_model_with_nan_weights_gives_a_clear_error():
    model, tok = model_and_tokenizer()
    with torch.no_grad():
        model.lm_head.weight.fill_(float("nan"))
    with pytest.raises(SampleError, match="not a number"):
        list(generate(model, tok, "abc", SampleConfig(max_new_tokens=5)))


@pytest.mark.parametrize("settings", [dict(temperature=1e-40), dict(temperature=1e-300), dict(top_p=5e-324),
                                      dict(temperature=1e-40, top_k=3, top_p=1e-300)])
def test_settings_at_the_edge_of_floating_point_sample_as_their_limit_greedy(settings):
    model, tok = model_and_tokenizer()
    tok.eot_id = -1
    run = lambda cfg: [e.text for e in generate(model, tok, "abc", cfg) if isinstance(e, SampleDone)]
    assert run(SampleConfig(max_new_tokens=20, seed=1, **settings)) == run(
        SampleConfig(max_new_tokens=20, temperature=0))


def test_streams_tokens_past_the_context_window_using_only_the_vocabulary():
    model, tok = model_and_tokenizer()
    tok.eot_id = -1  # an untrained model may end the text at once; here we want the full length
    events = list(generate(model, tok, "abc", SampleConfig(max_new_tokens=40, seed=3, temperature=1.0)))
    pieces = [e.text for e in events if isinstance(e, Token)]
    done = events[-1]
    assert isinstance(done, SampleDone)
    assert done.text == "abc" + "".join(pieces)
    assert set(done.text) <= set("abcdefg hij\n")
    assert done.new_tokens == 40  # five times what the window holds


def test_same_seed_same_text_and_greedy_is_deterministic():
    model, tok = model_and_tokenizer()
    run = lambda cfg: [e.text for e in generate(model, tok, "", cfg) if isinstance(e, SampleDone)]
    assert run(SampleConfig(seed=5, max_new_tokens=20)) == run(SampleConfig(seed=5, max_new_tokens=20))
    greedy = SampleConfig(temperature=0, max_new_tokens=20, num_samples=2, seed=1)
    a, b = run(greedy)
    assert a == b


def test_long_prompt_is_cropped_and_unknown_characters_are_refused():
    model, tok = model_and_tokenizer()
    events = list(generate(model, tok, "abcdefg hij" * 10, SampleConfig(max_new_tokens=5)))
    assert isinstance(events[-1], SampleDone)
    with pytest.raises(TokenizerError):
        list(generate(model, tok, "xyz", SampleConfig()))


def test_stops_when_asked():
    model, tok = model_and_tokenizer()
    events = list(generate(model, tok, "a", SampleConfig(max_new_tokens=100), should_stop=lambda: True))
    assert events[-1].new_tokens == 0


def test_a_prompt_with_windows_line_ends_is_read_like_the_corpus():
    from playground.core.sampler import encode_prompt
    from playground.core.tokenizer import train_tokenizer
    tok = train_tokenizer(["ab\ncd\n"], "char", 0)
    assert encode_prompt(tok, "ab\r\ncd") == encode_prompt(tok, "ab\ncd") == tok.encode("ab\ncd")
    assert encode_prompt(tok, "") == []
