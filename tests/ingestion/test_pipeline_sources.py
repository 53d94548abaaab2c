"""`claims run --source <URL>` against the loopback server: feeds, pages, validators across runs."""

import duckdb

from pipelines.cli import main


def _rows(db, sql):
    con = duckdb.connect(str(db), read_only=True)
    try:
        return con.execute(sql).fetchall()
    finally:
        con.close()


def test_claims_run_ingests_a_feed_with_its_metadata(server, tmp_path, capsys):
    db = tmp_path / "claims.duckdb"
    assert main(["run", "--source", server.url("/feed.rss"), "--db", str(db)]) == 0
    out = capsys.readouterr().out
    assert "articles read" in out and "claims stored" in out
    articles = _rows(db, "SELECT title, author, published, outlet, url FROM articles ORDER BY title")
    assert len(articles) >= 2
    assert all(title and published and url.startswith(server.base) for title, _, published, _, url in articles)
    assert any(author for _, author, _, _, _ in articles)
    claims = _rows(db, "SELECT text, category FROM claims")
    assert ("twelve", "killed") in claims
    before = _rows(db, "SELECT count(*) FROM articles")[0][0], _rows(db, "SELECT count(*) FROM claims")[0][0]
    assert main(["run", "--source", server.url("/feed.rss"), "--db", str(db)]) == 0
    after = _rows(db, "SELECT count(*) FROM articles")[0][0], _rows(db, "SELECT count(*) FROM claims")[0][0]
    assert after == before
    assert _rows(db, "SELECT count(*) FROM ingest_batches")[0][0] == 2


def test_an_unchanged_page_is_not_fetched_again_in_the_next_run(server, tmp_path):
    db = tmp_path / "claims.duckdb"
    url = server.url("/etag") + "?token=SECRET-TOKEN"
    assert main(["run", "--source", url, "--db", str(db)]) == 0
    assert main(["run", "--source", url, "--db", str(db)]) == 0
    assert server.hits("/etag") == 2
    headers = server.state.request_headers["/etag"]
    assert "if-none-match" in headers
    stored = _rows(db, "SELECT url_hash, etag FROM fetch_validators")
    assert len(stored) == 1 and "SECRET" not in str(stored)
    assert all("SECRET" not in str(row) for row in _rows(db, "SELECT sources FROM ingest_batches"))
