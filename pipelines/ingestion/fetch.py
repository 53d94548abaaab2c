"""HTTP fetching for ingestion: http(s) only, size-capped streaming, bounded retries, conditional requests.

`Fetcher.fetch(url)` returns one of:

- `Fetched`: the body (at most ``Limits.max_bytes``) and where it finally came from;
- `Skipped`: the server answered 304 to our If-None-Match / If-Modified-Since (page unchanged);
- `Rejection` (stage ``fetch``): bad scheme (also on any redirect hop), 4xx, too large, too many
  redirects, or (``transient=True``) connect errors / time-outs / 5xx / 429 still failing after
  ``Limits.retries`` extra attempts with exponential backoff (``backoff_s``, doubled each time;
  a numeric Retry-After is honoured up to 30 s).

Validators (ETag / Last-Modified) are kept in the ``cache`` mapping, ``{url: {"etag": ..., "last_modified":
...}}``, JSON-serialisable so the caller can persist it between runs (its keys are full URLs, so store
it as carefully as the sources file). The Fetcher's own `Limits` govern HTTP. Reasons, locations and log lines
never contain secrets: URLs pass through `redact_url`, headers are never logged, and a filter on the
``httpx``/``httpcore`` loggers redacts the request URLs httpx itself logs.
"""

from __future__ import annotations

import email.utils
import logging
import time
from collections.abc import Callable, MutableMapping
from dataclasses import dataclass, field
from types import TracebackType
from urllib.parse import urljoin

import httpx

from .limits import Limits
from .records import Rejection
from .urls import redact_text, redact_url, why_not_fetchable

log = logging.getLogger(__name__)

DEFAULT_USER_AGENT = "casualty-claims/0.1 (+https://example.invalid/casualty-claims)"
ACCEPT = (
    "text/html,application/xhtml+xml,application/rss+xml,application/atom+xml,"
    "application/xml;q=0.9,text/xml;q=0.9,text/plain;q=0.8,application/json;q=0.8,*/*;q=0.1"
)
MAX_REDIRECTS = 10
MAX_RETRY_AFTER_S = 30.0
_REDIRECTS = frozenset({301, 302, 303, 307, 308})
# httpcore makes these loggers when its modules are first imported, possibly after our first Fetcher.
_HTTP_LOGGERS = ("httpx", "httpcore", "httpcore.connection", "httpcore.http11", "httpcore.http2",
                 "httpcore.proxy", "httpcore.socks")


@dataclass(frozen=True)
class Skipped:
    """A source deliberately not read again, e.g. a page the server says is unchanged (HTTP 304)."""

    location: str
    reason: str = "unchanged (304)"
    detail: dict = field(default_factory=dict)


@dataclass(frozen=True)
class Fetched:
    """A successful response. `content_type` is the bare media type, lower-cased ("" when absent)."""

    url: str  # as asked for
    final_url: str  # after redirects
    status: int
    content_type: str
    charset: str | None
    body: bytes


@dataclass(frozen=True)
class _Transient:
    reason: str
    status: int | None = None
    retry_after: float | None = None


class RedactingFilter(logging.Filter):
    """Rewrites a log record so that URLs in it go through `redact_url`.

    httpx logs every request's full URL at INFO, and httpcore logs response headers (cookies,
    Location) at DEBUG; `Fetcher` attaches this filter to both loggers so that no secret reaches a
    log handler: URLs are redacted and header lists are withheld.

    >>> record = logging.LogRecord("httpx", logging.INFO, "", 0, "GET %s", ("https://ex.org/?token=S",), None)
    >>> RedactingFilter().filter(record), record.getMessage()
    (True, 'GET https://ex.org/?token=REDACTED')
    >>> record = logging.LogRecord("httpcore.http11", logging.DEBUG, "", 0,
    ...     "receive_response_headers.complete return_value=(b'HTTP/1.1', 200, [(b'Set-Cookie', b'sid=1')])", None, None)
    >>> RedactingFilter().filter(record), record.getMessage()
    (True, 'receive_response_headers.complete return_value=(withheld)')
    """

    def filter(self, record: logging.LogRecord) -> bool:
        try:
            message = record.getMessage()
        except Exception:  # a broken log call is not ours to fix; leave it alone
            return True
        event, _, rest = message.partition(" ")
        if "headers" in event and rest:
            record.msg, record.args = f"{event} {rest.split('=', 1)[0]}=(withheld)", None
            return True
        redacted = redact_text(message)
        if redacted != message:
            record.msg, record.args = redacted, None
        return True


def _guard_httpx_logging() -> None:
    """Attach `RedactingFilter` to the httpx and httpcore loggers (filters do not propagate to
    child loggers, so each of ``httpcore.http11``, ``httpcore.connection``, ... gets one)."""
    names = set(_HTTP_LOGGERS) | {
        name for name in list(logging.Logger.manager.loggerDict) if name.startswith(("httpx.", "httpcore."))
    }
    for name in sorted(names):
        logger = logging.getLogger(name)
        if not any(isinstance(existing, RedactingFilter) for existing in logger.filters):
            logger.addFilter(RedactingFilter())


def parse_content_type(value: str | None) -> tuple[str, str | None]:
    """(media type, charset) of a Content-Type header.

    >>> parse_content_type('Text/HTML; Charset="windows-1251"')
    ('text/html', 'windows-1251')
    >>> parse_content_type(None)
    ('', None)
    """
    if not value:
        return "", None
    media, *params = value.split(";")
    charset = None
    for param in params:
        key, _, val = param.partition("=")
        if key.strip().lower() == "charset" and val.strip():
            charset = val.strip().strip("\"'")
    return media.strip().lower(), charset


def _retry_after(value: str | None) -> float | None:
    if not value:
        return None
    value = value.strip()
    if value.isdigit():
        return float(value)
    try:
        when = email.utils.parsedate_to_datetime(value)
    except (TypeError, ValueError):
        return None
    return max(0.0, when.timestamp() - time.time())


class Fetcher:
    """A small sync HTTP client for ingestion; use it as a context manager or call `close()`.

    >>> with Fetcher() as fetcher:
    ...     fetcher.fetch("file:///etc/passwd").reason
    "unsupported URL scheme 'file' (only http and https are fetched)"
    """

    def __init__(
        self,
        cache: MutableMapping[str, dict] | None = None,
        limits: Limits = Limits(),
        user_agent: str = DEFAULT_USER_AGENT,
        *,
        transport: httpx.BaseTransport | None = None,
        sleep: Callable[[float], None] = time.sleep,
    ) -> None:
        self.cache: MutableMapping[str, dict] = cache if cache is not None else {}
        self.limits = limits
        self._sleep = sleep
        self._transport = transport
        self._user_agent = user_agent
        self._client: httpx.Client | None = None  # made on first use: local-only runs never build one
        _guard_httpx_logging()

    @property
    def client(self) -> httpx.Client:
        if self._client is None:
            self._client = httpx.Client(
                transport=self._transport,
                timeout=httpx.Timeout(self.limits.timeout_s),
                follow_redirects=False,
                headers={"User-Agent": self._user_agent, "Accept": ACCEPT},
            )
        return self._client

    def __enter__(self) -> Fetcher:
        return self

    def __exit__(
        self, exc_type: type[BaseException] | None, exc: BaseException | None, tb: TracebackType | None
    ) -> None:
        self.close()

    def close(self) -> None:
        if self._client is not None:
            self._client.close()
            self._client = None

    def fetch(self, url: str) -> Fetched | Skipped | Rejection:
        """GET `url` following redirects, within the limits; never raises for network or server trouble."""
        shown = redact_url(url)
        attempts = 1 + self.limits.retries
        outcome: Fetched | Skipped | Rejection | _Transient = _Transient("not attempted")
        for attempt in range(attempts):
            outcome = self._attempt(url)
            if not isinstance(outcome, _Transient):
                return outcome
            if attempt + 1 < attempts:
                delay = self.limits.backoff_s * (2**attempt)
                if outcome.retry_after is not None:
                    delay = min(max(delay, outcome.retry_after), MAX_RETRY_AFTER_S)
                log.info("fetch %s: %s; retry %d/%d in %.2fs", shown, outcome.reason, attempt + 1,
                         self.limits.retries, delay)
                self._sleep(delay)
        assert isinstance(outcome, _Transient)
        detail: dict = {"attempts": attempts}
        if outcome.status is not None:
            detail["status"] = outcome.status
        return Rejection(shown, "fetch", f"{outcome.reason} (gave up after {attempts} attempts)",
                         transient=True, detail=detail)

    def _attempt(self, url: str) -> Fetched | Skipped | Rejection | _Transient:
        shown = redact_url(url)
        current = url
        for _hop in range(MAX_REDIRECTS + 1):
            problem = why_not_fetchable(current)
            if problem is not None:
                where = "" if current == url else f" (redirected to {redact_url(current)})"
                return Rejection(shown, "fetch", f"{problem}{where}")
            try:
                result = self._request(url, current)
            except httpx.TimeoutException:
                return _Transient("timed out")
            except (httpx.NetworkError, httpx.RemoteProtocolError) as error:
                return _Transient(f"connection failed ({type(error).__name__})")
            except (httpx.HTTPError, httpx.InvalidURL, ValueError) as error:
                return Rejection(shown, "fetch", f"request failed ({type(error).__name__}: {redact_text(str(error))})")
            if isinstance(result, str):  # a redirect target
                current = result
                continue
            return result
        return Rejection(shown, "fetch", f"too many redirects (more than {MAX_REDIRECTS})")

    def _conditional_headers(self, url: str) -> dict[str, str]:
        entry = self.cache.get(url) or {}
        headers = {}
        if entry.get("etag"):
            headers["If-None-Match"] = entry["etag"]
        if entry.get("last_modified"):
            headers["If-Modified-Since"] = entry["last_modified"]
        return headers

    def _request(self, url: str, current: str) -> Fetched | Skipped | Rejection | _Transient | str:
        shown = redact_url(url)
        max_bytes = self.limits.max_bytes
        deadline = time.monotonic() + self.limits.timeout_s
        conditional = self._conditional_headers(current)
        with self.client.stream("GET", current, headers=conditional) as response:
            status = response.status_code
            if status in _REDIRECTS:
                location = response.headers.get("location")
                if not location:
                    return Rejection(shown, "fetch", f"HTTP {status} redirect without a Location header")
                return urljoin(current, location.strip())
            if status == 304:
                if conditional:
                    return Skipped(shown, detail={"status": 304})
                return Rejection(shown, "fetch", "HTTP 304 to an unconditional request")
            if status == 429 or status >= 500:
                return _Transient(f"HTTP {status}", status, _retry_after(response.headers.get("retry-after")))
            if status >= 400:
                return Rejection(shown, "fetch", f"HTTP {status}", detail={"status": status})
            if not 200 <= status < 300:
                return Rejection(shown, "fetch", f"unexpected HTTP {status}", detail={"status": status})
            declared = response.headers.get("content-length", "")
            if declared.isdigit() and int(declared) > max_bytes:
                return Rejection(shown, "fetch", f"response is {int(declared)} bytes, over the {max_bytes} byte limit",
                                 detail={"status": status})
            chunks: list[bytes] = []
            size = 0
            for chunk in response.iter_bytes():
                size += len(chunk)
                if size > max_bytes:
                    return Rejection(shown, "fetch", f"response is over the {max_bytes} byte limit (aborted)",
                                     detail={"status": status})
                if time.monotonic() > deadline:
                    return _Transient("timed out while reading the body")
                chunks.append(chunk)
            etag = response.headers.get("etag")
            last_modified = response.headers.get("last-modified")
            if etag or last_modified:
                self.cache[current] = {"etag": etag, "last_modified": last_modified}
            content_type, charset = parse_content_type(response.headers.get("content-type"))
            return Fetched(url, current, status, content_type, charset, b"".join(chunks))
