"""Bytes to text: byte-order marks, UTF-8, declared charsets, cp1251 vs latin-1, and refusing binary data.

Order: a BOM wins (UTF-8/16/32); then a declared charset (HTTP header or HTML meta) when it decodes
the bytes strictly, unless it is a single-byte charset and the bytes are valid multi-byte UTF-8 (the
classic mislabelled page); then strict UTF-8; then cp1251 when the text reads as Cyrillic words,
else cp1252 (latin-1 with printable 0x80-0x9F), else latin-1.
"""

from __future__ import annotations

import codecs
import re
from dataclasses import dataclass

_BOMS = (
    (codecs.BOM_UTF32_LE, "utf-32"),
    (codecs.BOM_UTF32_BE, "utf-32"),
    (codecs.BOM_UTF8, "utf-8-sig"),
    (codecs.BOM_UTF16_LE, "utf-16"),
    (codecs.BOM_UTF16_BE, "utf-16"),
)
_WIDE = ("utf-16", "utf-32")
_CONTROL = re.compile(r"[\x00-\x08\x0b\x0e-\x1a\x1c-\x1f\x7f-\x9f]")
_WORD = re.compile(r"[^\W\d_]{2,}")
_CYRILLIC = re.compile(r"[\u0400-\u04ff]")
_LATIN = re.compile(r"[a-zA-Z\u00c0-\u024f]")
_META_CHARSET = re.compile(rb"""<meta[^>]+?charset\s*=\s*["']?\s*([A-Za-z0-9._:-]+)""", re.IGNORECASE)
_SAMPLE = 256 * 1024
MAX_CONTROL_RATIO = 0.10


class DecodeError(ValueError):
    """The bytes are not usable text; the message is the rejection reason."""


@dataclass(frozen=True)
class Decoded:
    text: str
    encoding: str


def _codec_name(label: str | None) -> str | None:
    if not label:
        return None
    try:
        return codecs.lookup(label.strip().strip("\"'")).name
    except LookupError:
        return None


def looks_cyrillic_cp1251(data: bytes) -> bool:
    """True when `data` read as cp1251 is mostly Cyrillic words rather than Latin words with
    stray accented letters (which is how latin-1 text looks through cp1251).

    >>> looks_cyrillic_cp1251("Загинули троє військових".encode("cp1251"))
    True
    >>> looks_cyrillic_cp1251("Le café à Noël, déjà fermé".encode("latin-1"))
    False
    """
    text = data[:_SAMPLE].decode("cp1251", errors="replace")
    cyrillic = mixed = 0
    for word in _WORD.findall(text):
        if not _CYRILLIC.search(word):
            continue
        if _LATIN.search(word):
            mixed += 1
        else:
            cyrillic += 1
    return cyrillic > 0 and cyrillic >= 2 * mixed


def html_declared_charset(data: bytes) -> str | None:
    """The charset an HTML document declares in a <meta> tag within its first 4 KiB.

    >>> html_declared_charset(b'<html><head><meta charset="windows-1251">')
    'windows-1251'
    >>> html_declared_charset(b'<meta http-equiv="Content-Type" content="text/html; charset=KOI8-R">')
    'KOI8-R'
    >>> html_declared_charset(b"<p>no charset</p>") is None
    True
    """
    match = _META_CHARSET.search(data[:4096])
    return match.group(1).decode("ascii") if match else None


def _check_text(text: str, encoding: str) -> Decoded:
    if not text.strip():
        raise DecodeError("empty or whitespace-only")
    sample = text[:_SAMPLE]
    if len(_CONTROL.findall(sample)) > MAX_CONTROL_RATIO * len(sample):
        raise DecodeError("binary data (mostly control characters)")
    return Decoded(text, encoding)


def decode_bytes(data: bytes, declared: str | None = None) -> Decoded:
    """Decode `data` (see the module docstring for the order); raise DecodeError for empty or binary data.

    >>> decode_bytes("Київ".encode("utf-8-sig"))
    Decoded(text='Київ', encoding='utf-8-sig')
    >>> decode_bytes("Киев".encode("cp1251")).encoding, decode_bytes("Zürich".encode("latin-1")).encoding
    ('cp1251', 'cp1252')
    >>> try:
    ...     decode_bytes(b"PK\\x03\\x04\\x00\\x00")
    ... except DecodeError as error:
    ...     print(error)
    binary data (NUL bytes)
    """
    if not data.strip():
        raise DecodeError("empty or whitespace-only")
    for bom, encoding in _BOMS:
        if data.startswith(bom):
            try:
                return _check_text(data.decode(encoding), encoding)
            except UnicodeDecodeError:
                raise DecodeError(f"invalid {encoding} data after its byte-order mark") from None
    codec = _codec_name(declared)
    if b"\x00" in data and not (codec and codec.startswith(_WIDE)):
        raise DecodeError("binary data (NUL bytes)")
    if codec and not codec.startswith("utf-8"):
        single_byte = not codec.startswith(_WIDE)
        if not (single_byte and not data.isascii() and _is_utf8(data)):
            try:
                return _check_text(data.decode(codec), codec)
            except UnicodeDecodeError:
                pass  # wrong declaration: fall back to detection
    if _is_utf8(data):
        return _check_text(data.decode("utf-8"), "utf-8")
    if looks_cyrillic_cp1251(data):
        return _check_text(data.decode("cp1251", errors="replace"), "cp1251")
    try:
        return _check_text(data.decode("cp1252"), "cp1252")
    except UnicodeDecodeError:
        return _check_text(data.decode("latin-1"), "latin-1")


def _is_utf8(data: bytes) -> bool:
    try:
        data.decode("utf-8")
    except UnicodeDecodeError:
        return False
    return True
