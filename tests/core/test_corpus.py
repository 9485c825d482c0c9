import os
import random

import pytest

from playground.core import corpus as corpus_mod
from playground.core.corpus import (DEMO_CORPORA, Corpus, corpus_from_text, demo_corpus, load_corpus,
                                    load_source)
from playground.core.errors import CorpusError

CHINESE = ("床前明月光，疑是地上霜。舉頭望明月，低頭思故鄉。\n"
           "我们今天去公园散步，天气很好。他说这本书非常有意思，我也想看看。\n") * 4
BIG5_TEXT = "我們今天去公園散步，天氣很好。他說這本書非常有意思，我也想看看。\n" * 4
FRENCH = "Le cœur a ses raisons que la raison ne connaît point. Où est la bibliothèque? Déjà vu, être.\n" * 3
GERMAN = "Größe, Übermut und Äpfel: Die Straße ist schön. Fünf Bücher für Jürgen.\n" * 3


def write(path, data: bytes):
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(data)
    return path


@pytest.mark.parametrize("data, encoding", [
    ("héllo wörld\n".encode("utf-8"), "utf-8"),
    ("\ufeffhéllo wörld\n".encode("utf-8"), "utf-8-sig"),
    ("\ufeffhéllo wörld\n".encode("utf-16-le"), "utf-16"),
    ("\ufeffhéllo wörld\n".encode("utf-16-be"), "utf-16"),
    ("\ufeffhéllo wörld\n".encode("utf-32-le"), "utf-32"),
])
def test_unicode_encodings_and_boms(tmp_path, data, encoding):
    c = load_corpus(write(tmp_path / "a.txt", data))
    assert c.documents == ["héllo wörld\n"]
    assert c.encoding == encoding


@pytest.mark.parametrize("text, codec, accepted", [
    (CHINESE, "gb18030", ("gb18030", "gbk", "gb2312")),
    (CHINESE, "gbk", ("gb18030", "gbk", "gb2312")),
    (BIG5_TEXT, "big5", ("big5", "big5hkscs", "cp950")),
    (FRENCH, "cp1252", ("cp1252",)),
    (GERMAN, "latin-1", ("cp1252", "latin-1", "iso8859-15")),
])
def test_legacy_encodings_are_detected(tmp_path, text, codec, accepted):
    c = load_corpus(write(tmp_path / "a.txt", text.encode(codec)))
    assert c.documents == [text]
    assert c.encoding in accepted


def test_newlines_are_normalised(tmp_path):
    c = load_corpus(write(tmp_path / "a.md", b"one\r\ntwo\rthree\n"))
    assert c.documents == ["one\ntwo\nthree\n"]


def test_corpus_properties(tmp_path):
    c = load_corpus(write(tmp_path / "x.txt", b"abc"))
    assert (c.name, c.source, c.n_chars, c.n_distinct) == ("x.txt", str(tmp_path / "x.txt"), 3, 3)
    two = Corpus(["ab", "ca"], "pasted", "p", "")
    assert two.text == "ab\n\nca" and two.n_chars == 4 and two.n_distinct == 3
    import hashlib
    assert two.sha256 == hashlib.sha256("ab\x00ca".encode()).hexdigest()
    assert two.sha256 != Corpus(["abca"], "pasted", "p", "").sha256


def test_folder_recursion_with_jsonl_and_txt(tmp_path):
    root = tmp_path / "books"
    write(root / "b.txt", b"second")
    write(root / "a" / "z.jsonl", b'{"text": "first"}\n\n{"text": ""}\n{"text": "line\\r\\nbreak", "id": 3}\n')
    write(root / "c.md", CHINESE.encode("gb18030"))
    write(root / "notes.pdf.bak", b"%PDF-1.4 ignored: not a text extension")
    write(root / ".hidden.txt", b"skipped")
    write(root / ".git" / "x.txt", b"skipped")
    write(root / "empty.txt", b"  \n")
    c = load_corpus(root)
    assert c.documents == ["first", "line\nbreak", "second", CHINESE]
    assert c.name == "books" and c.source == str(root)
    assert c.encoding.startswith("mixed (utf-8, gb")


def test_folder_without_text_files(tmp_path):
    write(tmp_path / "d" / "photo.png", b"\x89PNG\r\n\x1a\n")
    with pytest.raises(CorpusError, match=r"\.txt, \.md, \.jsonl"):
        load_corpus(tmp_path / "d")


def test_binary_file_in_folder_is_named(tmp_path):
    write(tmp_path / "a.txt", b"fine text")
    write(tmp_path / "b.txt", b"\x89PNG\r\n\x1a\n" + os.urandom(100))
    with pytest.raises(CorpusError, match=r"b\.txt.*PNG"):
        load_corpus(tmp_path)


def test_bad_jsonl_line_is_named(tmp_path):
    p = write(tmp_path / "d.jsonl", b'{"text": "ok"}\n\n{"text": broken\n')
    with pytest.raises(CorpusError, match=r"d\.jsonl, line 3"):
        load_corpus(p)
    p = write(tmp_path / "e.jsonl", b'{"text": "ok"}\n["not", "an object"]\n')
    with pytest.raises(CorpusError, match=r"line 2.*\"text\""):
        load_corpus(p)
    p = write(tmp_path / "f.jsonl", b'{"body": "no text field"}\n')
    with pytest.raises(CorpusError, match="line 1"):
        load_corpus(p)


def test_jsonl_lone_surrogate_is_replaced(tmp_path):
    c = load_corpus(write(tmp_path / "s.jsonl", b'{"text": "a\\ud800b \\ud83d\\ude00"}\n'))
    assert c.documents == ["a\ufffdb \U0001F600"]


def test_missing_path(tmp_path):
    with pytest.raises(CorpusError, match="No such file or folder.*nope"):
        load_corpus(tmp_path / "nope.txt")


@pytest.mark.skipif(os.name != "posix" or os.geteuid() == 0, reason="needs POSIX permissions, not root")
def test_permission_denied(tmp_path):
    p = write(tmp_path / "secret.txt", b"text")
    p.chmod(0)
    try:
        with pytest.raises(CorpusError, match="secret.txt.*permission denied"):
            load_corpus(p)
    finally:
        p.chmod(0o644)


@pytest.mark.parametrize("data", [b"", b"   \n\t\r\n", '\ufeff'.encode("utf-8"), b'{"text": " "}\n'])
def test_empty_or_whitespace(tmp_path, data):
    p = write(tmp_path / "e.jsonl", data)
    with pytest.raises(CorpusError, match="empty"):
        load_corpus(p)


@pytest.mark.parametrize("data, fmt", [
    (b"\x89PNG\r\n\x1a\n" + bytes(100), "PNG"),
    (b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n", "PDF"),
    (b"PK\x03\x04" + bytes(30), "ZIP"),
    (b"\xff\xd8\xff\xe0" + bytes(30), "JPEG"),
    (b"GIF89a" + bytes(30), "GIF"),
    (b"\x1f\x8b\x08" + bytes(30), "gzip"),
    (b"hello\x00world", "binary"),
    (random.Random(0).randbytes(20_000), "binary"),
    (bytes(range(1, 32)) * 20, "binary"),     # decodes as UTF-8, but is all control characters
])
def test_binary_files_are_rejected(tmp_path, data, fmt):
    with pytest.raises(CorpusError, match=f"{fmt}.*not text"):
        load_corpus(write(tmp_path / "file.txt", data))


def test_oversize_file_rejected_before_reading(tmp_path, monkeypatch):
    monkeypatch.setattr(corpus_mod, "MAX_FILE_BYTES", 100)
    p = write(tmp_path / "big.txt", b"x" * 101)
    with pytest.raises(CorpusError, match=r"big\.txt is 101 bytes.*100 bytes limit"):
        load_corpus(p)
    write(tmp_path / "f" / "a.txt", b"x" * 60)
    write(tmp_path / "f" / "b.txt", b"x" * 60)
    with pytest.raises(CorpusError, match="add up to 120 bytes"):
        load_corpus(tmp_path / "f")


def test_pasted_text():
    c = corpus_from_text("a\r\nb")
    assert (c.documents, c.source, c.name, c.encoding) == (["a\nb"], "pasted", "Pasted text", "")
    with pytest.raises(CorpusError, match="empty"):
        corpus_from_text(" \n ")


@pytest.mark.parametrize("name", ["python-docs", "arithmetic"])
def test_demo_corpora(name):
    assert name in DEMO_CORPORA
    c = demo_corpus(name)
    assert c.n_chars >= 100_000
    assert c.source == f"demo:{name}" and c.encoding == ""
    again = load_source(c.source)
    assert again.sha256 == c.sha256      # deterministic, so a resumed run sees the same text


def test_arithmetic_sums_are_right():
    lines = demo_corpus("arithmetic").documents[0].splitlines()
    for line in lines[:1000]:
        a, rest = line.split("+")
        b, s = rest.split("=")
        assert int(a) + int(b) == int(s) and len(a) <= 3 and len(b) <= 3
    assert any(len(line) <= 6 for line in lines) and any(len(line) >= 11 for line in lines)


def test_load_source(tmp_path):
    p = write(tmp_path / "a.txt", b"abc")
    assert load_source(load_corpus(p).source).documents == ["abc"]
    with pytest.raises(CorpusError, match="pasted"):
        load_source("pasted")
    with pytest.raises(CorpusError, match="Unknown demo"):
        load_source("demo:nope")


def test_tang_poems(shared_corpus):
    c = load_corpus(shared_corpus("tang_poems.txt"))
    assert c.encoding == "utf-8"
    assert 5400 <= c.n_distinct <= 5600


def test_utf16_without_a_byte_order_mark_is_recognised_and_pcm_like_data_is_not():
    from playground.core.corpus import decode_bytes
    text = "First Citizen:\nBefore we proceed, 床前明月光 café.\n" * 40
    for encoding in ("utf-16-le", "utf-16-be"):
        assert decode_bytes(text.encode(encoding)) == (text, encoding)
    samples = bytes(b for i in range(3000) for b in (i % 7 + 1, 0))  # 16-bit numbers, zero high bytes
    with pytest.raises(CorpusError, match="binary"):
        decode_bytes(samples)


@pytest.mark.parametrize("cut_start, cut_end", [(0, 1), (0, 2), (1, 0), (2, 1)])
def test_chinese_text_cut_through_a_character_at_either_end_loads(tmp_path, cut_start, cut_end):
    # a file split by size cuts a three-byte character in two; the rest is good UTF-8, not a binary file
    text = "春眠不覺曉，處處聞啼鳥。\n夜來風雨聲，花落知多少。\n" * 50
    data = text.encode("utf-8")
    path = tmp_path / "cut.txt"
    path.write_bytes(data[cut_start:len(data) - cut_end])
    corpus = load_corpus(path)
    assert corpus.encoding == "utf-8"
    assert corpus.text in text and len(corpus.text) >= len(text) - 2


def test_a_bad_byte_inside_utf8_text_is_not_taken_for_a_cut_character(tmp_path):
    path = tmp_path / "bad.txt"
    path.write_bytes("春眠不覺曉".encode("utf-8") * 40 + b"\xff" + "處處聞啼鳥".encode("utf-8") * 40)
    try:
        corpus = load_corpus(path)
    except CorpusError:
        return  # refused as not text: fine
    assert corpus.encoding != "utf-8"  # some legacy code page, never UTF-8 with the bad byte dropped
