"""Bytes -> text, with clear errors for what is not text.

The rule for non-UTF-8 input: text that holds *no* valid UTF-8 multi-byte sequence but high
bytes is a legacy single-byte encoding (cp1252 and latin-1 are most of what scrapers meet), and
charset-normalizer picks which. Text that holds valid UTF-8 sequences *and* invalid bytes is
broken UTF-8: decoding it as cp1252 would silently turn every accented letter into mojibake, so
it is refused with an error that says where the first bad byte is.
"""

from __future__ import annotations

import codecs
import re

from newsgraph.errors import BinaryInput, DecodeError, EmptyInput

# A valid UTF-8 multi-byte sequence (2, 3 or 4 bytes).
_UTF8_MULTI = re.compile(
    rb"[\xc2-\xdf][\x80-\xbf]|[\xe0-\xef][\x80-\xbf]{2}|[\xf0-\xf4][\x80-\xbf]{3}"
)
# Control characters that never occur in text (tab, newline, CR, form feed and ESC excluded).
_CONTROL = re.compile(rb"[\x00-\x08\x0b\x0e-\x1a\x1c-\x1f\x7f]")
# Share of control bytes above which a "text" is taken for binary. Real text files have none;
# 1% leaves room for a few stray characters from a bad copy-paste.
_BINARY_CONTROL_SHARE = 0.01
_WORD = re.compile(r"[^\W\d_]+")
_BOMS = (
    (codecs.BOM_UTF8, "utf-8-sig"),
    (codecs.BOM_UTF16_LE, "utf-16"),
    (codecs.BOM_UTF16_BE, "utf-16"),
)


def decode_bytes(data: bytes, name: str) -> str:
    """Decode one input, raising an :class:`InputError` subclass that names it."""
    if not data.strip():
        raise EmptyInput(name, "empty input (no text)")
    for bom, encoding in _BOMS:
        if data.startswith(bom):
            try:
                return data.decode(encoding)
            except UnicodeDecodeError as exc:
                raise DecodeError(name, f"invalid {encoding} text: {exc.reason}") from None
    sample = data[:65536]
    if b"\x00" in sample or len(_CONTROL.findall(sample)) > _BINARY_CONTROL_SHARE * len(sample):
        raise BinaryInput(name, "binary data, not text")
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError as exc:
        first_bad = exc.start
    if _UTF8_MULTI.search(data):
        raise DecodeError(
            name, f"invalid UTF-8 (first bad byte at offset {first_bad}) in a UTF-8 text"
        )
    return _decode_legacy(data, name)


def _decode_legacy(data: bytes, name: str) -> str:
    """cp1252 unless the result reads like another script spelt in Latin-1 letters.

    Statistical detectors guess badly on short Western text (charset-normalizer calls a cp1252
    "café, naïve" Farsi), so cp1252, the encoding of most legacy news pages, is the prior. Its
    tell-tale failure is Cyrillic or Greek read as cp1252: whole words made of accented letters
    ("Ïðèâåò"), where Western text has accents inside ASCII words ("café"). Only then is the
    detector asked.
    """
    try:
        text = data.decode("cp1252")
    except UnicodeDecodeError:  # the five bytes cp1252 leaves undefined
        text = data.decode("latin-1")
    accented = [w for w in _WORD.findall(text) if not w.isascii()]
    foreign = [w for w in accented if all(ord(c) > 127 for c in w)]
    if len(foreign) >= 3 and len(foreign) > len(accented) / 2:
        from charset_normalizer import from_bytes

        best = from_bytes(data).best()
        if best is None or best.encoding is None:
            raise DecodeError(name, "not UTF-8 and no plausible text encoding found")
        return str(best)
    return text
