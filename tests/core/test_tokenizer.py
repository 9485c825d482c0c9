import json

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from playground.core.corpus import load_corpus
from playground.core.errors import RunError, TokenizerError
from playground.core.tokenizer import EOT, Tokenizer, tokenizer_from_dict, train_tokenizer

DOCS = [
    "To be, or not to be, that is the question:\nWhether 'tis nobler in the mind to suffer\n" * 20,
    "床前明月光，疑是地上霜。\n舉頭望明月，低頭思故鄉。\n" * 20,
    "emoji 😀🎉 and astral 𝔘𝔫𝔦𝔠𝔬𝔡𝔢 \U00020000 ok\n" * 5,
]


@pytest.fixture(scope="module")
def bpe() -> Tokenizer:
    return train_tokenizer(DOCS, "bpe", 400)


def test_char_vocabulary():
    tok = train_tokenizer(["hello", "world"], "char")
    assert tok.kind == "char" and tok.eot_id == 0
    assert tok.vocab_size == 1 + len(set("helloworld"))
    assert tok.encode("dehl") == [1, 2, 3, 4]     # sorted characters after EOT


@pytest.mark.parametrize("text", DOCS)
def test_char_round_trip(text):
    tok = train_tokenizer(DOCS, "char")
    ids = tok.encode(text)
    assert len(ids) == len(text)
    assert tok.decode(ids) == text


@settings(max_examples=50, deadline=None)
@given(st.text(min_size=1))
def test_char_round_trip_any_text(text):
    tok = train_tokenizer([text], "char")
    assert tok.decode(tok.encode(text)) == text


@pytest.mark.parametrize("text", [*DOCS, "unseen: ÆØÅ ąę ß Ω ✓ 日本語のテキスト 🦀\ttab\r\n"])
def test_bpe_round_trip(bpe, text):
    assert bpe.kind == "bpe"
    assert bpe.decode(bpe.encode(text)) == text    # byte-level: text the corpus never had encodes too


@settings(max_examples=50, deadline=None)
@given(st.text(alphabet=st.characters(blacklist_categories=("Cs",)), min_size=1))
def test_bpe_round_trip_any_text(bpe, text):
    assert bpe.decode(bpe.encode(text)) == text


def test_bpe_tiny_corpus_is_fine():
    tok = train_tokenizer(["hi"], "bpe", 2000)
    assert 257 <= tok.vocab_size < 2000
    assert tok.decode(tok.encode("你好 world")) == "你好 world"


@pytest.mark.parametrize("kind", ["char", "bpe"])
def test_encode_documents_places_eot(kind):
    docs = ["ab", "ba\nab", "a"]
    tok = train_tokenizer(docs * 10, kind, 300)
    ids = tok.encode_documents(docs)
    eot = tok.eot_id
    expected = [eot, *tok.encode("ab"), eot, *tok.encode("ba\nab"), eot, *tok.encode("a"), eot]
    assert ids.tolist() == expected
    assert ids.dtype == np.uint16
    assert tok.decode(ids) == "\n\nab\n\nba\nab\n\na\n\n"


def test_bpe_encode_documents_matches_encode_across_chunks(bpe):
    # Long enough to be cut into several chunks; cutting must not change the tokens.
    doc = "".join(DOCS) * 40
    ids = bpe.encode_documents([doc])
    assert ids[1:-1].tolist() == bpe.encode(doc)
    assert bpe.decode(ids[1:-1]) == doc


def test_literal_eot_text_is_just_text(bpe):
    ids = bpe.encode(f"a{EOT}b")
    assert bpe.eot_id not in ids
    assert bpe.decode(ids) == f"a{EOT}b"


def test_int32_for_a_huge_vocabulary():
    chars = "".join(chr(c) for c in range(0x4E00, 0x4E00 + 70_000) if not 0xD800 <= c < 0xE000)
    tok = train_tokenizer([chars], "char")
    assert tok.vocab_size > 65535
    ids = tok.encode_documents([chars])
    assert ids.dtype == np.int32
    assert tok.decode(ids[1:-1]) == chars


def test_unknown_characters_are_named():
    tok = train_tokenizer(["abc"], "char")
    with pytest.raises(TokenizerError, match=r"'x'.*'😀'.*trained on a corpus without them") as e:
        tok.encode("abx😀x")
    assert str(e.value).count("'x'") == 1
    with pytest.raises(TokenizerError, match="'z'"):
        tok.encode_documents(["abc", "abz"])
    with pytest.raises(TokenizerError, match=r"U\+D800"):
        tok.encode("a\ud800")


def test_lone_surrogate_in_bpe(bpe):
    with pytest.raises(TokenizerError, match="surrogate"):
        bpe.encode("a\ud800")


def test_bad_ids_in_decode():
    tok = train_tokenizer(["abc"], "char")
    with pytest.raises(TokenizerError, match="outside"):
        tok.decode([1, 99])
    with pytest.raises(TokenizerError, match="outside"):
        tok.decode([-1])


def test_token_pieces(bpe):
    char = train_tokenizer(DOCS, "char")
    assert char.token_pieces("To be", limit=3) == ["T", "o", " "]
    pieces = bpe.token_pieces("To be, or not 床 😀")
    assert "".join(pieces).startswith("To be, or not ")
    assert any("\\x" in p for p in pieces) or "床" in pieces   # partial UTF-8 bytes are shown escaped
    assert len(bpe.token_pieces("a b c d e f g h", limit=3)) == 3


@pytest.mark.parametrize("kind", ["char", "bpe"])
def test_to_dict_round_trip(kind):
    tok = train_tokenizer(DOCS, kind, 400)
    d = json.loads(json.dumps(tok.to_dict()))
    again = tokenizer_from_dict(d)
    assert (again.kind, again.vocab_size, again.eot_id) == (tok.kind, tok.vocab_size, tok.eot_id)
    for text in DOCS:
        assert again.encode(text) == tok.encode(text)


@pytest.mark.parametrize("d", [
    None, [], {}, {"kind": "word"}, {"kind": "char"}, {"kind": "char", "chars": ["ab"]},
    {"kind": "char", "chars": ["a", "a"]}, {"kind": "bpe"}, {"kind": "bpe", "hf": {"model": 3}},
])
def test_malformed_dict(d):
    with pytest.raises(RunError, match="tokenizer"):
        tokenizer_from_dict(d)


def test_unknown_kind():
    with pytest.raises(TokenizerError, match="Unknown tokenizer"):
        train_tokenizer(["a"], "word")


def test_tang_poems_char_round_trip(shared_corpus):
    corpus = load_corpus(shared_corpus("tang_poems.txt"))
    tok = train_tokenizer(corpus.documents, "char")
    assert 5400 <= tok.vocab_size <= 5600
    ids = tok.encode_documents(corpus.documents)
    assert tok.decode(ids[1:-1]) == corpus.documents[0]
