"""`playground inspect`: the table, the JSON the README documents, the attention PNG, and clear refusals."""

import json

import pytest

from tests.support import TEXT, TINY, playground


@pytest.fixture(scope="module")
def trained(tmp_path_factory):
    corpus = tmp_path_factory.mktemp("corpus") / "cats.txt"
    corpus.write_text(TEXT, encoding="utf-8")
    runs = tmp_path_factory.mktemp("runs")
    result = playground("train", corpus, *TINY, "--n-layer", "2", "--max-iters", "60", "--runs-dir", runs)
    assert result.returncode == 0, result.stderr
    return runs


def inspect(runs, *args):
    return playground("inspect", "latest", "--runs-dir", runs, *args)


def test_the_json_holds_tokens_probabilities_the_next_token_and_attention(trained):
    prompt = "cat sat on the m"  # the context window is 16 characters
    result = inspect(trained, "--prompt", prompt, "--json", "--temperature", "0.8", "--top-k", "4")
    assert result.returncode == 0, result.stderr
    out = json.loads(result.stdout)
    T = len(prompt)
    assert "".join(out["tokens"]) == prompt
    assert out["token_probs"][0] is None and all(0 < p <= 1 for p in out["token_probs"][1:])
    # after top-k 4, at most 4 tokens remain, their probabilities summing to 1, best first
    probs = [t["prob"] for t in out["next_token"]]
    assert 1 <= len(probs) <= 4 and sum(probs) == pytest.approx(1, abs=1e-5) and probs == sorted(probs, reverse=True)
    # 60 steps on this corpus: after "the m" the model has learnt that "a" (of "mat") comes next
    assert out["next_token"][0]["token"] == "a"
    att = out["attention"]
    assert len(att) == 2 and len(att[0]) == 2 and len(att[0][0]) == T and len(att[0][0][0]) == T
    for layer in att:
        for head in layer:
            for q, row in enumerate(head):
                assert sum(row) == pytest.approx(1, abs=1e-4)
                assert all(w == 0 for w in row[q + 1:])


def test_at_temperature_zero_the_next_token_is_certain(trained):
    out = json.loads(inspect(trained, "--prompt", "the cat", "--json", "--temperature", "0").stdout)
    assert len(out["next_token"]) == 1 and out["next_token"][0]["prob"] == 1


def test_the_table_names_each_token_and_its_alternatives(trained):
    result = inspect(trained, "--prompt", "a dog ran", "--alternatives", "3")
    assert result.returncode == 0, result.stderr
    lines = result.stdout.splitlines()
    assert lines[0].split()[:3] == ["pos", "token", "prob"]
    assert lines[1].split()[:3] == ["0", "'a'", "-"]
    assert "next token (temperature" in result.stdout


def test_the_attention_png_is_written_without_a_screen(trained, tmp_path):
    png = tmp_path / "head.png"
    result = inspect(trained, "--prompt", "the cat sat", "--attention-png", png, "--layer", "1", "--head", "1")
    assert result.returncode == 0, result.stderr
    assert png.read_bytes()[:8] == b"\x89PNG\r\n\x1a\n" and png.stat().st_size > 1000


@pytest.mark.parametrize("args,words", [
    (("--layer", "5", "--attention-png", "x.png"), ("layers 0 to 1", "no layer 5")),
    (("--prompt", "猫"), ("not in this model's vocabulary",)),
    (("--alternatives", "-1"), ("--alternatives",)),
    (("--attention-png", "/no/such/folder/a.png"), ("does not exist",)),
])
def test_bad_requests_are_refused_in_one_line(trained, args, words):
    result = inspect(trained, *args)
    assert result.returncode == 2
    assert "Traceback" not in result.stderr and result.stderr.startswith("error:")
    for w in words:
        assert w in result.stderr


def test_the_table_lines_up_chinese_tokens_by_terminal_columns():
    from playground.inspect_cli import columns, pad
    # a Chinese character takes two columns in a terminal: padding by len() would push its row's numbers right
    assert columns("'煙'") == 4 and columns("'a'") == 3
    assert columns(pad("'煙'", 8)) == columns(pad("'a'", 8)) == 8
