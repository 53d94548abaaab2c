"""Ingestion: turn folders, files, web pages and RSS/Atom feeds into `ArticleRecord`s, or say why not.

A pure library (no Dagster, no DuckDB). Every entry point yields; bad input never raises:

- `ArticleRecord`: an article that could be read (`records.py`);
- `Rejection`: input that could not become an article, with stage and reason (``transient=True`` when
  a later run may succeed);
- `Skipped`: deliberately not read (page unchanged since the last run: HTTP 304; feed items over
  ``Limits.max_feed_items``; an empty feed);
- `Duplicate` (only from `iter_sources`): an article already yielded, seen again at another location.

A source is a folder (every supported file below it, recursively, sorted), a file (``.txt``, ``.md``,
``.html``, ``.htm``, ``.json``, ``.jsonl``, or a feed in ``.xml``/``.rss``/``.atom``), or an http(s)
URL of a page or of a feed (told apart by content-type and content). Everything else is refused.

Which sources a run reads is listed in a TOML sources file: see `sources_file` for the format and
``config/sources.example.toml`` for an example.

URLs in locations, reasons and notes never show secrets: see `redact_url`.
"""

from .dedupe import Duplicate, dedupe
from .fetch import Fetched, Fetcher, Skipped
from .limits import Limits
from .records import ArticleRecord, Rejection, article_id, normalize_text
from .sources import iter_source, iter_sources
from .sources_file import SourcesFileError, load_sources_file
from .urls import redact_url

__all__ = [
    "ArticleRecord",
    "Duplicate",
    "Fetched",
    "Fetcher",
    "Limits",
    "Rejection",
    "Skipped",
    "SourcesFileError",
    "article_id",
    "dedupe",
    "iter_source",
    "iter_sources",
    "load_sources_file",
    "normalize_text",
    "redact_url",
]
