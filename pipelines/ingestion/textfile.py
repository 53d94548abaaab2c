"""Plain-text and Markdown articles.

The article text is the decoded file with ``\\r\\n`` turned into ``\\n``. The only thing ever removed is
a front-matter block that is unmistakably metadata: the file starts with a ``---`` line, a matching
``---`` (or ``...``) line closes it within 40 lines, and the lines between are YAML ``key: value``
pairs whose keys are all in `FRONT_MATTER_KEYS`::

    ---
    title: Depot struck near Varnek
    date: 2023-04-01
    author: Jane Roe
    outlet: The Northern Ledger
    ---
    Body...

Lines such as ``Published: 2023-04-01``, ``date 2023-04-01`` or ``By Jane Roe • 01 April 2023`` at
the top of the text are read into `published`/`author` but KEPT in the text; ``Source: ...`` lines are
article content (they attribute claims) and are neither read nor removed.

The title is the front matter's, else the first non-empty line that is not such a date/byline line,
when it is shorter than 200 characters, has a letter or digit, and does not end with a period
(Markdown ``#`` stripped).
"""

from __future__ import annotations

import re
from datetime import date

import yaml

from .dates import parse_date
from .records import ArticleRecord, Rejection

FRONT_MATTER_KEYS = frozenset(
    {"title", "date", "published", "author", "outlet", "url", "lang", "language", "tags", "slug", "id"}
)
MAX_TITLE_CHARS = 200
_FRONT_MATTER_MAX_LINES = 40
_NAME_WORD = r"[A-ZА-ЯЁІЇЄҐ][\w.'’-]*"
_BYLINE = re.compile(
    rf"(?i:by|від|автор:?)\s+(?P<author>{_NAME_WORD}(?:\s+(?:and|і|и|та|{_NAME_WORD})){{0,5}})"
    r"\s*(?:[•|·—–,]\s*(?P<date>.+))?"
)
_DATELINE = re.compile(r"(?:(?:date|dated|published|posted|updated)\s*[:\-]?\s*)?(?P<date>.+)", re.IGNORECASE)


def split_front_matter(text: str) -> tuple[dict[str, object], str]:
    """(metadata, rest) when `text` opens with a metadata-only front-matter block, else ({}, text).

    >>> split_front_matter("---\\ntitle: Depot struck\\ndate: 2023-04-01\\n---\\nTwo killed.\\n")
    ({'title': 'Depot struck', 'date': datetime.date(2023, 4, 1)}, 'Two killed.\\n')
    >>> split_front_matter("---\\nCasualties: 12 killed\\n---\\nMore text")[0]
    {}
    """
    if not text.startswith("---\n"):
        return {}, text
    lines = text.split("\n", _FRONT_MATTER_MAX_LINES + 1)
    for index in range(1, min(len(lines) - 1, _FRONT_MATTER_MAX_LINES + 1)):
        if lines[index].rstrip() in ("---", "..."):
            block = "\n".join(lines[1:index])
            break
    else:
        return {}, text
    try:
        meta = yaml.safe_load(block) if block.strip() else None
    except yaml.YAMLError:
        return {}, text
    if not isinstance(meta, dict) or not meta:
        return {}, text
    if not all(isinstance(key, str) and key.lower() in FRONT_MATTER_KEYS for key in meta):
        return {}, text
    rest = "\n".join(lines[index + 1 :]) if index + 1 < len(lines) else ""
    return {key.lower(): value for key, value in meta.items()}, rest


def header_line_meta(line: str) -> dict[str, object] | None:
    """Author/date read from a byline or date line, or None when `line` is neither.

    >>> header_line_meta("By Jane Roe • 01 April 2023")
    {'author': 'Jane Roe', 'published': datetime.date(2023, 4, 1)}
    >>> header_line_meta("Published: 2023-04-01"), header_line_meta("date 2023-04-01")
    ({'published': datetime.date(2023, 4, 1)}, {'published': datetime.date(2023, 4, 1)})
    >>> header_line_meta("By the end of the day, 12 were killed"), header_line_meta("By the way")
    (None, None)
    >>> header_line_meta("Source: Ministry of Defence") is None
    True
    """
    line = line.strip()
    if match := _BYLINE.fullmatch(line):
        meta: dict[str, object] = {"author": match["author"]}
        if match["date"] is not None:
            published = parse_date(match["date"])
            if published is None:
                return None
            meta["published"] = published
        return meta
    if (match := _DATELINE.fullmatch(line)) and (published := parse_date(match["date"])):
        return {"published": published}
    return None


def _title_from_line(line: str) -> str | None:
    title = re.sub(r"^#{1,6}\s+", "", line.strip()).strip()
    if not re.search(r"\w", title) or len(title) >= MAX_TITLE_CHARS or title.endswith("."):
        return None
    return title


def _str_or_none(value: object) -> str | None:
    if isinstance(value, (str, int, float)) and not isinstance(value, bool):
        text = str(value).strip()
        return text or None
    return None


def parse_text(text: str, *, location: str, name: str, url: str | None = None) -> ArticleRecord | Rejection:
    """An article from decoded text (see the module docstring for what is read and what is kept).

    >>> article = parse_text("Depot struck\\r\\nBy Jane Roe • 01 April 2023\\r\\nTwelve soldiers were killed.",
    ...                      location="a.txt", name="a")
    >>> article.title, article.author, article.published, article.text
    ('Depot struck', 'Jane Roe', datetime.date(2023, 4, 1), 'Depot struck\\nBy Jane Roe • 01 April 2023\\nTwelve soldiers were killed.')
    """
    text = text.replace("\r\n", "\n")
    meta, body = split_front_matter(text)
    if not body.strip():
        return Rejection(location, "parse", "no article text after the front matter")
    title = _str_or_none(meta.get("title"))
    author = _str_or_none(meta.get("author"))
    published: date | None = parse_date(meta.get("published") or meta.get("date"))
    lines = [line for line in body.split("\n", 64)[:64] if line.strip()][:6]
    title_seen = title is not None
    for position, line in enumerate(lines):
        if len(line) >= MAX_TITLE_CHARS:
            break
        found = header_line_meta(line)
        if found is not None:
            author = author or found.get("author")  # type: ignore[assignment]
            published = published or found.get("published")  # type: ignore[assignment]
            continue
        if not title_seen:
            title_seen = True
            title = _title_from_line(line)
        if position >= 3:
            break
    return ArticleRecord(
        text=body,
        location=location,
        name=name,
        title=title,
        outlet=_str_or_none(meta.get("outlet")),
        author=author,
        published=published,
        url=_str_or_none(meta.get("url")) or url,
    )
