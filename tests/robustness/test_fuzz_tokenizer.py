"""Property tests: both tokenizers give back exactly the text they accepted, and refuse the rest clearly.

BPE training takes a second or two, so one BPE tokenizer is trained per module (on text from several
scripts) and only encoding and decoding are fuzzed.
"""

from __future__ import annotations

import pytest
from hypothesis import example, given
from hypothesis import strategies as st

from playground.core.errors import TokenizerError
from playground.core.tokenizer import EOT, EOT_TEXT, CharTokenizer, tokenizer_from_dict, train_tokenizer

TRAINING_TEXT = [
    "The quick brown fox jumps over the lazy dog. " * 30,
    "床前明月光，疑是地上霜。舉頭望明月，低頭思故鄉。" * 20,
    "def f(x):\n    return x ** 2  # comment\n" * 20,
    "Größe, Übermut und Äpfel — «citation» 😀🎉 " * 20,
]


@pytest.fixture(scope="module")
def bpe():
    return train_tokenizer(TRAINING_TEXT, "bpe", 400)


@pytest.fixture(scope="module")
def char():
    return train_tokenizer(TRAINING_TEXT, "char")


any_text = st.text(max_size=400)                               # lone surrogates included
valid_text = st.text(st.characters(blacklist_categories=("Cs",)), max_size=400)


@given(text=valid_text)
@example(text="")
@example(text=EOT)                                              # the special token typed as text
@example(text="a" * 5000 + "\n" + "b" * 5000)                   # long lines
@example(text="\x00\r\n\t\u2028\ufeff")
@example(text="\U0010ffff\U0001f600\u0301e")
def test_char_tokenizer_round_trips_every_text_it_was_built_from(text):
    tok = train_tokenizer([text], "char")
    assert tok.decode(tok.encode(text)) == text
    ids = tok.encode_documents([text, text])
    assert tok.decode(ids.tolist()) == EOT_TEXT + text + EOT_TEXT + text + EOT_TEXT
    again = tokenizer_from_dict(tok.to_dict())
    assert again.encode(text) == tok.encode(text)


@given(vocab=st.text(max_size=50), text=any_text)
def test_char_tokenizer_accepts_or_names_the_unknown_characters(vocab, text):
    tok = CharTokenizer(sorted(set(vocab)))
    try:
        ids = tok.encode(text)
    except TokenizerError as e:
        missing = [c for c in text if c not in set(vocab)]
        assert missing and f"U+{ord(missing[0]):04X}" in str(e)
        return
    assert tok.decode(ids) == text


@given(text=valid_text)
@example(text=EOT + "hello" + EOT)
@example(text="   leading spaces\n\n\n  and blank lines  ")
@example(text="x" * 20_000)                                     # one long line, nothing to cut at
@example(text="\x00\x01\x7f\r\n")
@example(text="日本語のテキストと한국어 텍스트")                     # scripts the BPE never saw
def test_bpe_round_trips_every_valid_text(bpe, text):
    ids = bpe.encode(text)
    assert all(0 <= i < bpe.vocab_size for i in ids)
    assert bpe.eot_id not in ids                                # typed text never becomes the special token
    assert bpe.decode(ids) == text
    docs = bpe.encode_documents([text])
    assert bpe.decode(docs.tolist()) == EOT_TEXT + text + EOT_TEXT


@given(text=st.builds(lambda a, s, b: a + s + b, valid_text, st.characters(min_codepoint=0xD800, max_codepoint=0xDFFF),
                      any_text))
@example(text="half an emoji \ud83d")
def test_bpe_refuses_lone_surrogates_clearly(bpe, text):
    with pytest.raises(TokenizerError, match="surrogate"):
        bpe.encode(text)


@given(ids=st.lists(st.integers(-10, 100_000), max_size=50))
def test_decoding_any_ids_is_text_or_a_tokenizer_error(bpe, char, ids):
    for tok in (bpe, char):
        try:
            text = tok.decode(ids)
        except TokenizerError as e:
            assert "outside this vocabulary" in str(e)
        else:
            assert isinstance(text, str)


@given(text=valid_text, limit=st.integers(1, 300))
def test_token_pieces_never_crash(bpe, text, limit):
    pieces = bpe.token_pieces(text, limit)
    assert len(pieces) <= limit and all(isinstance(p, str) for p in pieces)


def test_bpe_saved_and_reloaded_encodes_the_same(bpe):
    again = tokenizer_from_dict(bpe.to_dict())
    for text in TRAINING_TEXT:
        assert again.encode(text) == bpe.encode(text)
