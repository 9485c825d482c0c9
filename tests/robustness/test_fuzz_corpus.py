"""Property tests: whatever bytes a user hands over, the corpus loader loads them or says why not.

The one outcome that is never allowed is anything but a `Corpus` or a `CorpusError` with a message: no
UnicodeDecodeError, no ValueError from a detector, no IndexError, no hang.
"""

from __future__ import annotations

import codecs
import itertools

from hypothesis import assume, example, given
from hypothesis import strategies as st

from playground.core.corpus import Corpus, corpus_from_text, decode_bytes, load_corpus
from playground.core.errors import CorpusError

_counter = itertools.count()

# Text a person could have typed: letters, digits, punctuation, spaces and newlines from every script,
# no control characters (a file full of those is binary and rightly refused) and no lone surrogates.
typed_text = st.text(st.characters(blacklist_categories=("Cc", "Cs"), whitelist_characters="\n\t "),
                     max_size=300)
boms = st.sampled_from([b"", codecs.BOM_UTF8, codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE, codecs.BOM_UTF32_LE,
                        codecs.BOM_UTF32_BE])
legacy = st.sampled_from(["utf-8", "gb18030", "gbk", "big5", "cp1252", "latin-1", "shift_jis", "koi8-r",
                          "utf-16-le", "utf-16-be"])


def _write(tmp_path, data: bytes, suffix: str = ".txt"):
    path = tmp_path / f"f{next(_counter)}{suffix}"
    path.write_bytes(data)
    return path


def _loads_or_refuses(path) -> Corpus | None:
    """Load `path`; a CorpusError is fine if its message is a non-empty sentence naming the file."""
    try:
        corpus = load_corpus(path)
    except CorpusError as e:
        message = str(e)
        assert message and len(message) > 20, message
        assert path.name in message or "text" in message.lower(), message
        return None
    _check_corpus(corpus)
    return corpus


def _check_corpus(corpus: Corpus) -> None:
    assert corpus.documents, "a loaded corpus has text"
    for doc in corpus.documents:
        assert isinstance(doc, str) and doc.strip(), "documents are never blank"
        assert "\r" not in doc, "newlines are normalised"
    assert corpus.n_chars > 0 and corpus.n_distinct > 0 and len(corpus.sha256) == 64


@given(data=st.binary(max_size=3000))
@example(data=b"")
@example(data=b"\x00" * 100)
@example(data=b"\xff\xfe")                       # a UTF-16 BOM and nothing else
@example(data=b"\xef\xbb\xbf   \n\t ")           # a UTF-8 BOM and whitespace
@example(data=b"\xff\xfe\x00\xd8")               # UTF-16 with a lone surrogate
@example(data=b"\x00\x00\xfe\xff\x00\x00\x00A")  # UTF-32 BE BOM
@example(data=b"%PDF-1.4\n" + bytes(range(256)))
def test_random_bytes_load_or_raise_corpus_error(tmp_path, data):
    _loads_or_refuses(_write(tmp_path, data))


@given(data=st.binary(max_size=2000))
def test_random_bytes_as_jsonl(tmp_path, data):
    _loads_or_refuses(_write(tmp_path, data, ".jsonl"))


@given(lines=st.lists(st.one_of(
    st.builds(lambda t: '{"text": %s}' % __import__("json").dumps(t), typed_text),
    st.text(max_size=40),
    st.sampled_from(['{"text": 3}', "[1, 2]", "null", '{"text": "\\ud800"}', "[" * 5000, '{"text": "a"']),
), max_size=8))
def test_jsonl_with_any_lines(tmp_path, lines):
    _loads_or_refuses(_write(tmp_path, "\n".join(lines).encode("utf-8", "surrogatepass"), ".jsonl"))


@given(text=typed_text, bom=boms)
def test_unicode_text_with_any_bom_round_trips(tmp_path, text, bom):
    codec = {b"": "utf-8", codecs.BOM_UTF8: "utf-8", codecs.BOM_UTF16_LE: "utf-16-le",
             codecs.BOM_UTF16_BE: "utf-16-be", codecs.BOM_UTF32_LE: "utf-32-le",
             codecs.BOM_UTF32_BE: "utf-32-be"}[bom]
    data = bom + text.encode(codec)
    corpus = _loads_or_refuses(_write(tmp_path, data))
    # a leading U+FEFF is read as a byte order mark, after the real one too (an invisible character either way)
    expected = text.replace("\r\n", "\n").replace("\r", "\n").removeprefix("\ufeff")
    if not expected.strip():
        assert corpus is None  # empty or whitespace only: refused
    elif bom or b"\x00" not in data:
        assert corpus is not None and corpus.documents == [expected]


@given(text=typed_text, codec=legacy)
def test_text_in_legacy_encodings_loads_or_is_refused(tmp_path, text, codec):
    try:
        data = text.encode(codec)
    except UnicodeEncodeError:
        assume(False)
    _loads_or_refuses(_write(tmp_path, data))


@given(parts=st.lists(st.tuples(typed_text, legacy), min_size=2, max_size=4))
def test_mixed_encodings_in_one_file(tmp_path, parts):
    data = b"".join(t.encode(c, "replace") for t, c in parts)
    _loads_or_refuses(_write(tmp_path, data))


@given(text=typed_text.filter(lambda t: t.strip()), where=st.integers(0, 300), n=st.integers(1, 5))
def test_nul_bytes_make_a_file_binary(tmp_path, text, where, n):
    data = text.encode("utf-8")
    where = min(where, len(data))
    data = data[:where] + b"\x00" * n + data[where:]
    corpus = _loads_or_refuses(_write(tmp_path, data))
    assert corpus is None


@given(ws=st.text(st.sampled_from(" \t\n\r\x0b\x0c\u00a0\u2003\u3000\u2028"), max_size=200), bom=st.booleans())
def test_empty_and_whitespace_only_files_are_refused(tmp_path, ws, bom):
    data = (codecs.BOM_UTF8 if bom else b"") + ws.encode("utf-8")
    try:
        load_corpus(_write(tmp_path, data))
    except CorpusError as e:
        assert "empty" in str(e)
    else:
        raise AssertionError("whitespace-only text was accepted")
    try:
        corpus_from_text(ws)
    except CorpusError as e:
        assert "empty" in str(e)
    else:
        raise AssertionError("whitespace-only pasted text was accepted")


@given(char=st.characters(blacklist_categories=("Cc", "Cs", "Zs", "Zl", "Zp"), blacklist_characters="\ufeff"),
       n=st.integers(1, 5000))
def test_one_distinct_character(tmp_path, char, n):
    corpus = _loads_or_refuses(_write(tmp_path, (char * n).encode("utf-8")))
    assert corpus is not None and corpus.documents == [char * n] and corpus.n_distinct == 1


def test_very_long_lines(tmp_path):
    # one line of 2 million characters, no newline at all; and a line of one repeated word
    for data in ("abc def " * 250_000).encode(), ("汉字" * 1_000_000).encode("utf-8"):
        corpus = _loads_or_refuses(_write(tmp_path, data))
        assert corpus is not None and corpus.n_chars == len(data.decode())


@given(data=st.binary(max_size=2000))
def test_decode_bytes_never_returns_garbage_types(data):
    try:
        text, encoding = decode_bytes(data)
    except CorpusError as e:
        assert str(e)
        return
    assert isinstance(text, str) and isinstance(encoding, str) and encoding
    assert "\r" not in text


@given(text=st.text(max_size=300))
def test_pasted_text_of_any_kind(text):
    # pasted text may hold anything Python strings can, lone surrogates included
    try:
        corpus = corpus_from_text(text)
    except CorpusError as e:
        assert "empty" in str(e)
        return
    _check_corpus(corpus)
    corpus.documents[0].encode("utf-8")  # lone surrogates were replaced: the text can be saved
