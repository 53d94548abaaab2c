"""Fixtures for ingestion tests: a loopback HTTP server with feeds, article pages and misbehaving URLs.

All article text here is invented, about a fictional conflict.
"""

from __future__ import annotations

import threading
from collections import Counter
from collections.abc import Iterator
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from urllib.parse import urlsplit

import pytest

from pipelines.ingestion import Limits

# Short time-outs and back-off keep the suite fast.
FAST = Limits(timeout_s=0.5, retries=2, backoff_s=0.01)
SITE = "The Northern Ledger"


@dataclass(frozen=True)
class Article:
    slug: str
    title: str
    author: str
    date: str
    paragraphs: tuple[str, ...]


ARTICLES = {
    a.slug: a
    for a in (
        Article(
            "depot-strike",
            "Fuel depot struck near Varnek",
            "Jane Roe",
            "2023-04-01",
            (
                "Officials in the northern province of Varnek said on Saturday that twelve soldiers were "
                "killed when a fuel depot outside the town was struck overnight.",
                "The provincial governor told reporters that at least 30 people were wounded and that "
                "rescue crews were still searching the burning site on Saturday afternoon.",
                "The Eastern Coalition said its forces had targeted only military stores and denied that "
                "any civilians had been hurt. Neither account could be independently verified.",
                "It was the third strike on the Varnek area this month, according to local officials.",
            ),
        ),
        Article(
            "bridge-shelling",
            "Shelling damages Orlin river bridge",
            "Tomas Vell",
            "2023-04-02",
            (
                "Artillery fire damaged the last road bridge over the Orlin river on Sunday, cutting the "
                "main supply route into the town of Kessel, the regional administration said.",
                "Two engineers repairing the bridge were killed and five were wounded, the administration "
                "said in a statement, adding that repairs would take several weeks.",
                "A spokesman for the Eastern Coalition said the bridge had been used to move armour and "
                "was a legitimate target. Residents said queues of trucks had formed on both banks.",
            ),
        ),
        Article(
            "convoy-ambush",
            "Aid convoy ambushed on the Kessel road",
            "Mira Dunn",
            "2023-04-03",
            (
                "Gunmen ambushed a humanitarian convoy on the road to Kessel on Monday, killing three "
                "drivers and wounding a medic, the relief agency Northern Hands said.",
                "The agency said it was suspending deliveries to the valley until the safety of its staff "
                "could be guaranteed, leaving an estimated 40,000 people without regular food aid.",
                "No group claimed responsibility for the attack. Both sides blamed each other for the "
                "ambush in statements issued on Monday evening.",
            ),
        ),
    )
}


def article_html(article: Article, charset: str = "utf-8") -> str:
    paragraphs = "\n".join(f"<p>{p}</p>" for p in article.paragraphs)
    return f"""<!DOCTYPE html>
<html lang="en"><head><meta charset="{charset}">
<title>{article.title} | {SITE}</title>
<meta name="author" content="{article.author}">
<meta property="og:site_name" content="{SITE}">
<meta property="og:title" content="{article.title}">
<meta property="article:published_time" content="{article.date}T09:30:00Z">
</head><body>
<header><nav><a href="/">Home</a> <a href="/world">World</a> <a href="/sport">Sport</a></nav></header>
<main><article><h1>{article.title}</h1><p class="byline">By {article.author}</p>
{paragraphs}
</article></main>
<footer>Copyright {SITE}. All rights reserved.</footer></body></html>"""


CYRILLIC_PARAGRAPHS = (
    "Унаслідок обстрілу міста Варнек загинули троє цивільних, ще семеро отримали поранення, "
    "повідомила обласна адміністрація у неділю.",
    "В результате обстрела погибли три мирных жителя, еще семь человек получили ранения, "
    "сообщили в областной администрации. Спасатели продолжают разбирать завалы.",
    "За даними рятувальників, пошкоджено школу та дванадцять житлових будинків.",
)


def cyrillic_html(charset: str = "windows-1251", meta: bool = True) -> str:
    head = f'<meta charset="{charset}">' if meta else ""
    body = "\n".join(f"<p>{p}</p>" for p in CYRILLIC_PARAGRAPHS)
    return (
        f"<!DOCTYPE html><html lang='uk'><head>{head}<title>Обстріл Варнека</title>"
        f"<meta property='og:site_name' content='Північний вісник'></head>"
        f"<body><article><h1>Обстріл Варнека</h1>{body}</article></body></html>"
    )


def rss_feed(base: str, items: list[dict[str, str]], title: str = "Northern Ledger: World") -> str:
    entries = []
    for item in items:
        link = f"<link>{item['link']}</link>" if "link" in item else ""
        entries.append(
            f"<item><title>{item.get('title', 'Untitled')}</title>{link}"
            f"<description><![CDATA[{item.get('summary', '')}]]></description>"
            f"<pubDate>{item.get('date', 'Sat, 01 Apr 2023 09:30:00 GMT')}</pubDate>"
            f"<author>{item.get('author', 'desk@ledger.example (News Desk)')}</author></item>"
        )
    return (
        '<?xml version="1.0" encoding="utf-8"?>\n<rss version="2.0"><channel>'
        f"<title>{title}</title><link>{base}/</link><description>World news</description>"
        + "".join(entries)
        + "</channel></rss>"
    )


def atom_feed(base: str, entries: list[dict[str, str]]) -> str:
    parts = []
    for number, entry in enumerate(entries, start=1):
        parts.append(
            f"<entry><title>{entry['title']}</title><link rel='alternate' href='{entry['link']}'/>"
            f"<id>urn:ledger:{number}</id><updated>{entry['date']}T09:30:00Z</updated>"
            f"<author><name>{entry.get('author', 'News Desk')}</name></author>"
            f"<summary>{entry.get('summary', '')}</summary></entry>"
        )
    return (
        '<?xml version="1.0" encoding="utf-8"?>\n<feed xmlns="http://www.w3.org/2005/Atom">'
        f"<title>Northern Ledger (Atom)</title><id>urn:ledger</id><updated>2023-04-03T10:00:00Z</updated>"
        f"<link href='{base}/'/>" + "".join(parts) + "</feed>"
    )


SUMMARY_404 = "<p>Troops withdrew from the hill above Orlin after two days of fighting, officers said.</p>"
SUMMARY_500 = "<p>Four soldiers were wounded when a patrol struck a mine near Kessel.</p>"


def rss_items(base: str) -> list[dict[str, str]]:
    return [
        {"title": "Fuel depot struck near Varnek", "link": f"{base}/articles/depot-strike.html",
         "summary": "<p>Twelve soldiers killed, officials say.</p>"},
        {"title": "Shelling damages Orlin river bridge", "link": f"{base}/articles/bridge-shelling.html",
         "summary": "<p>Two engineers killed.</p>", "date": "Sun, 02 Apr 2023 09:30:00 GMT"},
        {"title": "Withdrawal from Orlin hill", "link": f"{base}/status/404", "summary": SUMMARY_404},
        {"title": "Passwords", "link": "file:///etc/passwd", "summary": "<p>Nothing to see.</p>"},
        {"title": "Mine blast near Kessel", "link": f"{base}/status/500?api_key=SECRET-IN-FEED",
         "summary": SUMMARY_500},
    ]


@dataclass
class ServerState:
    hits: Counter = field(default_factory=Counter)
    request_headers: dict[str, dict[str, str]] = field(default_factory=dict)
    stop: threading.Event = field(default_factory=threading.Event)


class Handler(BaseHTTPRequestHandler):
    server: _Server

    def log_message(self, format: str, *args: object) -> None:  # keep test output quiet
        pass

    def _send(self, status: int, body: bytes = b"", content_type: str = "text/html; charset=utf-8",
              headers: dict[str, str] | None = None, length: bool = True) -> None:
        self.send_response(status)
        if content_type:
            self.send_header("Content-Type", content_type)
        for key, value in (headers or {}).items():
            self.send_header(key, value)
        if length:
            self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        if body:
            self.wfile.write(body)

    def do_GET(self) -> None:  # noqa: C901 - a routing table
        state = self.server.state
        path = urlsplit(self.path).path
        state.hits[path] += 1
        state.request_headers[path] = {k.lower(): v for k, v in self.headers.items()}
        base = f"http://127.0.0.1:{self.server.server_address[1]}"
        try:
            self._route(path, base, state)
        except (BrokenPipeError, ConnectionResetError):
            pass

    def _route(self, path: str, base: str, state: ServerState) -> None:
        if path.startswith("/articles/") and path.endswith(".html"):
            article = ARTICLES.get(path.removeprefix("/articles/").removesuffix(".html"))
            if article is None:
                self._send(404, b"not found", "text/plain")
            else:
                self._send(200, article_html(article).encode("utf-8"))
        elif path == "/feed.rss":
            self._send(200, rss_feed(base, rss_items(base)).encode(), "application/rss+xml; charset=utf-8")
        elif path == "/feed-as-html":
            items = rss_items(base)[:1]
            self._send(200, rss_feed(base, items).encode(), "text/html; charset=utf-8")
        elif path == "/feed.atom":
            entries = [
                {"title": "Aid convoy ambushed", "link": f"{base}/articles/convoy-ambush.html", "date": "2023-04-03",
                 "summary": "Three drivers killed."},
                {"title": "Depot struck", "link": f"{base}/articles/depot-strike.html", "date": "2023-04-01",
                 "summary": "Twelve soldiers killed."},
            ]
            self._send(200, atom_feed(base, entries).encode(), "application/atom+xml")
        elif path == "/feed-broken.xml":
            self._send(200, b"<?xml version='1.0'?><rss version='2.0'><channel><title>Broken</titl",
                       "application/rss+xml")
        elif path.startswith("/status/"):
            code = int(path.removeprefix("/status/"))
            self._send(code, f"status {code}".encode(), "text/plain")
        elif path == "/flaky":
            if state.hits[path] <= 2:
                self._send(503, b"try later", "text/plain")
            else:
                self._send(200, article_html(ARTICLES["convoy-ambush"]).encode())
        elif path == "/slow":
            state.stop.wait(3)
            self._send(200, article_html(ARTICLES["depot-strike"]).encode())
        elif path == "/trickle":
            self._send(200, content_type="text/html", length=False)
            for _ in range(40):
                if state.stop.wait(0.1):
                    break
                self.wfile.write(b"<p>more</p>")
                self.wfile.flush()
        elif path == "/big":  # no Content-Length: only streaming can stop it
            self._send(200, content_type="text/html", length=False)
            chunk = b"<p>" + b"x" * 65_000 + b"</p>"
            for _ in range(48):  # about 3 MiB
                self.wfile.write(chunk)
        elif path == "/big-declared":
            self._send(200, content_type="text/html", headers={"Content-Length": str(50 * 1024 * 1024)},
                       length=False)
            self.wfile.write(b"<p>short</p>")
        elif path == "/etag":
            etag = '"v1"'
            if self.headers.get("If-None-Match") == etag:
                self._send(304, headers={"ETag": etag}, length=False)
            else:
                self._send(200, article_html(ARTICLES["bridge-shelling"]).encode(), headers={"ETag": etag})
        elif path == "/lastmod":
            stamp = "Sat, 01 Apr 2023 09:30:00 GMT"
            if self.headers.get("If-Modified-Since") == stamp:
                self._send(304, length=False)
            else:
                self._send(200, article_html(ARTICLES["depot-strike"]).encode(), headers={"Last-Modified": stamp})
        elif path == "/redirect/ok":
            self._send(302, headers={"Location": "/articles/depot-strike.html"})
        elif path == "/redirect/file":
            self._send(302, headers={"Location": "file:///etc/passwd"})
        elif path == "/redirect/loop":
            self._send(302, headers={"Location": "/redirect/loop"})
        elif path == "/redirect/secret":
            self._send(302, headers={"Location": "/status/404?token=SECRET-IN-REDIRECT"})
        elif path == "/cp1251-header.html":
            self._send(200, cyrillic_html(meta=False).encode("cp1251"), "text/html; charset=windows-1251")
        elif path == "/cp1251-meta.html":
            self._send(200, cyrillic_html().encode("cp1251"), "text/html")
        elif path == "/plain.txt":
            body = "Kessel update\n\nThree drivers were killed in the ambush, the agency said.\n"
            self._send(200, body.encode(), "text/plain; charset=utf-8")
        elif path == "/image.png":
            self._send(200, b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR", "image/png")
        elif path == "/script-only.html":
            self._send(200, b"<html><head><script>var x = 1;</script><style>p{}</style></head>"
                            b"<body><script>track()</script></body></html>")
        else:
            self._send(404, b"no route", "text/plain")


class _Server(ThreadingHTTPServer):
    daemon_threads = True
    state: ServerState


@dataclass
class LocalServer:
    base: str
    state: ServerState

    def url(self, path: str) -> str:
        return f"{self.base}{path}"

    def hits(self, path: str) -> int:
        return self.state.hits[path]


@pytest.fixture(scope="session")
def _server_session() -> Iterator[LocalServer]:
    server = _Server(("127.0.0.1", 0), Handler)
    server.state = ServerState()
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield LocalServer(f"http://127.0.0.1:{server.server_address[1]}", server.state)
    finally:
        server.state.stop.set()
        server.shutdown()
        server.server_close()


@pytest.fixture
def server(_server_session: LocalServer) -> LocalServer:
    """The loopback server, with its hit counters cleared for this test."""
    _server_session.state.hits.clear()
    _server_session.state.request_headers.clear()
    return _server_session
