"""One article per text: later sightings of the same article id become `Duplicate` records."""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from typing import TypeVar

from .records import ArticleRecord

T = TypeVar("T")


@dataclass(frozen=True)
class Duplicate:
    """The article `article_id`, already yielded, seen again at `location` (first seen at `first_location`)."""

    article_id: str
    location: str
    first_location: str | None = None


def dedupe(items: Iterable[T]) -> Iterator[T | Duplicate]:
    """Pass everything through, except that an article whose id was already yielded becomes a Duplicate.

    >>> a = ArticleRecord(text="Two killed.", location="a.txt", name="a")
    >>> b = ArticleRecord(text="Two  killed.\\n", location="https://ex.org/b", name="b")
    >>> [type(x).__name__ for x in dedupe([a, b])], list(dedupe([a, b]))[1].first_location
    (['ArticleRecord', 'Duplicate'], 'a.txt')
    """
    first_seen: dict[str, str] = {}
    for item in items:
        if isinstance(item, ArticleRecord):
            key = item.id
            if key in first_seen:
                yield Duplicate(key, item.location, first_seen[key])
                continue
            first_seen[key] = item.location
        yield item
