"""What kind of text a token is (a digit, a vowel, punctuation, a Chinese character...), so that the embedding
map can colour each kind alike and clusters read at a glance; and a token's text as it reads alone."""

from __future__ import annotations

import unicodedata

import numpy as np

# (key, colour), in the legend's order; a token is the first kind that fits it (see kind_of)
KINDS = (
    ("digit", "#d62728"),
    ("vowel", "#ff7f0e"),
    ("lower", "#1f77b4"),
    ("upper", "#9467bd"),
    ("punct", "#2ca02c"),
    ("space", "#7f7f7f"),
    ("cjk", "#e377c2"),
    ("other", "#8c564b"),
)
KIND_INDEX = {key: i for i, (key, _colour) in enumerate(KINDS)}
VOWELS = set("aeiouAEIOUàâäéèêëîïôöùûüáíóúåæøœ")


def _is_cjk(ch: str) -> bool:
    o = ord(ch)
    return (0x2E80 <= o <= 0x2FDF or 0x3040 <= o <= 0x30FF or 0x3400 <= o <= 0x4DBF or 0x4E00 <= o <= 0x9FFF
            or 0xF900 <= o <= 0xFAFF or 0x20000 <= o <= 0x2FA1F or 0xAC00 <= o <= 0xD7AF)


def kind_of(token: str) -> str:
    """The kind of a token's text. A BPE token's leading space does not count: " 12" is a number, " the" a word."""
    if not token or token.startswith("<|") or "\\x" in token:  # the end-of-text token, or part of a character
        return "other"
    core = token.strip()
    if not core:
        return "space"
    if all(ch.isdigit() for ch in core):
        return "digit"
    if any(_is_cjk(ch) for ch in core):
        return "cjk"
    if all(unicodedata.category(ch)[0] in "PS" for ch in core):
        return "punct"
    if core.isalpha():
        if all(ch in VOWELS for ch in core):
            return "vowel"
        if core[0].isupper():
            return "upper"
        return "lower"
    return "other"


def kinds_of(tokens: list[str]) -> np.ndarray:
    """(vocab,) int: each token's kind, an index into KINDS."""
    return np.array([KIND_INDEX[kind_of(t)] for t in tokens], dtype=np.int32)


def visible(token: str) -> str:
    """A token as it reads alone on the map: a space as ·, a line end as ↵, a tab as →."""
    return token.replace(" ", "·").replace("\n", "↵").replace("\r", "␍").replace("\t", "→") or "∅"
