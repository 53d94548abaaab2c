"""RSS/Atom feeds: each item's page is fetched and extracted; its summary stands in when that fails.

Items are read in feed order, at most ``Limits.max_feed_items`` of them (the rest are reported in one
`Skipped`). For each item:

- a link with a scheme other than http(s) (``file:``, ``ftp:``, ...) is refused: one Rejection, nothing
  read; a relative link is resolved against the feed's URL (a local feed file has none, so it is
  treated as a page that cannot be fetched);
- an http(s) link is fetched and its page extracted (`extract_html`); a 304 yields `Skipped`;
- when the page cannot be fetched or has no article text, the item's content/summary becomes the text
  with ``text_origin="feed_summary"`` and ``fetch_note`` saying why; with no summary either, the
  failure itself is yielded.

Feed XML is always handed to feedparser as a byte stream, never as a string it could take for a path
or URL to open itself.
"""

from __future__ import annotations

import io
import re
from collections.abc import Iterator
from datetime import date
from urllib.parse import urljoin

import feedparser

from .decode import DecodeError, decode_bytes, html_declared_charset
from .fetch import Fetched, Fetcher, Skipped
from .htmlpage import extract_html, fragment_to_text
from .limits import Limits
from .records import ArticleRecord, Rejection
from .urls import url_scheme, url_slug, why_not_fetchable

_FEED_ROOT = re.compile(
    rb"^(?:\s|<\?xml[^>]*\?>|<!--.*?-->|<!DOCTYPE[^>]*>|<\?xml-stylesheet[^>]*\?>)*<(rss|feed|rdf:RDF)\b",
    re.DOTALL | re.IGNORECASE,
)
FEED_MEDIA_TYPES = frozenset(
    {"application/rss+xml", "application/atom+xml", "application/rdf+xml", "application/xml", "text/xml"}
)
HTML_MEDIA_TYPES = frozenset({"text/html", "application/xhtml+xml"})


def looks_like_feed(data: bytes) -> bool:
    """True when the document's root element is <rss>, <feed> or <rdf:RDF>.

    >>> looks_like_feed(b'<?xml version="1.0"?>\\n<!-- hi --><rss version="2.0"><channel/></rss>')
    True
    >>> looks_like_feed(b"<!DOCTYPE html><html><body>feed</body></html>")
    False
    """
    head = data[:4096]
    head = head.removeprefix(b"\xef\xbb\xbf")
    return bool(_FEED_ROOT.match(head))


def _entry_date(entry: dict) -> date | None:
    for key in ("published_parsed", "updated_parsed", "created_parsed"):
        value = entry.get(key)
        if value:
            try:
                return date(value.tm_year, value.tm_mon, value.tm_mday)
            except (AttributeError, ValueError):
                continue
    return None


def _entry_summary(entry: dict) -> str:
    candidates = [part.get("value", "") for part in entry.get("content") or [] if isinstance(part, dict)]
    candidates.append(entry.get("summary") or "")
    texts = [fragment_to_text(value) for value in candidates if isinstance(value, str)]
    return max(texts, key=len, default="")


def entry_author(value: object) -> str | None:
    """The author's name from an RSS ``<author>`` (often ``email (Name)``) or an Atom author name.

    >>> entry_author("desk@ledger.example (News Desk)"), entry_author("Jane Roe"), entry_author("")
    ('News Desk', 'Jane Roe', None)
    """
    author = _str(value)
    if author and (match := re.fullmatch(r"[^\s@()]+@[^\s()]+\s*\((.+)\)", author)):
        return match[1].strip() or None
    return author


def _str(value: object) -> str | None:
    return value.strip() or None if isinstance(value, str) else None


def page_record(fetched: Fetched, *, location: str, name: str) -> ArticleRecord | Rejection:
    """The article in a fetched HTML page; refuse anything that is not HTML."""
    if fetched.content_type and fetched.content_type not in HTML_MEDIA_TYPES:
        return Rejection(location, "fetch", f"not an HTML page (content-type {fetched.content_type})")
    try:
        decoded = decode_bytes(fetched.body, fetched.charset or html_declared_charset(fetched.body))
    except DecodeError as error:
        return Rejection(location, "decode", str(error))
    return extract_html(decoded.text, location=location, name=name, url=fetched.final_url)


def _item(
    entry: dict, *, feed_location: str, index: int, base_url: str | None, outlet: str | None, fetcher: Fetcher
) -> ArticleRecord | Rejection | Skipped:
    raw_link = _str(entry.get("link"))
    link = urljoin(base_url, raw_link) if raw_link and base_url else raw_link
    location = link or f"{feed_location}#item{index + 1}"
    name = url_slug(link) if link else f"item{index + 1}"
    title = _str(entry.get("title"))
    author = entry_author(entry.get("author"))
    published = _entry_date(entry)
    scheme = url_scheme(link) if link else None
    problem = why_not_fetchable(link) if link else None
    if problem is not None and scheme is not None:
        return Rejection(location, "fetch", f"feed item link refused: {problem}", detail={"feed": feed_location})
    note: str
    if link and scheme is None:
        failure = Rejection(location, "fetch", "feed item link is relative and the feed has no base URL")
        note = failure.reason
    elif link:
        fetched = fetcher.fetch(link)
        if isinstance(fetched, Skipped):
            return fetched
        if isinstance(fetched, Fetched):
            page = page_record(fetched, location=location, name=name)
            if isinstance(page, ArticleRecord):
                return ArticleRecord(
                    text=page.text, location=location, name=name, title=page.title or title,
                    outlet=page.outlet or outlet, author=page.author or author,
                    published=published or page.published, url=page.url,
                )
            failure = page
        else:
            failure = fetched
        note = failure.reason
    else:
        failure = Rejection(location, "parse", "feed item has no link and no summary")
        note = "feed item has no link"
    summary = _entry_summary(entry)
    if not summary.strip():
        return failure
    return ArticleRecord(
        text=summary, location=location, name=name, title=title, outlet=outlet, author=author,
        published=published, url=link, text_origin="feed_summary", fetch_note=note,
    )


def iter_feed(
    data: bytes, *, location: str, fetcher: Fetcher, limits: Limits, base_url: str | None = None
) -> Iterator[ArticleRecord | Rejection | Skipped]:
    """Articles for the items of the RSS/Atom document `data` (see the module docstring)."""
    try:
        headers = {"content-location": base_url} if base_url else None
        parsed = feedparser.parse(io.BytesIO(data), response_headers=headers)
    except Exception as error:  # feedparser is lenient, but a parse crash must not stop the run
        yield Rejection(location, "parse", f"feed could not be parsed ({type(error).__name__})")
        return
    entries = parsed.get("entries") or []
    if not entries:
        if parsed.get("bozo"):
            problem = parsed.get("bozo_exception")
            yield Rejection(location, "parse", f"malformed feed XML ({type(problem).__name__}: {problem})"[:300])
        elif not parsed.get("version"):
            yield Rejection(location, "parse", "not an RSS/Atom feed")
        else:
            yield Skipped(location, reason="feed has no items")
        return
    outlet = _str(parsed.get("feed", {}).get("title"))
    for index, entry in enumerate(entries[: limits.max_feed_items]):
        yield _item(entry, feed_location=location, index=index, base_url=base_url, outlet=outlet, fetcher=fetcher)
    if len(entries) > limits.max_feed_items:
        extra = len(entries) - limits.max_feed_items
        yield Skipped(location, reason=f"{extra} feed items beyond max_feed_items={limits.max_feed_items}",
                      detail={"items": len(entries)})
