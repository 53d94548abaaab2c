"""JSON and JSON Lines articles.

Each article is an object with ``text`` (required, a non-empty string) and optional ``title``, ``url``,
``published`` (ISO date or datetime, or another `parse_date` form), ``outlet`` and ``author``. Other
fields are ignored. A ``.json`` file holds one object or a list of them; a ``.jsonl`` file holds one
object per line (blank lines skipped). A bad line or item is a Rejection located at ``path:LINE``
(JSONL) or ``path[INDEX]`` (JSON list); the others still become articles.
"""

from __future__ import annotations

import json
from collections.abc import Iterator

from .dates import parse_date
from .records import ArticleRecord, Rejection

FIELDS = ("text", "title", "url", "published", "outlet", "author")


def _optional_str(value: object) -> str | None:
    if isinstance(value, str) and value.strip():
        return value.strip()
    return None


def record_from_object(obj: object, *, location: str, name: str) -> ArticleRecord | Rejection:
    """An article from one decoded JSON value.

    >>> record_from_object({"text": "Two killed.", "published": "2023-04-01T08:00:00Z"}, location="a.json", name="a").published
    datetime.date(2023, 4, 1)
    >>> record_from_object({"title": "no text"}, location="a.json", name="a").reason
    "field 'text' is missing or not a string"
    """
    if not isinstance(obj, dict):
        return Rejection(location, "parse", f"expected a JSON object, got {type(obj).__name__}")
    text = obj.get("text")
    if not isinstance(text, str):
        return Rejection(location, "parse", "field 'text' is missing or not a string")
    text = text.replace("\r\n", "\n")
    if not text.strip():
        return Rejection(location, "parse", "field 'text' is empty")
    return ArticleRecord(
        text=text,
        location=location,
        name=name,
        title=_optional_str(obj.get("title")),
        outlet=_optional_str(obj.get("outlet")),
        author=_optional_str(obj.get("author")),
        published=parse_date(obj.get("published")),
        url=_optional_str(obj.get("url")),
    )


def _loads(text: str) -> tuple[object, str | None]:
    try:
        return json.loads(text), None
    except json.JSONDecodeError as error:
        return None, f"invalid JSON: {error.msg} (line {error.lineno}, column {error.colno})"
    except RecursionError:
        return None, "invalid JSON: nested too deeply"


def iter_json(text: str, *, location: str, name: str) -> Iterator[ArticleRecord | Rejection]:
    """Articles from a JSON document holding one object or a list of objects.

    >>> [type(r).__name__ for r in iter_json('[{"text": "A."}, 3, {"text": "B."}]', location="f.json", name="f")]
    ['ArticleRecord', 'Rejection', 'ArticleRecord']
    """
    value, error = _loads(text)
    if error is not None:
        yield Rejection(location, "parse", error)
        return
    if isinstance(value, list):
        if not value:
            yield Rejection(location, "parse", "empty JSON list")
        for index, item in enumerate(value):
            yield record_from_object(item, location=f"{location}[{index}]", name=f"{name}-{index + 1}")
    else:
        yield record_from_object(value, location=location, name=name)


def iter_jsonl(text: str, *, location: str, name: str) -> Iterator[ArticleRecord | Rejection]:
    """Articles from JSON Lines; each line's location is ``location:LINE`` (1-based).

    >>> rows = list(iter_jsonl('{"text": "A."}\\n{"text": \\n\\n{"text": "B."}\\n', location="f.jsonl", name="f"))
    >>> [(type(r).__name__, r.location) for r in rows]
    [('ArticleRecord', 'f.jsonl:1'), ('Rejection', 'f.jsonl:2'), ('ArticleRecord', 'f.jsonl:4')]
    """
    for number, line in enumerate(text.split("\n"), start=1):
        if not line.strip():
            continue
        where = f"{location}:{number}"
        value, error = _loads(line)
        if error is not None:
            yield Rejection(where, "parse", error)
        else:
            yield record_from_object(value, location=where, name=f"{name}-{number}")
