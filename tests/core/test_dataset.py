import numpy as np
import pytest

from playground.core.config import DataConfig
from playground.core.corpus import Corpus, corpus_from_text, demo_corpus, load_corpus
from playground.core.dataset import prepare_dataset
from playground.core.errors import CorpusError, TokenizerError
from playground.core.tokenizer import train_tokenizer


def test_split_is_contiguous_and_val_is_the_tail():
    corpus = Corpus(["abcdefghij" * 50, "klmnop" * 50], "pasted", "p", "")
    ds = prepare_dataset(corpus, DataConfig(val_fraction=0.1), block_size=8)
    ids = ds.tokenizer.encode_documents(corpus.documents)
    assert np.array_equal(np.concatenate([ds.train, ds.val]), ids)
    assert len(ds.val) == int(len(ids) * 0.1)
    assert ds.tokenizer.decode(ds.val).endswith("klmnop" * 5 + "\n\n")
    assert ds.stats == {"tokens": len(ids), "train_tokens": len(ds.train), "val_tokens": len(ds.val),
                        "vocab_size": ds.tokenizer.vocab_size}


@pytest.mark.parametrize("kind", ["char", "bpe"])
def test_tokenizer_kind_follows_the_config(kind):
    corpus = demo_corpus("arithmetic")
    ds = prepare_dataset(corpus, DataConfig(tokenizer=kind, bpe_vocab_size=300), block_size=32)
    assert ds.tokenizer.kind == kind
    assert ds.train.dtype == np.uint16
    assert ds.stats["tokens"] > 10_000


def test_too_short_text_names_the_numbers():
    corpus = corpus_from_text("0123456789" * 3)     # 32 tokens with the two EOTs
    with pytest.raises(CorpusError, match=r"too short: 32 tokens.*at least 130.*65 tokens.*block_size, now 64"):
        prepare_dataset(corpus, DataConfig(), block_size=64)


def test_just_long_enough_gives_a_window_to_each_split():
    corpus = corpus_from_text("x" * 128)            # 130 tokens = 2 * (64 + 1)
    ds = prepare_dataset(corpus, DataConfig(val_fraction=0.01), block_size=64)
    assert len(ds.train) == len(ds.val) == 65


def test_given_tokenizer_is_used_and_unknown_chars_are_named():
    tok = train_tokenizer(["abc"], "char")
    ds = prepare_dataset(corpus_from_text("abc" * 100), DataConfig(tokenizer="bpe"), block_size=8, tokenizer=tok)
    assert ds.tokenizer is tok
    with pytest.raises(TokenizerError, match="'z'"):
        prepare_dataset(corpus_from_text("abz" * 100), DataConfig(), block_size=8, tokenizer=tok)


def test_tinyshakespeare(shared_corpus):
    corpus = load_corpus(shared_corpus("tinyshakespeare.txt"))
    ds = prepare_dataset(corpus, DataConfig(), block_size=64)
    assert ds.stats["vocab_size"] == 66           # 65 characters + EOT
    assert ds.stats["tokens"] == corpus.n_chars + 2
