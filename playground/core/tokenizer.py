"""Turning text into token ids and back: one token per character, or byte-level BPE.

Both tokenizers reserve one special token, EOT, that marks document boundaries: `encode_documents` puts it
before every document and once at the end, so the model learns where texts start and stop.
A tokenizer is saved with its run as the JSON-serialisable dict from `to_dict`.
"""

from __future__ import annotations

import functools
import itertools
import json
import re
from typing import Iterator, Sequence

import numpy as np

from playground.core.corpus import distinct_chars
from playground.core.errors import RunError, TokenizerError

EOT = "<|endoftext|>"
EOT_TEXT = "\n\n"                # what EOT decodes to, so document breaks read as breaks
_MAX_CODE_POINT = 0x10FFFF
_CHUNK_CHARS = 1 << 12          # text handed to the Rust BPE tokenizer per item (small items spread over cores)


class Tokenizer:
    kind: str
    vocab_size: int             # including EOT
    eot_id: int

    def encode(self, text: str) -> list[int]:
        raise NotImplementedError

    def decode(self, ids: Sequence[int]) -> str:
        raise NotImplementedError

    def encode_documents(self, documents: list[str]) -> np.ndarray:
        """[EOT] d1 [EOT] d2 ... [EOT] as one array, uint16 when the vocabulary allows it."""
        raise NotImplementedError

    def token_pieces(self, text: str, limit: int = 200) -> list[str]:
        """The text cut into its first `limit` tokens, each as a readable string (for previews)."""
        raise NotImplementedError

    def pieces(self, ids: Sequence[int]) -> list[str]:
        """Each token's own text, readable alone: EOT as "<|endoftext|>", and for BPE, bytes that are part of
        a character as \\xe4 and so on."""
        raise NotImplementedError

    def to_dict(self) -> dict:
        raise NotImplementedError

    def char_starts(self) -> np.ndarray:
        """For each id, how many characters of the text begin in that token (EOT: none). Summed over a stretch
        of ids it counts that stretch's characters exactly, even where BPE cuts a character in two."""
        raise NotImplementedError

    @property
    def dtype(self) -> np.dtype:
        return np.dtype(np.uint16 if self.vocab_size <= 65535 else np.int32)

    def __repr__(self) -> str:
        return f"<{type(self).__name__} vocab_size={self.vocab_size}>"


class CharTokenizer(Tokenizer):
    """One token per Unicode code point: id 0 is EOT, then the corpus' distinct characters in sorted order."""

    kind = "char"

    def __init__(self, chars: Sequence[str]):
        self.itos = [EOT, *chars]
        self.vocab_size = len(self.itos)
        self.eot_id = 0
        # id of every code point, -1 where not in the vocabulary: encoding is then one numpy gather.
        self._table = np.full(_MAX_CODE_POINT + 1, -1, dtype=np.int32)
        codes = np.array([ord(c) for c in chars], dtype=np.int64)
        self._table[codes] = np.arange(1, self.vocab_size, dtype=np.int32)

    def _ids(self, text: str) -> np.ndarray:
        # surrogatepass: a lone surrogate becomes an unknown character rather than an encoding crash.
        codes = np.frombuffer(text.encode("utf-32-le", "surrogatepass"), dtype=np.uint32)
        ids = self._table[codes]
        if (ids < 0).any():
            raise _unknown_chars(text[i] for i in np.flatnonzero(ids < 0)[:10_000])
        return ids

    def encode(self, text: str) -> list[int]:
        return self._ids(text).tolist()

    def decode(self, ids: Sequence[int]) -> str:
        itos = self.itos
        return "".join(EOT_TEXT if i == 0 else itos[i] for i in _checked_ids(ids, self.vocab_size))

    def encode_documents(self, documents: list[str]) -> np.ndarray:
        out = np.empty(sum(len(d) for d in documents) + len(documents) + 1, dtype=self.dtype)
        pos = 0
        for doc in documents:
            out[pos] = self.eot_id
            pos += 1
            # In slices, so the 4-bytes-a-character copies stay small for a huge document.
            for start in range(0, len(doc), 1 << 24):
                ids = self._ids(doc[start:start + (1 << 24)])
                out[pos:pos + len(ids)] = ids
                pos += len(ids)
        out[pos] = self.eot_id
        return out

    def token_pieces(self, text: str, limit: int = 200) -> list[str]:
        return [self.itos[i] for i in self._ids(text[:limit])]

    def pieces(self, ids: Sequence[int]) -> list[str]:
        return [self.itos[i] for i in _checked_ids(ids, self.vocab_size)]

    def to_dict(self) -> dict:
        return {"kind": "char", "chars": self.itos[1:]}

    def char_starts(self) -> np.ndarray:
        counts = np.ones(self.vocab_size, dtype=np.int64)
        counts[self.eot_id] = 0
        return counts


class BPETokenizer(Tokenizer):
    """Byte-level BPE (as in GPT-2) from the `tokenizers` library: any text encodes, nothing is unknown."""

    kind = "bpe"

    def __init__(self, hf):
        self.hf = hf
        hf.encode_special_tokens = True  # "<|endoftext|>" typed in a text is text; EOT only comes from encode_documents
        self.vocab_size = hf.get_vocab_size(with_added_tokens=True)
        eot_id = hf.token_to_id(EOT)
        if eot_id is None:
            raise RunError("This BPE tokenizer has no {token} token; it was not made by this program.", token=EOT)
        self.eot_id = eot_id

    def encode(self, text: str) -> list[int]:
        return self._encode_batch([text])[0]

    def _encode_batch(self, texts: list[str]) -> list[list[int]]:
        try:
            return [e.ids for e in self.hf.encode_batch(texts, add_special_tokens=False)]
        except TypeError:
            # The Rust side rejects strings that Python allows: those with lone surrogates.
            raise TokenizerError("The text cannot be tokenized: it holds an invalid character (a lone UTF-16 "
                                 "surrogate, e.g. half of an emoji).") from None

    def decode(self, ids: Sequence[int]) -> str:
        ids = _checked_ids(ids, self.vocab_size)
        parts, start = [], 0
        for i, t in enumerate(ids):
            if t == self.eot_id:
                parts.append(self.hf.decode(ids[start:i], skip_special_tokens=False))
                start = i + 1
        parts.append(self.hf.decode(ids[start:], skip_special_tokens=False))
        return EOT_TEXT.join(parts)

    def encode_documents(self, documents: list[str]) -> np.ndarray:
        eot = np.array([self.eot_id], dtype=self.dtype)
        arrays = []
        for doc in documents:
            arrays.append(eot)
            chunks = _chunks(doc)
            # Bounded batches: each Encoding object is far bigger than its ids.
            while batch := list(itertools.islice(chunks, 256)):
                arrays.extend(np.array(ids, dtype=self.dtype) for ids in self._encode_batch(batch))
        arrays.append(eot)
        return np.concatenate(arrays)

    def token_pieces(self, text: str, limit: int = 200) -> list[str]:
        # a token is rarely 8 characters long: no need to encode more
        return self.pieces(self.encode(text[:limit * 8])[:limit])

    def pieces(self, ids: Sequence[int]) -> list[str]:
        unbyte = _byte_decoder()
        out = []
        for i in _checked_ids(ids, self.vocab_size):
            token = self.hf.id_to_token(i)
            if i == self.eot_id:
                out.append(token)
            else:
                # A token may hold part of a multi-byte character; show such bytes as \xe4 and so on.
                out.append(bytes(unbyte[c] for c in token).decode("utf-8", "backslashreplace"))
        return out

    def to_dict(self) -> dict:
        return {"kind": "bpe", "hf": json.loads(self.hf.to_str())}

    def char_starts(self) -> np.ndarray:
        unbyte = _byte_decoder()
        counts = np.zeros(self.vocab_size, dtype=np.int64)
        for i in range(self.vocab_size):
            if i != self.eot_id:  # a UTF-8 character begins at every byte but a continuation byte (10xxxxxx)
                counts[i] = sum(unbyte[c] & 0xC0 != 0x80 for c in self.hf.id_to_token(i))
        return counts


def _checked_ids(ids: Sequence[int], vocab_size: int) -> list[int]:
    try:
        ids = [int(i) for i in ids]
    except (TypeError, ValueError):
        raise TokenizerError("Token ids must be integers.") from None
    bad = [i for i in ids if not 0 <= i < vocab_size]
    if bad:
        raise TokenizerError("Token id {id} is outside this vocabulary (0 to {last}).", id=bad[0], last=vocab_size - 1)
    return ids


def _unknown_chars(chars) -> TokenizerError:
    seen: list[str] = []
    for c in chars:
        if c not in seen:
            seen.append(c)
            if len(seen) == 10:
                break
    shown = ", ".join(f"{c!r} (U+{ord(c):04X})" for c in seen)
    return TokenizerError("The text has characters that are not in this model's vocabulary: {chars}. This model "
                          "was trained on a corpus without them; remove or replace them.", chars=shown)


# A boundary a word-splitting regex cannot straddle: a single newline between two non-space characters.
# Cutting there gives exactly the tokens of the uncut text.
_SAFE_CUT = re.compile(r"\S\n(?=\S)")


def _chunks(doc: str, size: int = _CHUNK_CHARS) -> Iterator[str]:
    start = 0
    while start < len(doc):
        m = _SAFE_CUT.search(doc, start + size)
        end = m.end() if m else len(doc)
        yield doc[start:end]
        start = end


@functools.cache
def _byte_decoder() -> dict[str, int]:
    """The inverse of GPT-2's bytes-to-printable-characters map that byte-level BPE tokens are written in."""
    printable = [*range(ord("!"), ord("~") + 1), *range(ord("¡"), ord("¬") + 1), *range(ord("®"), ord("ÿ") + 1)]
    chars, n = {}, 0
    for b in range(256):
        if b in printable:
            chars[chr(b)] = b
        else:
            chars[chr(256 + n)] = b
            n += 1
    return chars


def train_tokenizer(documents: list[str], kind: str, vocab_size: int = 2000) -> Tokenizer:
    if kind == "char":
        return CharTokenizer(distinct_chars(documents))
    if kind == "bpe":
        return _train_bpe(documents, vocab_size)
    raise TokenizerError("Unknown tokenizer {kind}; choose 'char' or 'bpe'.", kind=repr(kind))


def _train_bpe(documents: list[str], vocab_size: int) -> BPETokenizer:
    from tokenizers import Tokenizer as HFTokenizer
    from tokenizers import decoders, models, pre_tokenizers, trainers

    hf = HFTokenizer(models.BPE())
    hf.pre_tokenizer = pre_tokenizers.ByteLevel(add_prefix_space=False)
    hf.decoder = decoders.ByteLevel()
    trainer = trainers.BpeTrainer(
        vocab_size=max(vocab_size, 257),    # EOT and the 256 bytes come first; a tiny corpus stops merging early
        min_frequency=2,                    # a pair seen once is not a pattern
        special_tokens=[EOT],
        initial_alphabet=pre_tokenizers.ByteLevel.alphabet(),
        show_progress=False,
    )
    hf.train_from_iterator((chunk for doc in documents for chunk in _chunks(doc)), trainer=trainer)
    return BPETokenizer(hf)


def tokenizer_from_dict(d: dict) -> Tokenizer:
    """Rebuild a tokenizer saved with `to_dict`; RunError if the dict is not one."""
    if not isinstance(d, dict) or d.get("kind") not in ("char", "bpe"):
        raise RunError("The saved tokenizer is malformed: expected an object with kind 'char' or 'bpe'.")
    if d["kind"] == "char":
        chars = d.get("chars")
        if (not isinstance(chars, list) or not all(isinstance(c, str) and len(c) == 1 for c in chars)
                or len(set(chars)) != len(chars)):
            raise RunError("The saved character tokenizer is malformed: 'chars' must be a list of distinct "
                           "single characters.")
        return CharTokenizer(chars)
    from tokenizers import Tokenizer as HFTokenizer

    try:
        hf = HFTokenizer.from_str(json.dumps(d["hf"]))
        return BPETokenizer(hf)
    except RunError:
        raise
    except BaseException as e:  # the Rust parser raises a plain Exception, a Rust panic a BaseException
        if isinstance(e, (KeyboardInterrupt, SystemExit, GeneratorExit)):
            raise
        raise RunError("The saved BPE tokenizer is malformed: {reason}", reason=str(e)[:200]) from None
