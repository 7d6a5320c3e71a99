"""Raw input to one lxml tree: bytes to text (BOM, declared charset, detection), then parsing.

Both steps reject what is not an HTML page (binary data, empty or markup-free text) with
:class:`MalformedInput`, so nothing downstream sees it.
"""

from __future__ import annotations

import codecs
import re

from lxml.html import HtmlElement

from newsgraph.errors import MalformedInput

_BOMS = (
    (codecs.BOM_UTF32_LE, "utf-32-le"),
    (codecs.BOM_UTF32_BE, "utf-32-be"),
    (codecs.BOM_UTF8, "utf-8"),
    (codecs.BOM_UTF16_LE, "utf-16-le"),
    (codecs.BOM_UTF16_BE, "utf-16-be"),
)
_META_CHARSET = re.compile(
    rb"""<meta[^>]{0,200}?charset\s*=\s*["']?\s*([A-Za-z0-9_.:\-]+)""", re.IGNORECASE
)
_XML_ENCODING = re.compile(rb"""^\s*<\?xml[^>]{0,100}encoding\s*=\s*["']([A-Za-z0-9_.:\-]+)""")
# Browsers (WHATWG Encoding) read these labels as windows-1252; so do the pages' authors.
_WINDOWS_1252_ALIASES = {"iso-8859-1", "iso8859-1", "latin-1", "latin1", "ascii", "us-ascii"}
# Markup that only HTML has: a comparison like "a < b" in plain text is not a tag.
_TAG = re.compile(
    r"<(?:!doctype|!--|/?(?:html|head|body|meta|title|p|div|span|a|br|article|section|main|"
    r"header|footer|nav|h[1-6]|ul|ol|li|table|tr|td|img|script|style|em|strong|b|i|blockquote|"
    r"figure|time|font|center)\b)",
    re.IGNORECASE,
)


def _declared_encoding(data: bytes) -> str | None:
    """The charset a ``<meta>`` or XML declaration near the top of the page names, if usable."""
    head = data[:4096]
    match = _XML_ENCODING.match(head) or _META_CHARSET.search(head)
    if not match:
        return None
    label = match.group(1).decode("ascii", "ignore").strip().lower()
    if label in _WINDOWS_1252_ALIASES:
        return "cp1252"
    try:
        name = codecs.lookup(label).name
    except LookupError:
        return None
    # A page that says UTF-16/32 in ASCII-compatible bytes is lying; browsers read it as UTF-8.
    if name.startswith(("utf-16", "utf-32")):
        return "utf-8"
    return name


def _decode(data: bytes, input_name: str) -> str:
    """Bytes to text: BOM, then the declared charset, then UTF-8, then charset-normalizer."""
    for bom, encoding in _BOMS:
        if data.startswith(bom):
            return data[len(bom) :].decode(encoding, errors="replace")
    if b"\x00" in data[:2048]:
        raise MalformedInput(input_name, "binary data, not HTML")
    declared = _declared_encoding(data)
    for candidate in ([declared] if declared else []) + ["utf-8"]:
        try:
            return data.decode(candidate)
        except UnicodeDecodeError:
            continue
    from charset_normalizer import from_bytes

    best = from_bytes(data).best()
    if best is not None:
        return str(best)
    if declared is not None:
        return data.decode(declared, errors="replace")
    raise MalformedInput(input_name, "bytes in no recognisable text encoding")


def _parse(text: str, input_name: str) -> HtmlElement:
    """Parse with trafilatura's loader (which repairs common libxml2 traps), never raising."""
    from trafilatura.utils import load_html

    if not text.strip():
        raise MalformedInput(input_name, "empty document")
    if not _TAG.search(text[:100_000]):
        raise MalformedInput(input_name, "not HTML: no markup found")
    try:
        tree = load_html(text)
        if tree is None:
            # trafilatura refuses fragments without an <html> tag; wrap them and try again.
            tree = load_html(f"<html><body><div>{text}</div></body></html>")
    except Exception as exc:  # lxml raises a zoo of types on hostile input
        raise MalformedInput(input_name, f"HTML could not be parsed: {exc}") from exc
    if tree is None:
        raise MalformedInput(input_name, "HTML could not be parsed")
    return tree
