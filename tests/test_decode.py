"""Bytes -> text: encodings that must decode, inputs that must be refused by name."""

from __future__ import annotations

import pytest

from newsgraph.errors import BinaryInput, DecodeError, EmptyInput
from newsgraph.ingest.decode import decode_bytes

DECODES = [
    (b"plain ascii", "plain ascii"),
    ("Lukashenka’s visit — €1.5 bn".encode(), "Lukashenka’s visit — €1.5 bn"),
    ("café, naïve".encode("cp1252"), "café, naïve"),
    ("“Quoted” text – with cp1252 dashes".encode("cp1252"), "“Quoted” text – with cp1252 dashes"),
    (
        "Zürich und Köln sind Städte in Europa.".encode("latin-1"),
        "Zürich und Köln sind Städte in Europa.",
    ),
    ("\ufeffwith a BOM".encode(), "with a BOM"),
    ("utf-16 text".encode("utf-16"), "utf-16 text"),
]

REFUSED = [
    (b"", EmptyInput),
    (b"   \n\t\n", EmptyInput),
    (b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00", BinaryInput),
    (bytes(range(256)) * 4, BinaryInput),
    ("caf\u00e9 ".encode() + b"and a broken \xe9 byte", DecodeError),
    ("Привет".encode() + b"\xff\xfe trailing", DecodeError),
]


@pytest.mark.parametrize(("data", "expected"), DECODES)
def test_decodes(data: bytes, expected: str) -> None:
    assert decode_bytes(data, "x.txt") == expected


@pytest.mark.parametrize(("data", "error"), REFUSED)
def test_refuses_with_the_input_named(data: bytes, error: type) -> None:
    with pytest.raises(error) as info:
        decode_bytes(data, "some/file.txt")
    assert "some/file.txt" in str(info.value)
    assert info.value.reason


def test_cyrillic_in_a_legacy_encoding_is_not_read_as_cp1252() -> None:
    text = "Лукашенко прибыл в Сочи на переговоры с Путиным о новом кредите."
    assert decode_bytes(text.encode("cp1251"), "ru.txt") == text
