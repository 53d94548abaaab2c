"""Encodings: what bytes become text, and which are refused."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from pipelines.ingestion.decode import DecodeError, decode_bytes, looks_cyrillic_cp1251

RUSSIAN = "В результате обстрела погибли три мирных жителя, еще семь человек ранены."
UKRAINIAN = "Унаслідок обстрілу загинули троє цивільних; ще семеро отримали поранення. Їхні імена відомі."
FRENCH = "Le maire a déclaré qu'au moins douze soldats ont été tués près de la rivière, à l'aube."
GERMAN = "Nach Angaben der Behörden wurden zwölf Soldaten getötet; die Straße bleibt gesperrt."
MIXED = "Varnek: 12 killed — Варнек: 12 загинули — فارنك: قتل 12 — 瓦尔内克：12人死亡 🕊"


@pytest.mark.parametrize(
    ("text", "encoding", "expected_encoding"),
    [
        (RUSSIAN, "utf-8", "utf-8"),
        (RUSSIAN, "utf-8-sig", "utf-8-sig"),
        (UKRAINIAN, "utf-16", "utf-16"),
        (UKRAINIAN, "utf-16-be-bom", "utf-16"),
        (RUSSIAN, "utf-32", "utf-32"),
        (RUSSIAN, "cp1251", "cp1251"),
        (UKRAINIAN, "cp1251", "cp1251"),
        ("Да", "cp1251", "cp1251"),
        (FRENCH, "latin-1", "cp1252"),
        (GERMAN, "latin-1", "cp1252"),
        ("“Twelve killed” – officials…", "cp1252", "cp1252"),
        (MIXED, "utf-8", "utf-8"),
        ("plain ascii text", "ascii", "utf-8"),
    ],
)
def test_decodes_text_exactly(text: str, encoding: str, expected_encoding: str) -> None:
    data = (b"\xfe\xff" + text.encode("utf-16-be")) if encoding == "utf-16-be-bom" else text.encode(encoding)
    decoded = decode_bytes(data)
    assert decoded.text == text
    assert decoded.encoding == expected_encoding


@pytest.mark.parametrize(
    ("data", "reason"),
    [
        (b"", "empty"),
        (b"  \n\t\r\n ", "empty"),
        ("\ufeff  \n".encode("utf-8"), "empty"),
        ("   ".encode("utf-16"), "empty"),
        (b"Two soldiers\x00 were killed", "NUL"),
        (b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00", "NUL"),
        (bytes(range(1, 32)) * 20, "control characters"),
        (b"\xff\xfe\x00\xd8", "byte-order mark"),  # UTF-16 BOM then a lone surrogate
    ],
)
def test_refuses_empty_and_binary(data: bytes, reason: str) -> None:
    with pytest.raises(DecodeError, match=reason):
        decode_bytes(data)


@pytest.mark.parametrize(
    ("data", "declared", "expected"),
    [
        (RUSSIAN.encode("cp1251"), "windows-1251", RUSSIAN),
        (RUSSIAN.encode("koi8-r"), "KOI8-R", RUSSIAN),
        (FRENCH.encode("latin-1"), "iso-8859-1", FRENCH),
        # A page labelled latin-1 whose bytes are valid UTF-8: the label is wrong.
        (FRENCH.encode("utf-8"), "iso-8859-1", FRENCH),
        # A label naming a codec that cannot decode the bytes, or no codec at all: detection decides.
        (RUSSIAN.encode("cp1251"), "utf-8", RUSSIAN),
        (RUSSIAN.encode("utf-8"), "no-such-charset", RUSSIAN),
        (UKRAINIAN.encode("utf-16-le"), "utf-16-le", UKRAINIAN),
    ],
)
def test_declared_charset(data: bytes, declared: str, expected: str) -> None:
    assert decode_bytes(data, declared).text == expected


@pytest.mark.parametrize(
    ("text", "encoding", "cyrillic"),
    [
        (RUSSIAN, "cp1251", True),
        (UKRAINIAN, "cp1251", True),
        (FRENCH, "latin-1", False),
        (GERMAN, "latin-1", False),
        ("Ça va à Paris, où l'été est chaud", "latin-1", False),
    ],
)
def test_cp1251_heuristic(text: str, encoding: str, cyrillic: bool) -> None:
    assert looks_cyrillic_cp1251(text.encode(encoding)) is cyrillic


@settings(max_examples=300, deadline=None)
@given(st.binary(max_size=2000))
def test_any_bytes_decode_or_are_refused(data: bytes) -> None:
    try:
        decoded = decode_bytes(data)
    except DecodeError:
        return
    assert decoded.text.strip()


@settings(max_examples=200, deadline=None)
@given(st.text(alphabet=st.characters(blacklist_categories=("Cs", "Cc"), blacklist_characters="\ufeff"), min_size=1, max_size=300))
def test_utf8_text_round_trips(text: str) -> None:
    if text.strip():
        assert decode_bytes(text.encode("utf-8")).text == text
