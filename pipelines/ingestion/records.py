"""What ingestion yields: an article it could read, or a rejection saying why it could not."""

from __future__ import annotations

import hashlib
import re
import unicodedata
from dataclasses import dataclass, field
from datetime import date


def normalize_text(text: str) -> str:
    """The text an article's identity is computed from: NFC, whitespace folded, case kept.

    >>> normalize_text("  Two  soldiers\\r\\nwere killed. ")
    'Two soldiers were killed.'
    """
    return re.sub(r"\s+", " ", unicodedata.normalize("NFC", text)).strip()


def article_id(text: str) -> str:
    """Stable id of an article: the same text seen through a file, a feed or a URL gets one id.

    >>> article_id("Two soldiers were killed.") == article_id("Two  soldiers\\nwere killed. ")
    True
    >>> len(article_id("x"))
    16
    """
    return hashlib.sha256(normalize_text(text).encode("utf-8")).hexdigest()[:16]


@dataclass(frozen=True)
class ArticleRecord:
    """One readable article. `text` is exactly what claim offsets point into."""

    text: str
    location: str  # file path or URL where it was seen
    name: str  # file stem or URL slug, the `article` field of `claims extract`
    title: str | None = None
    outlet: str | None = None
    author: str | None = None
    published: date | None = None
    url: str | None = None
    text_origin: str = "body"  # "body", or "feed_summary" when the page could not be fetched
    fetch_note: str | None = None  # why the summary stands in for the page, when it does

    @property
    def id(self) -> str:
        return article_id(self.text)


@dataclass(frozen=True)
class Rejection:
    """Input that could not become an article. Nothing is dropped silently: each becomes a `rejected` row."""

    location: str  # path or URL it came from (line number appended for JSONL lines)
    stage: str  # "ingest", "fetch", "decode", "parse"
    reason: str
    transient: bool = False  # a later run should try again (time-outs, 5xx)
    detail: dict = field(default_factory=dict)
