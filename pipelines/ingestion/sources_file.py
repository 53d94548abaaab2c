"""The sources file: which folders, files, pages and feeds a run reads.

A TOML file with one ``[[source]]`` table per source::

    [[source]]
    location = "data/articles"          # required: a path or an http(s) URL
    name = "hand-collected articles"    # optional label, for people
    enabled = true                      # optional, default true; false keeps the entry but skips it

    [[source]]
    location = "https://news.example.org/world/rss.xml"

Relative paths are resolved against the folder holding the sources file; ``~`` is expanded; URLs are
kept as written. Unknown keys and wrong types are errors (a typo such as ``enable = false`` must
not silently keep a source on): `load_sources_file` raises `SourcesFileError` for a file that is
missing or invalid, since a broken configuration should stop a run before it starts.
"""

from __future__ import annotations

import os
import tomllib
from pathlib import Path

from .urls import url_scheme

KEYS = frozenset({"location", "name", "enabled"})


class SourcesFileError(ValueError):
    """The sources file is missing or not in the documented format."""


def parse_sources(document: dict, base: Path) -> list[str]:
    """Enabled locations of a parsed sources document, relative paths resolved against `base`.

    >>> parse_sources({"source": [{"location": "articles"}, {"location": "https://ex.org/rss", "enabled": True},
    ...                           {"location": "old", "enabled": False}]}, Path("/cfg"))
    ['/cfg/articles', 'https://ex.org/rss']
    """
    unknown_top = set(document) - {"source"}
    if unknown_top:
        raise SourcesFileError(f"unknown top-level keys {sorted(unknown_top)} (expected [[source]] tables)")
    entries = document.get("source", [])
    if not isinstance(entries, list):
        raise SourcesFileError("'source' must be an array of tables: write [[source]]")
    locations = []
    for number, entry in enumerate(entries, start=1):
        where = f"[[source]] #{number}"
        if not isinstance(entry, dict):
            raise SourcesFileError(f"{where} is not a table")
        unknown = set(entry) - KEYS
        if unknown:
            raise SourcesFileError(f"{where}: unknown keys {sorted(unknown)} (allowed: {sorted(KEYS)})")
        location = entry.get("location")
        if not isinstance(location, str) or not location.strip():
            raise SourcesFileError(f"{where}: 'location' must be a non-empty string")
        if not isinstance(entry.get("name", ""), str):
            raise SourcesFileError(f"{where}: 'name' must be a string")
        enabled = entry.get("enabled", True)
        if not isinstance(enabled, bool):
            raise SourcesFileError(f"{where}: 'enabled' must be true or false")
        if not enabled:
            continue
        location = location.strip()
        if url_scheme(location) is None:
            path = Path(location).expanduser()
            location = os.path.normpath(path if path.is_absolute() else base / path)
        locations.append(location)
    return locations


def load_sources_file(path: str | Path) -> list[str]:
    """The enabled source locations listed in the TOML sources file at `path`, in file order."""
    path = Path(path)
    try:
        document = tomllib.loads(path.read_text(encoding="utf-8"))
    except FileNotFoundError:
        raise SourcesFileError(f"{path}: no such sources file") from None
    except (OSError, UnicodeDecodeError) as error:
        raise SourcesFileError(f"{path}: cannot read ({error})") from None
    except tomllib.TOMLDecodeError as error:
        raise SourcesFileError(f"{path}: invalid TOML ({error})") from None
    try:
        return parse_sources(document, path.parent)
    except SourcesFileError as error:
        raise SourcesFileError(f"{path}: {error}") from None
