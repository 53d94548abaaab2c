"""The HTTP side: retries, time-outs, size caps, redirects, conditional requests, secrets."""

from __future__ import annotations

import json
import logging
import socket
import time

import httpx
import pytest

from pipelines.ingestion import ArticleRecord, Fetched, Fetcher, Limits, Rejection, Skipped, iter_source, redact_url
from pipelines.ingestion.fetch import DEFAULT_USER_AGENT

from .conftest import ARTICLES, FAST, LocalServer


@pytest.fixture
def fetcher():
    with Fetcher(limits=FAST) as f:
        yield f


@pytest.mark.parametrize(
    ("path", "attempts", "transient", "reason"),
    [
        ("/status/404", 1, False, "HTTP 404"),
        ("/status/403", 1, False, "HTTP 403"),
        ("/status/410", 1, False, "HTTP 410"),
        ("/status/500", 3, True, "HTTP 500 (gave up after 3 attempts)"),
        ("/status/503", 3, True, "HTTP 503"),
        ("/status/429", 3, True, "HTTP 429"),
    ],
)
def test_status_codes_and_bounded_retries(server: LocalServer, fetcher: Fetcher, path: str, attempts: int,
                                          transient: bool, reason: str) -> None:
    result = fetcher.fetch(server.url(path))
    assert isinstance(result, Rejection)
    assert result.stage == "fetch"
    assert result.transient is transient
    assert reason in result.reason
    assert server.hits(path) == attempts


def test_retries_then_succeeds(server: LocalServer, fetcher: Fetcher) -> None:
    result = fetcher.fetch(server.url("/flaky"))
    assert isinstance(result, Fetched) and result.status == 200
    assert server.hits("/flaky") == 3


def test_exponential_backoff_delays() -> None:
    delays: list[float] = []
    transport = httpx.MockTransport(lambda request: httpx.Response(502))
    with Fetcher(limits=Limits(retries=3, backoff_s=0.5), transport=transport, sleep=delays.append) as f:
        result = f.fetch("https://news.example.invalid/a")
    assert isinstance(result, Rejection) and result.transient
    assert delays == [0.5, 1.0, 2.0]


def test_retry_after_is_honoured_but_capped() -> None:
    delays: list[float] = []
    transport = httpx.MockTransport(lambda request: httpx.Response(429, headers={"Retry-After": "3600"}))
    with Fetcher(limits=Limits(retries=1, backoff_s=0.1), transport=transport, sleep=delays.append) as f:
        f.fetch("https://news.example.invalid/a")
    assert delays == [30.0]


def test_connection_refused_is_transient() -> None:
    with socket.socket() as probe:  # a port nobody listens on
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    with Fetcher(limits=FAST) as f:
        result = f.fetch(f"http://127.0.0.1:{port}/x")
    assert isinstance(result, Rejection) and result.transient
    assert "connection failed" in result.reason and result.detail["attempts"] == 3


def test_slow_response_times_out(server: LocalServer) -> None:
    started = time.monotonic()
    with Fetcher(limits=Limits(timeout_s=0.3, retries=1, backoff_s=0.01)) as f:
        result = f.fetch(server.url("/slow"))
    assert isinstance(result, Rejection) and result.transient
    assert "timed out" in result.reason
    assert server.hits("/slow") == 2
    assert time.monotonic() - started < 2


def test_trickling_body_hits_the_overall_deadline(server: LocalServer) -> None:
    with Fetcher(limits=Limits(timeout_s=0.5, retries=0)) as f:
        result = f.fetch(server.url("/trickle"))
    assert isinstance(result, Rejection) and result.transient
    assert "timed out while reading the body" in result.reason


@pytest.mark.parametrize(
    ("path", "reason"),
    [
        ("/big", "over the 1048576 byte limit (aborted)"),  # streamed, no Content-Length
        ("/big-declared", "52428800 bytes, over the 1048576 byte limit"),  # refused from the header
    ],
)
def test_oversized_responses(server: LocalServer, path: str, reason: str) -> None:
    with Fetcher(limits=Limits(max_bytes=1024 * 1024, timeout_s=2, retries=0)) as f:
        result = f.fetch(server.url(path))
    assert isinstance(result, Rejection)
    assert reason in result.reason
    assert result.transient is False


@pytest.mark.parametrize(
    ("path", "validator"),
    [("/etag", "If-None-Match"), ("/lastmod", "If-Modified-Since")],
)
def test_conditional_requests(server: LocalServer, path: str, validator: str) -> None:
    cache: dict[str, dict] = {}
    with Fetcher(cache=cache, limits=FAST) as f:
        first = f.fetch(server.url(path))
        assert isinstance(first, Fetched)
        assert validator.lower() not in server.state.request_headers[path]
        json.dumps(cache)  # the caller can persist it
        second = f.fetch(server.url(path))
    assert second == Skipped(server.url(path), "unchanged (304)", {"status": 304})
    assert validator.lower() in server.state.request_headers[path]
    assert server.hits(path) == 2
    # A new run with the persisted cache: iter_source reports the page as skipped, not as an article.
    with Fetcher(cache=json.loads(json.dumps(cache)), limits=FAST) as f:
        assert list(iter_source(server.url(path), fetcher=f)) == [second]


def test_user_agent_and_accept(server: LocalServer, fetcher: Fetcher) -> None:
    fetcher.fetch(server.url("/articles/depot-strike.html"))
    headers = server.state.request_headers["/articles/depot-strike.html"]
    assert headers["user-agent"] == DEFAULT_USER_AGENT
    assert "text/html" in headers["accept"]


def test_redirect_followed(server: LocalServer, fetcher: Fetcher) -> None:
    result = fetcher.fetch(server.url("/redirect/ok"))
    assert isinstance(result, Fetched)
    assert result.final_url == server.url("/articles/depot-strike.html")
    assert result.url == server.url("/redirect/ok")


@pytest.mark.parametrize(
    ("path", "reason"),
    [
        ("/redirect/file", "unsupported URL scheme 'file'"),
        ("/redirect/loop", "too many redirects"),
    ],
)
def test_bad_redirects(server: LocalServer, fetcher: Fetcher, path: str, reason: str) -> None:
    result = fetcher.fetch(server.url(path))
    assert isinstance(result, Rejection) and reason in result.reason
    assert result.transient is False


@pytest.mark.parametrize(
    ("url", "reason"),
    [
        ("file:///etc/passwd", "unsupported URL scheme 'file'"),
        ("ftp://example.org/a", "unsupported URL scheme 'ftp'"),
        ("javascript:alert(1)", "unsupported URL scheme 'javascript'"),
        ("gopher://x/", "unsupported URL scheme 'gopher'"),
        ("http:///no-host", "invalid URL (no host)"),
        ("http://[::1/bad", "invalid URL (no host)"),
        ("/just/a/path", "not an absolute URL"),
    ],
)
def test_only_http_is_fetched(fetcher: Fetcher, url: str, reason: str) -> None:
    result = fetcher.fetch(url)
    assert isinstance(result, Rejection) and result.reason.startswith(reason)
    assert result.transient is False


@pytest.mark.parametrize(
    ("url", "expected"),
    [
        ("https://ex.org/a?token=SECRET", "https://ex.org/a?token=REDACTED"),
        ("https://ex.org/a?page=2&API_KEY=SECRET&q=x", "https://ex.org/a?page=2&API_KEY=REDACTED&q=x"),
        ("https://ex.org/a?password=SECRET", "https://ex.org/a?password=REDACTED"),
        ("https://ex.org/a?client_secret=SECRET", "https://ex.org/a?client_secret=REDACTED"),
        ("https://ex.org/a?sig=SECRET&se=2030", "https://ex.org/a?sig=REDACTED&se=2030"),
        ("https://ex.org/a?X-Amz-Signature=SECRET", "https://ex.org/a?X-Amz-Signature=REDACTED"),
        ("https://ex.org/a?access%5Ftoken=SECRET", "https://ex.org/a?access%5Ftoken=REDACTED"),
        ("https://ex.org/a?SECRETTOKEN", "https://ex.org/a?REDACTED"),
        ("https://bob:SECRET@ex.org/a", "https://bob:REDACTED@ex.org/a"),
        ("https://ex.org/cb#access_token=SECRET&state=1", "https://ex.org/cb#access_token=REDACTED&state=1"),
        ("https://ex.org/news/strike.html?page=2#top", "https://ex.org/news/strike.html?page=2#top"),
        ("not a url", "not a url"),
    ],
)
def test_redact_url(url: str, expected: str) -> None:
    assert redact_url(url) == expected


def test_secrets_never_appear(server: LocalServer, caplog: pytest.LogCaptureFixture) -> None:
    caplog.set_level(logging.DEBUG)
    sources = [
        server.url("/status/404?token=SECRET"),
        server.url("/status/500?token=SECRET&page=1"),
        server.url("/redirect/secret?key=SECRET"),
        "ftp://user:SECRET@example.org/x?token=SECRET",
        "http://127.0.0.1:1/x?password=SECRET",
    ]
    seen = []
    with Fetcher(limits=FAST) as f:
        for source in sources:
            seen.extend(iter_source(source, fetcher=f))
    assert len(seen) == len(sources)
    assert all(isinstance(item, Rejection) for item in seen)
    assert "SECRET" not in repr(seen)
    assert "SECRET" not in caplog.text
    assert any("token=REDACTED" in item.location for item in seen)


def test_page_url_to_article(server: LocalServer) -> None:
    article = list(iter_source(server.url("/articles/convoy-ambush.html?token=SECRET"), limits=FAST))[0]
    expected = ARTICLES["convoy-ambush"]
    assert isinstance(article, ArticleRecord)
    assert (article.title, article.author, article.outlet) == (expected.title, expected.author, "The Northern Ledger")
    assert article.published.isoformat() == expected.date
    assert article.name == "convoy-ambush"
    assert article.location == article.url == server.url("/articles/convoy-ambush.html?token=REDACTED")
    assert all(p in article.text for p in expected.paragraphs)
