"""HTML pages: main text and metadata through trafilatura; small HTML fragments (feed summaries) to text."""

from __future__ import annotations

import html
import re

from urllib.parse import urlsplit, urlunsplit

import trafilatura

from .dates import parse_date
from .records import ArticleRecord, Rejection

_BLOCK_END = re.compile(r"(?i)</(?:p|div|li|h[1-6]|blockquote|tr|section|article|pre)\s*>|<br\s*/?>")
_DROP = re.compile(r"(?is)<(script|style|noscript|template)\b.*?</\1\s*>|<!--.*?-->")
_TAG = re.compile(r"(?s)<[^>]*>")


def _clean(value: object) -> str | None:
    if not isinstance(value, str):
        return None
    value = " ".join(value.split())
    return value or None


def public_url(url: str) -> str:
    """`url` without user, password, query and fragment: what may be shown as a site's address.

    >>> public_url("https://reader:pw@news.example.org:8080/a/b.html?token=x#top")
    'https://news.example.org:8080/a/b.html'
    """
    parts = urlsplit(url)
    return urlunsplit((parts.scheme, parts.netloc.rpartition("@")[2], parts.path, "", ""))


def extract_html(
    markup: str, *, location: str, name: str, url: str | None = None
) -> ArticleRecord | Rejection:
    """The article in an HTML page (main text, title, author, date, site name), or a Rejection.

    >>> extract_html("<html><script>track()</script><style>p{}</style></html>", location="x.html", name="x")
    Rejection(location='x.html', stage='parse', reason='no article text', transient=False, detail={})
    """
    try:
        # trafilatura names the site after the URL's host: give it no credentials, query or fragment to copy.
        document = trafilatura.bare_extraction(
            markup, url=public_url(url) if url else None, with_metadata=True, include_comments=False,
            include_tables=True,
        )
    except Exception as error:  # trafilatura/lxml failures on hostile markup must not stop a run
        return Rejection(location, "parse", f"HTML extraction failed: {type(error).__name__}")
    text = getattr(document, "text", None) if document is not None else None
    if not isinstance(text, str) or not text.strip():
        return Rejection(location, "parse", "no article text")
    return ArticleRecord(
        text=text,
        location=location,
        name=name,
        title=_clean(getattr(document, "title", None)),
        outlet=_clean(getattr(document, "sitename", None)),
        author=_clean(getattr(document, "author", None)),
        published=parse_date(getattr(document, "date", None)),
        url=url,
    )


def fragment_to_text(fragment: str) -> str:
    """Plain text of a small HTML fragment such as a feed item's summary; paragraphs become lines.

    >>> fragment_to_text("<p>Two soldiers&nbsp;were <b>killed</b>.</p><script>x()</script><p>Five hurt.</p>")
    'Two soldiers were killed.\\nFive hurt.'
    >>> fragment_to_text("Plain summary, no tags")
    'Plain summary, no tags'
    """
    text = _DROP.sub("", fragment)
    text = _BLOCK_END.sub("\n", text)
    text = html.unescape(_TAG.sub("", text))
    lines = (" ".join(line.split()) for line in text.split("\n"))
    return "\n".join(line for line in lines if line)
