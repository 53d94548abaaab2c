"""Promise: nothing reached through the project writes where it should not, reads what it should not, or
keeps a secret.

- `claims sql` runs on a read-only connection with file access and configuration locked: every write
  (to the store, to another file, through ATTACH, EXPORT, COPY, INSTALL, LOAD) is refused with exit
  code 1, and the store file is byte-for-byte unchanged;
- sources and feed item links are fetched only over http(s): file:, ftp: and the rest are refused, also
  when a server redirects to them;
- secrets in URLs (query tokens, keys, signatures, passwords) are sent to the server but never stored:
  after a run against a loopback server, no text in any table of the store holds them.
"""

from __future__ import annotations

import hashlib
import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import duckdb
import httpx
import pytest

from pipelines.cli import main as claims_main
from pipelines.ingestion import ArticleRecord, Rejection, iter_source
from tests.reliability.helpers import failure_messages, materialize_graph, run_cli

# --------------------------------------------------------------------------------------------- claims sql

WRITES = [  # (what, query with {out} for a folder that must stay empty)
    ("create table", "CREATE TABLE evil (x INT)"),
    ("create view", "CREATE VIEW evil AS SELECT 1"),
    ("create macro", "CREATE OR REPLACE MACRO evil(x) AS x"),
    ("insert", "INSERT INTO rejected (rejected_id) VALUES ('evil')"),
    ("update", "UPDATE articles SET title = 'evil'"),
    ("delete", "DELETE FROM claims"),
    ("drop", "DROP TABLE claims"),
    ("alter", "ALTER TABLE claims ADD COLUMN evil INT"),
    ("drop search index", "PRAGMA drop_fts_index('articles')"),
    ("write after a read", "SELECT 1; CREATE TABLE evil (x INT)"),
    ("copy query to csv", "COPY (SELECT * FROM articles) TO '{out}/dump.csv'"),
    ("copy table to parquet", "COPY articles TO '{out}/dump.parquet' (FORMAT parquet)"),
    ("copy then read", "COPY (SELECT 1) TO '{out}/one.csv'; SELECT 1"),
    ("export database", "EXPORT DATABASE '{out}/export'"),
    ("attach a new file", "ATTACH '{out}/other.duckdb' AS other"),
    ("attach and write", "ATTACH '{out}/other.duckdb' AS other; CREATE TABLE other.t AS SELECT 1"),
    ("attach in-memory and write", "ATTACH ':memory:' AS m; CREATE TABLE m.t AS SELECT 1"),
    ("attach through sqlite", "ATTACH 'sqlite:{out}/other.db' AS other"),
    ("re-enable file access", "SET enable_external_access = true; COPY (SELECT 1) TO '{out}/x.csv'"),
    ("re-enable file access globally", "SET GLOBAL enable_external_access = true"),
    ("reset file access", "RESET enable_external_access"),
    ("unlock configuration", "SET lock_configuration = false"),
    ("install an extension", "INSTALL httpfs"),
    ("load a local extension", "LOAD '{out}/evil.duckdb_extension'"),
    ("copy a file into a table", "COPY articles FROM '/etc/passwd'"),
    ("read a local file", "SELECT * FROM read_text('/etc/passwd')"),
    ("list local files", "SELECT * FROM glob('/etc/*')"),
]
# Accepted, and harmless: they change nothing in the file (checked below all the same).
HARMLESS = ["CHECKPOINT", "FORCE CHECKPOINT", "VACUUM", "CALL checkpoint()", "CREATE TEMP TABLE scratch AS SELECT 1"]


def _fingerprint(path: Path) -> tuple:
    info = path.stat()
    return hashlib.sha256(path.read_bytes()).hexdigest(), info.st_size, info.st_mtime_ns


@pytest.fixture(scope="module")
def small_store(tmp_path_factory) -> Path:
    db = tmp_path_factory.mktemp("store") / "claims.duckdb"
    folder = tmp_path_factory.mktemp("articles")
    (folder / "a.txt").write_text("Strike on Varnek\n\nAt least 12 soldiers were killed in Varnek on Tuesday.\n")
    assert materialize_graph(db, [folder]).success
    return db


@pytest.mark.parametrize("what,query", WRITES, ids=[w for w, _ in WRITES])
def test_claims_sql_refuses_every_write(what, query, small_store, tmp_path, capsys):
    out = tmp_path / "out"
    out.mkdir()
    before = _fingerprint(small_store)
    code = claims_main(["sql", query.format(out=out), "--db", str(small_store)])
    captured = capsys.readouterr()
    assert code == 1, (what, captured.out, captured.err)
    assert captured.err.startswith("claims sql: ") and "Traceback" not in captured.err
    assert _fingerprint(small_store) == before
    assert not Path(f"{small_store}.wal").exists()
    assert list(out.iterdir()) == [], f"{what} wrote {list(out.iterdir())}"


@pytest.mark.parametrize("query", HARMLESS)
def test_claims_sql_maintenance_statements_change_nothing(query, small_store, capsys):
    before = _fingerprint(small_store)
    claims_main(["sql", query, "--db", str(small_store)])
    capsys.readouterr()
    assert _fingerprint(small_store) == before


def test_claims_sql_write_refused_through_the_real_command(small_store, tmp_path):
    before = _fingerprint(small_store)
    target = tmp_path / "dump.csv"
    done = run_cli("sql", f"COPY (SELECT * FROM articles) TO '{target}'", "--db", str(small_store), timeout=60)
    assert done.returncode == 1, (done.stdout, done.stderr)
    assert "claims sql:" in done.stderr and "Traceback" not in done.stderr
    assert not target.exists()
    assert _fingerprint(small_store) == before
    still = run_cli("sql", "SELECT count(*) AS n FROM articles", "--db", str(small_store), "--format", "json")
    assert still.returncode == 0 and still.stdout.strip() == '{"n": 1}', still.stderr


# ------------------------------------------------------------------------------------------- URL schemes

REFUSED_SOURCES = [
    "file:///etc/passwd", "FILE:///etc/passwd", "file:/etc/passwd", "file://localhost/etc/passwd",
    "  file:///etc/passwd  ", "ftp://example.org/news.txt", "sftp://example.org/news.txt", "gopher://example.org/1",
    "smb://server/share/news.txt", "data:text/plain,Two soldiers were killed", "javascript:alert(1)",
    "mailto:desk@example.org", "http:///no-host", "https://",
]


@pytest.mark.parametrize("source", REFUSED_SOURCES)
def test_only_http_and_https_sources_are_fetched(source, monkeypatch):
    sent = []

    def no_network(self, request, **kwargs):
        sent.append(str(request.url))
        raise AssertionError(f"a request was sent for {source!r}: {request.url}")

    monkeypatch.setattr(httpx.Client, "send", no_network)
    items = list(iter_source(source))
    assert items and all(isinstance(i, Rejection) for i in items), items
    assert all(i.reason.strip() for i in items)
    assert sent == []
    assert not any(isinstance(i, ArticleRecord) for i in items)


FEED_LINKS = ["file:///etc/passwd", "FILE:///etc/passwd", "file:/etc/passwd", "ftp://example.org/a.html",
              "javascript:alert(1)", "data:text/html,<p>Six soldiers were killed</p>"]


def test_a_feed_item_linking_to_a_local_file_is_refused(tmp_path, monkeypatch):
    items = "".join(
        f"<item><title>Item {i}</title><link>{link.replace('&', '&amp;').replace('<', '&lt;')}</link>"
        f"<description>Six soldiers were killed in Brill, item {i}.</description></item>"
        for i, link in enumerate(FEED_LINKS))
    feed = tmp_path / "wire.xml"
    feed.write_text(f'<?xml version="1.0"?><rss version="2.0"><channel><title>Wire</title>{items}</channel></rss>')
    opened = []
    real_open = open

    def spy_open(file, *args, **kwargs):
        opened.append(str(file))
        return real_open(file, *args, **kwargs)

    monkeypatch.setattr("builtins.open", spy_open)
    got = list(iter_source(feed))
    monkeypatch.undo()
    assert len(got) == len(FEED_LINKS)
    assert all(isinstance(i, Rejection) and "link refused" in i.reason for i in got), got
    assert not [f for f in opened if "passwd" in f]


# --------------------------------------------------------------------------------- secrets never stored

SECRETS = {"token": "SECRETtok111", "api_key": "SECRETkey222", "session": "SECRETses333", "sig": "SECRETsig444",
           "auth": "SECRETauth555", "password": "SECRETpwd666", "missing": "SECRETmis777", "to_file": "SECRETfil888"}
MARKER = "SECRET"


def _page(title: str, sentence: str) -> bytes:
    return (f"<!DOCTYPE html><html><head><meta charset='utf-8'><title>{title}</title></head><body><article>"
            f"<h1>{title}</h1><p>{sentence}</p><p>Repair crews reached the area in the afternoon and "
            f"cleared the road for ambulances and fire engines.</p><p>Residents were told to stay in "
            f"shelters until the all-clear sounded late in the evening.</p></article></body></html>").encode()


class _Handler(BaseHTTPRequestHandler):
    seen: list[str] = []
    pages = {
        "/news/strike.html": _page("Strike on Varnek", "At least 12 soldiers were killed in a strike on Varnek."),
        "/news/second.html": _page("Shelling of Kesk", "Seven civilians were wounded in the shelling of Kesk."),
        "/news/third.html": _page("Raid on Brill", "Nine fighters were captured in a raid on Brill."),
        "/news/fourth.html": _page("Ambush near Lorvik", "Five police officers were killed in an ambush near Lorvik."),
        "/news/fifth.html": _page("Fire at Dunmere", "Eleven firefighters were injured in a fire at Dunmere."),
    }

    def log_message(self, *args):  # keep the test output quiet
        pass

    def do_GET(self):  # noqa: N802 (http.server's name)
        _Handler.seen.append(self.path + " auth=" + (self.headers.get("Authorization") or ""))
        path = self.path.split("?", 1)[0]
        port = self.server.server_address[1]
        if path in self.pages:
            return self._send(200, "text/html; charset=utf-8", self.pages[path])
        if path == "/feed.xml":
            feed = (f'<?xml version="1.0"?><rss version="2.0"><channel><title>Loopback Wire</title>'
                    f'<item><title>Kesk</title><link>http://127.0.0.1:{port}/news/second.html?session={SECRETS["session"]}'
                    f'</link></item><item><title>Brill</title><link>/news/third.html?sig={SECRETS["sig"]}</link></item>'
                    f'<item><title>Local</title><link>file:///etc/passwd?token={SECRETS["token"]}</link>'
                    f'<description>Two soldiers were killed.</description></item></channel></rss>').encode()
            return self._send(200, "application/rss+xml", feed)
        if path == "/moved":
            return self._redirect(f"/news/fourth.html?auth={SECRETS['auth']}")
        if path == "/to-file":
            return self._redirect(f"file:///etc/passwd?token={SECRETS['to_file']}")
        return self._send(404, "text/plain", b"not here")

    def _send(self, status: int, content_type: str, body: bytes):
        self.send_response(status)
        self.send_header("Content-Type", content_type)
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def _redirect(self, location: str):
        self.send_response(302)
        self.send_header("Location", location)
        self.send_header("Content-Length", "0")
        self.end_headers()


@pytest.fixture
def loopback():
    _Handler.seen = []
    server = ThreadingHTTPServer(("127.0.0.1", 0), _Handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"127.0.0.1:{server.server_address[1]}"
    finally:
        server.shutdown()
        server.server_close()


def _no_proxy(monkeypatch) -> None:
    for name in ("HTTP_PROXY", "HTTPS_PROXY", "ALL_PROXY", "http_proxy", "https_proxy", "all_proxy"):
        monkeypatch.delenv(name, raising=False)
    monkeypatch.setenv("NO_PROXY", "127.0.0.1,localhost")


def _leaks(db: Path) -> dict[str, int]:
    """Rows, per table of any schema, whose text holds a secret or the content of /etc/passwd."""
    con = duckdb.connect(str(db), read_only=True)
    try:
        tables = con.execute("SELECT schema_name, table_name FROM duckdb_tables()").fetchall()
        assert len(tables) >= 8
        leaks = {}
        for schema, table in tables:
            found = con.execute(
                f'SELECT count(*) FROM "{schema}"."{table}" AS row_ WHERE row_::VARCHAR LIKE ? OR row_::VARCHAR LIKE ?',
                [f"%{MARKER}%", "%root:x:0:0%"]).fetchone()[0]
            if found:
                leaks[f"{schema}.{table}"] = found
        return leaks
    finally:
        con.close()


def test_secrets_in_urls_are_used_but_never_stored(loopback, tmp_db, monkeypatch, capfd):
    _no_proxy(monkeypatch)
    base = f"http://{loopback}"
    sources = [
        f"{base}/news/strike.html?token={SECRETS['token']}&page=2",
        f"{base}/feed.xml?api_key={SECRETS['api_key']}",
        f"{base}/moved?token={SECRETS['token']}",
        f"{base}/missing?token={SECRETS['missing']}",
        f"{base}/to-file?token={SECRETS['to_file']}",
    ]
    result = materialize_graph(tmp_db, sources)
    assert result.success, failure_messages(result)

    # The secrets did reach the server (so they were there to leak)...
    requests = "\n".join(_Handler.seen)
    for key in ("token", "api_key", "session", "sig", "auth", "missing", "to_file"):
        assert SECRETS[key] in requests, (key, requests)

    # ...and the pages became articles, the failures rejected rows, with redacted locations.
    con = duckdb.connect(str(tmp_db), read_only=True)
    try:
        titles = {r[0] for r in con.execute("SELECT title FROM articles").fetchall()}
        locations = {r[0] for r in con.execute("SELECT location FROM article_locations").fetchall()}
        rejected = con.execute("SELECT location, reason FROM rejected").fetchall()
    finally:
        con.close()
    assert {"Strike on Varnek", "Shelling of Kesk", "Raid on Brill", "Ambush near Lorvik"} <= titles
    assert f"{base}/news/strike.html?token=REDACTED&page=2" in locations
    assert any("/missing?token=REDACTED" in loc and "404" in why for loc, why in rejected), rejected
    assert any("/to-file?token=REDACTED" in loc and "file" in why for loc, why in rejected), rejected
    # (feedparser rewrites the link to file://etc/passwd; it is refused all the same)
    assert any(loc.startswith("file:") and "link refused" in why for loc, why in rejected), rejected

    # Not one stored value, in any table of any schema, holds a secret or the content of /etc/passwd.
    assert _leaks(tmp_db) == {}
    logged = capfd.readouterr()
    assert MARKER not in logged.out + logged.err, "a secret reached the run's log output"


def test_a_password_in_a_source_url_is_never_stored(loopback, tmp_db, monkeypatch):
    _no_proxy(monkeypatch)
    result = materialize_graph(tmp_db, [f"http://reader:{SECRETS['password']}@{loopback}/news/fifth.html"])
    assert result.success, failure_messages(result)
    assert any("auth=Basic " in seen for seen in _Handler.seen)  # sent to the server
    con = duckdb.connect(str(tmp_db), read_only=True)
    try:
        assert con.execute("SELECT title FROM articles").fetchall() == [("Fire at Dunmere",)]
    finally:
        con.close()
    assert _leaks(tmp_db) == {}
