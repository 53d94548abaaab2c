"""A validator cache keyed by the hash of each URL, so tokens in URLs are never stored."""

from __future__ import annotations

import hashlib
from collections.abc import Iterator, MutableMapping


def url_hash(url: str) -> str:
    """SHA-256 of a URL.

    >>> len(url_hash("https://example.org/feed?token=x"))
    64
    """
    return hashlib.sha256(url.encode("utf-8")).hexdigest()


class HashedValidators(MutableMapping):
    """A `Fetcher` cache ({url: validators}) that keeps {sha256(url): validators} underneath.

    >>> cache = HashedValidators()
    >>> cache["https://example.org/a?token=x"] = {"etag": "v1"}
    >>> cache["https://example.org/a?token=x"], list(cache.by_hash) == [url_hash("https://example.org/a?token=x")]
    ({'etag': 'v1'}, True)
    """

    def __init__(self, by_hash: dict[str, dict] | None = None):
        self.by_hash: dict[str, dict] = dict(by_hash or {})
        self.changed: dict[str, dict] = {}

    def __getitem__(self, url: str) -> dict:
        return self.by_hash[url_hash(url)]

    def __setitem__(self, url: str, value: dict) -> None:
        key = url_hash(url)
        self.by_hash[key] = value
        self.changed[key] = value

    def __delitem__(self, url: str) -> None:
        del self.by_hash[url_hash(url)]

    def __iter__(self) -> Iterator[str]:
        return iter(self.by_hash)

    def __len__(self) -> int:
        return len(self.by_hash)
