"""Bytes to text: whatever encoding a file uses (a byte order mark, UTF-8, UTF-16 without one, or a legacy code
page charset-normalizer recognises), normalised to "\n" newlines; binary data is refused in one sentence that
names its format where it can."""

from __future__ import annotations

import codecs
import re

from playground.core.errors import CorpusError, Phrase

# Leading bytes of common non-text formats, to name the format when someone picks the wrong file.
_MAGIC = (
    (b"%PDF", Phrase("a PDF document")),
    (b"PK\x03\x04", Phrase("a ZIP archive (Word .docx, EPUB and OpenDocument files are ZIP archives too)")),
    (b"\x89PNG\r\n\x1a\n", Phrase("a PNG image")),
    (b"\xff\xd8\xff", Phrase("a JPEG image")),
    (b"GIF87a", Phrase("a GIF image")),
    (b"GIF89a", Phrase("a GIF image")),
    (b"\x1f\x8b", Phrase("a gzip-compressed file")),
    (b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1", Phrase("an old Microsoft Office document (.doc/.xls)")),
    (b"7z\xbc\xaf\x27\x1c", Phrase("a 7-Zip archive")),
    (b"Rar!\x1a\x07", Phrase("a RAR archive")),
    (b"BZh", Phrase("a bzip2-compressed file")),
    (b"\xfd7zXZ\x00", Phrase("an xz-compressed file")),
    (b"\x7fELF", Phrase("a program (ELF executable)")),
)

# Order matters: the UTF-32-LE BOM starts with the UTF-16-LE one.
_BOMS = (
    (codecs.BOM_UTF32_LE, "utf-32"),
    (codecs.BOM_UTF32_BE, "utf-32"),
    (codecs.BOM_UTF8, "utf-8-sig"),
    (codecs.BOM_UTF16_LE, "utf-16"),
    (codecs.BOM_UTF16_BE, "utf-16"),
)

# C0 and C1 control characters except the whitespace ones (\t \n \v \f \r).
_CONTROL = re.compile("[\x00-\x08\x0e-\x1f\x7f-\x9f]")
_MAX_CONTROL_SHARE = 0.01


def decode_bytes(data: bytes, what: str = Phrase("The text")) -> tuple[str, str]:
    """Decode a file's bytes to normalised text; return (text, encoding name). `what` names it in errors."""
    for magic, fmt in _MAGIC:
        if data.startswith(magic):
            raise _binary(what, fmt)
    for bom, encoding in _BOMS:
        if data.startswith(bom):
            try:
                text = data.decode(encoding)
            except UnicodeDecodeError as e:
                raise CorpusError("{what} starts like {encoding} text (it has a byte order mark) but is not valid "
                                  "{encoding} at byte {offset}. Re-save it as UTF-8.", what=what,
                                  encoding=encoding.upper(), offset=e.start) from None
            return _checked(normalise(text), what), encoding
    if b"\x00" in data:
        encoding = _utf16_without_bom(data)
        if encoding is None:
            raise _binary(what)
        return _checked(normalise(data.decode(encoding)), what), encoding
    try:
        return _checked(normalise(data.decode("utf-8")), what), "utf-8"
    except UnicodeDecodeError:
        pass
    text = _utf8_cut_at_the_ends(data)
    if text is not None:
        return _checked(normalise(text), what), "utf-8"
    encoding = _guess_encoding(data)
    if encoding is None:
        raise _binary(what)
    try:
        text = data.decode(encoding)
    except (UnicodeDecodeError, LookupError):
        raise CorpusError("{what} looks like {encoding} text but cannot be decoded as such throughout. Re-save it "
                          "as UTF-8.", what=what, encoding=encoding) from None
    return _checked(normalise(text), what), encoding.replace("_", "-")


def _utf8_cut_at_the_ends(data: bytes) -> str | None:
    """UTF-8 text whose first or last character was cut in two (a file split or truncated by size: each
    Chinese character is three bytes, so this is most cuts of Chinese text): its whole characters. None when
    anything else is wrong with it."""
    start = 0
    while start < min(3, len(data)) and 0x80 <= data[start] <= 0xBF:  # continuation bytes: a character's tail
        start += 1
    body = data[start:]
    try:
        return body.decode("utf-8")
    except UnicodeDecodeError as e:
        if e.reason != "unexpected end of data":  # a bad byte inside the text, not a character cut at its end
            return None
        return body[:e.start].decode("utf-8")


def _utf16_without_bom(data: bytes) -> str | None:
    """"utf-16-le" or "-be" for UTF-16 text saved without a byte order mark, else None.

    Text in Latin letters has a zero byte in every other position, all on the same side: at odd offsets in
    little-endian, even ones in big-endian. Binary data has its zeros anywhere.
    """
    if len(data) % 2 or len(data) < 64:  # a few bytes with a zero among them prove nothing
        return None
    sample = data[:1 << 20]
    for encoding, zeros, others in (("utf-16-le", sample[1::2], sample[0::2]),
                                    ("utf-16-be", sample[0::2], sample[1::2])):
        if zeros.count(0) > 0.3 * len(zeros) and others.count(0) == 0:
            try:
                data.decode(encoding)
            except UnicodeDecodeError:
                return None
            return encoding
    return None


def _guess_encoding(data: bytes) -> str | None:
    from charset_normalizer import from_bytes
    from charset_normalizer.utils import is_multi_byte_encoding

    results = from_bytes(data)
    best = results.best()
    if best is None or is_multi_byte_encoding(best.encoding):
        return best and best.encoding
    # On short Western European text charset-normalizer often names a Central European or Mac code page
    # (mac_latin2 for French) that garbles accents. Windows-1252 is by far the likelier one when it fits
    # about as well.
    for r in results:
        if "cp1252" in r.could_be_from_charset and r.chaos <= best.chaos + 0.02:
            return "cp1252"
    return best.encoding


def normalise(text: str) -> str:
    """What every text goes through before tokenizing, prompts included: no BOM, \n line ends."""
    if text.startswith("\ufeff"):
        text = text[1:]
    if "\r" in text:
        text = text.replace("\r\n", "\n").replace("\r", "\n")
    return text


def _checked(text: str, what: str) -> str:
    # Binary data often decodes without error as some 8-bit code page; what gives it away is the control
    # characters that real text almost never has.
    if len(_CONTROL.findall(text)) > _MAX_CONTROL_SHARE * len(text):
        raise _binary(what)
    return text


def _binary(what: str, fmt: str = "") -> CorpusError:
    advice = Phrase("Training needs plain text: a .txt, .md or .jsonl file, e.g. exported or copied from the "
                    "original as plain text.")
    if fmt:
        return CorpusError("{what} is {format}, not text. {advice}", what=what, format=fmt, advice=advice)
    return CorpusError("{what} looks like a binary file (e.g. a PDF, image or archive), not text. {advice}",
                       what=what, advice=advice)
