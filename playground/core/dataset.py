"""A corpus turned into token ids and split into training and validation parts.

The split is contiguous: validation is the end of the text, so the model is scored on text it has never
trained on (a random split of overlapping windows would leak training text into validation).
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from playground.core.config import DataConfig
from playground.core.corpus import Corpus
from playground.core.errors import CorpusTooShortError
from playground.core.tokenizer import Tokenizer, train_tokenizer


@dataclass
class Dataset:
    tokenizer: Tokenizer
    train: np.ndarray   # the first (1 - val_fraction) of the encoded corpus
    val: np.ndarray     # the rest

    @property
    def stats(self) -> dict:
        return {
            "tokens": len(self.train) + len(self.val),
            "train_tokens": len(self.train),
            "val_tokens": len(self.val),
            "vocab_size": self.tokenizer.vocab_size,
        }

    def val_chars(self) -> int:
        """Characters of the validation text (document breaks not counted): with len(val), what turns a loss
        per token into bits per character, which compares across tokenizers."""
        return int(self.tokenizer.char_starts()[self.val].sum())


def prepare_dataset(corpus: Corpus, data: DataConfig, block_size: int, tokenizer: Tokenizer | None = None) -> Dataset:
    """Tokenize the corpus (training a tokenizer unless given one, e.g. a resumed run's) and split it."""
    if tokenizer is None:
        tokenizer = train_tokenizer(corpus.documents, data.tokenizer, data.bpe_vocab_size)
    ids = tokenizer.encode_documents(corpus.documents)
    # Each split must hold at least one full window: block_size inputs plus the next token as target.
    n = len(ids)
    check_length(n, block_size)
    window = block_size + 1
    n_val = min(max(window, int(n * data.val_fraction)), n - window)
    n_train = n - n_val
    return Dataset(tokenizer, ids[:n_train], ids[n_train:])


def check_length(n_tokens: int, block_size: int) -> None:
    """Raise CorpusTooShortError unless `n_tokens` make one window for training and one for validation."""
    window = block_size + 1
    if n_tokens < 2 * window:
        raise CorpusTooShortError(
            "The text is too short: {tokens:,} tokens, but training needs at least {needed:,} (two context windows "
            "of block_size+1 = {window:,} tokens, one for training and one for validation). Use more text or a "
            "smaller context window (block_size, now {block_size:,}).", "block_size", tokens=n_tokens,
            needed=2 * window, window=window, block_size=block_size)
