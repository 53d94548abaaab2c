"""How much ingestion is willing to read, wait for and retry."""

from __future__ import annotations

from dataclasses import dataclass

MiB = 1024 * 1024


@dataclass(frozen=True)
class Limits:
    """Caps applied to every source.

    - ``max_bytes``: largest file (by its stat size, before reading) or HTTP body (while streaming).
    - ``timeout_s``: bound on each HTTP attempt: connect, each read, and the whole body.
    - ``retries``: extra attempts after a transient failure (connect error, time-out, 5xx, 429).
    - ``backoff_s``: first delay between attempts; doubles after each one.
    - ``max_feed_items``: items read from one RSS/Atom feed; the rest are reported as skipped.

    >>> Limits().max_bytes
    10485760
    >>> Limits(retries=-1)
    Traceback (most recent call last):
    ...
    ValueError: Limits.retries must be >= 0, got -1
    """

    max_bytes: int = 10 * MiB
    timeout_s: float = 10.0
    retries: int = 2
    backoff_s: float = 0.5
    max_feed_items: int = 200

    def __post_init__(self) -> None:
        for name, minimum in (("max_bytes", 1), ("retries", 0), ("max_feed_items", 0)):
            value = getattr(self, name)
            if value < minimum:
                raise ValueError(f"Limits.{name} must be >= {minimum}, got {value}")
        for name in ("timeout_s", "backoff_s"):
            value = getattr(self, name)
            if value < 0 or (name == "timeout_s" and value == 0):
                raise ValueError(f"Limits.{name} must be positive, got {value}")
