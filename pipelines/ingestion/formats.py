"""Which parser a document goes to, by file suffix or by HTTP content-type and content."""

from __future__ import annotations

from collections.abc import Iterator

from .decode import DecodeError, decode_bytes, html_declared_charset
from .feeds import FEED_MEDIA_TYPES, HTML_MEDIA_TYPES, iter_feed, looks_like_feed
from .fetch import Fetcher, Skipped
from .htmlpage import extract_html
from .jsonfile import iter_json, iter_jsonl
from .limits import Limits
from .records import ArticleRecord, Rejection
from .textfile import parse_text

SUFFIX_FORMATS: dict[str, str] = {
    ".txt": "text",
    ".md": "text",
    ".html": "html",
    ".htm": "html",
    ".json": "json",
    ".jsonl": "jsonl",
    ".xml": "feed",
    ".rss": "feed",
    ".atom": "feed",
}
_MEDIA_FORMATS = {
    **{media: "feed" for media in FEED_MEDIA_TYPES},
    **{media: "html" for media in HTML_MEDIA_TYPES},
    "text/plain": "text",
    "text/markdown": "text",
    "application/json": "json",
    "application/x-ndjson": "jsonl",
    "application/jsonl": "jsonl",
}


def format_for_response(content_type: str, body: bytes) -> str | None:
    """The format of an HTTP body: a feed root element wins over the content-type; None if unsupported.

    >>> format_for_response("text/html", b"<?xml version='1.0'?><rss version='2.0'></rss>")
    'feed'
    >>> format_for_response("text/html", b"<html></html>"), format_for_response("", b"<!DOCTYPE html><p>x")
    ('html', 'html')
    >>> format_for_response("image/png", b"\\x89PNG") is None
    True
    """
    if looks_like_feed(body):
        return "feed"
    if content_type in _MEDIA_FORMATS:
        return _MEDIA_FORMATS[content_type]
    if content_type in ("", "application/octet-stream"):
        head = body[:1024].lstrip().lower()
        return "html" if head.startswith((b"<!doctype html", b"<html", b"<head", b"<body")) else "text"
    return None


def parse_document(
    data: bytes,
    fmt: str,
    *,
    location: str,
    name: str,
    fetcher: Fetcher,
    limits: Limits,
    url: str | None = None,
    charset: str | None = None,
) -> Iterator[ArticleRecord | Rejection | Skipped]:
    """Articles in one document of format `fmt` ("text", "html", "json", "jsonl" or "feed")."""
    if not data.strip():
        yield Rejection(location, "decode", "empty or whitespace-only")
        return
    if fmt == "feed":
        yield from iter_feed(data, location=location, fetcher=fetcher, limits=limits, base_url=url)
        return
    declared = charset or (html_declared_charset(data) if fmt == "html" else None)
    try:
        text = decode_bytes(data, declared).text
    except DecodeError as error:
        yield Rejection(location, "decode", str(error))
        return
    if fmt == "text":
        yield parse_text(text, location=location, name=name, url=url)
    elif fmt == "html":
        yield extract_html(text, location=location, name=name, url=url)
    elif fmt == "json":
        yield from iter_json(text, location=location, name=name)
    elif fmt == "jsonl":
        yield from iter_jsonl(text, location=location, name=name)
    else:
        raise ValueError(f"unknown format {fmt!r}")  # programmer error
