"""From a source string to records: local path, page URL or feed URL, and anything else refused."""

from __future__ import annotations

import dataclasses
from collections.abc import Iterable, Iterator
from contextlib import ExitStack
from pathlib import Path

from .dedupe import Duplicate, dedupe
from .fetch import Fetched, Fetcher, Skipped
from .formats import format_for_response, parse_document
from .limits import Limits
from .localfiles import iter_path
from .records import ArticleRecord, Rejection
from .urls import FETCHABLE_SCHEMES, redact_text, redact_url, url_scheme, url_slug

Item = ArticleRecord | Rejection | Skipped


def _shown(location: str) -> str:
    return redact_url(location) if url_scheme(location) else location


def sanitize(item: Item) -> Item:
    """`item` with every URL in its location, url, reason or note passed through `redact_url`.

    >>> sanitize(Rejection("https://ex.org/a?token=S", "fetch", "HTTP 500 at https://ex.org/a?token=S")).reason
    'HTTP 500 at https://ex.org/a?token=REDACTED'
    """
    if isinstance(item, ArticleRecord):
        return dataclasses.replace(
            item,
            location=_shown(item.location),
            url=_shown(item.url) if item.url else item.url,
            fetch_note=redact_text(item.fetch_note) if item.fetch_note else item.fetch_note,
            # trafilatura may take a site name from the URL's host, credentials included
            outlet=redact_text(item.outlet) if item.outlet else item.outlet,
            title=redact_text(item.title) if item.title else item.title,
            author=redact_text(item.author) if item.author else item.author,
        )
    detail = {key: redact_text(value) if isinstance(value, str) else value for key, value in item.detail.items()}
    return dataclasses.replace(item, location=_shown(item.location), reason=redact_text(item.reason), detail=detail)


def _iter_url(url: str, *, fetcher: Fetcher, limits: Limits) -> Iterator[Item]:
    fetched = fetcher.fetch(url)
    if not isinstance(fetched, Fetched):
        yield fetched
        return
    fmt = format_for_response(fetched.content_type, fetched.body)
    if fmt is None:
        yield Rejection(url, "fetch", f"unsupported content-type {fetched.content_type}")
        return
    yield from parse_document(
        fetched.body, fmt, location=url, name=url_slug(url), fetcher=fetcher, limits=limits,
        url=fetched.final_url, charset=fetched.charset,
    )


def _iter_raw(source: str | Path, *, fetcher: Fetcher, limits: Limits) -> Iterator[Item]:
    if isinstance(source, Path):
        yield from iter_path(source, fetcher=fetcher, limits=limits)
        return
    if not isinstance(source, str):
        raise TypeError(f"source must be a str or Path, not {type(source).__name__}")
    text = source.strip()
    if not text:
        yield Rejection(repr(source), "ingest", "empty source")
        return
    scheme = url_scheme(text)
    if scheme is None:
        yield from iter_path(Path(text).expanduser(), fetcher=fetcher, limits=limits)
    elif scheme in FETCHABLE_SCHEMES:
        yield from _iter_url(text, fetcher=fetcher, limits=limits)
    else:
        yield Rejection(text, "ingest", f"unsupported source scheme '{scheme}' (use a local path or an http(s) URL)")


def iter_source(
    source: str | Path, *, fetcher: Fetcher | None = None, limits: Limits = Limits()
) -> Iterator[ArticleRecord | Rejection | Skipped]:
    """Every article in `source` (folder, file, page URL or feed URL), or why not. Never raises for bad input.

    Without a `fetcher`, one is made (with `limits`) for this call and closed at the end; a given
    fetcher keeps its own limits for HTTP, while `limits` still governs files and feeds.

    >>> [r.reason for r in iter_source("ftp://example.org/news.txt")]
    ["unsupported source scheme 'ftp' (use a local path or an http(s) URL)"]
    """
    with ExitStack() as stack:
        if fetcher is None:
            fetcher = stack.enter_context(Fetcher(limits=limits))
        for item in _iter_raw(source, fetcher=fetcher, limits=limits):
            yield sanitize(item)


def iter_sources(
    sources: Iterable[str | Path], *, fetcher: Fetcher | None = None, limits: Limits = Limits()
) -> Iterator[ArticleRecord | Rejection | Skipped | Duplicate]:
    """`iter_source` over each source in turn, sharing one fetcher, each article id yielded once:
    later sightings of the same text come as `Duplicate(article_id, location, first_location)`."""
    if isinstance(sources, (str, Path)):
        raise TypeError("iter_sources takes a list of sources; use iter_source for one")
    with ExitStack() as stack:
        if fetcher is None:
            fetcher = stack.enter_context(Fetcher(limits=limits))
        shared = fetcher

        def all_items() -> Iterator[Item]:
            for source in sources:
                yield from iter_source(source, fetcher=shared, limits=limits)

        yield from dedupe(all_items())
