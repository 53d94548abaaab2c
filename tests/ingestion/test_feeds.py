"""RSS and Atom feeds, from the loopback server and from local files."""

from __future__ import annotations

from pathlib import Path

import pytest

from pipelines.ingestion import ArticleRecord, Fetcher, Limits, Rejection, Skipped, iter_source

from .conftest import ARTICLES, FAST, SUMMARY_404, SUMMARY_500, LocalServer, atom_feed, rss_feed, rss_items


def test_rss_feed_over_http(server: LocalServer) -> None:
    items = list(iter_source(server.url("/feed.rss"), limits=FAST))
    assert [type(i).__name__ for i in items] == ["ArticleRecord", "ArticleRecord", "ArticleRecord", "Rejection",
                                                 "ArticleRecord"]
    depot, bridge, withdrawal, passwd, mine = items

    # Items whose page could be fetched: the page's text and metadata.
    for article, slug in ((depot, "depot-strike"), (bridge, "bridge-shelling")):
        expected = ARTICLES[slug]
        assert article.text_origin == "body" and article.fetch_note is None
        assert article.location == article.url == server.url(f"/articles/{slug}.html")
        assert article.name == slug
        assert (article.title, article.author, article.outlet) == (expected.title, expected.author,
                                                                   "The Northern Ledger")
        assert article.published.isoformat() == expected.date
        assert all(p in article.text for p in expected.paragraphs)

    # A 404 page: the feed summary stands in, saying why.
    assert withdrawal.text_origin == "feed_summary"
    assert withdrawal.fetch_note == "HTTP 404"
    assert withdrawal.text == "Troops withdrew from the hill above Orlin after two days of fighting, officers said."
    assert SUMMARY_404.startswith("<p>" + withdrawal.text)
    assert withdrawal.title == "Withdrawal from Orlin hill"
    assert withdrawal.outlet == "Northern Ledger: World"  # the feed's title when the page gave none
    assert withdrawal.author == "News Desk"

    # file:///etc/passwd is refused, never read.
    assert isinstance(passwd, Rejection)
    assert passwd.location in ("file:///etc/passwd", "file://etc/passwd")  # feedparser drops a slash
    assert "unsupported URL scheme 'file'" in passwd.reason
    assert "root:" not in repr(items)

    # A 500 page, retried then given up: summary with a transient note, secret in the link redacted.
    assert mine.text_origin == "feed_summary"
    assert mine.fetch_note == "HTTP 500 (gave up after 3 attempts)"
    assert mine.text in SUMMARY_500
    assert "SECRET" not in repr(mine)
    assert mine.location.endswith("/status/500?api_key=REDACTED")
    assert server.hits("/status/500") == 3


def test_atom_feed_over_http(server: LocalServer) -> None:
    items = list(iter_source(server.url("/feed.atom"), limits=FAST))
    assert [i.name for i in items] == ["convoy-ambush", "depot-strike"]
    assert all(isinstance(i, ArticleRecord) and i.text_origin == "body" for i in items)
    assert items[0].title == ARTICLES["convoy-ambush"].title


def test_feed_detected_from_content_not_content_type(server: LocalServer) -> None:
    items = list(iter_source(server.url("/feed-as-html"), limits=FAST))
    assert [i.name for i in items] == ["depot-strike"]


def test_broken_feed_over_http(server: LocalServer) -> None:
    [rejection] = list(iter_source(server.url("/feed-broken.xml"), limits=FAST))
    assert isinstance(rejection, Rejection)
    assert rejection.stage == "parse" and "malformed feed XML" in rejection.reason


def test_local_feed_file_fetches_linked_pages(server: LocalServer, tmp_path: Path) -> None:
    path = tmp_path / "saved.rss"
    path.write_text(rss_feed(server.base, rss_items(server.base)[:2]), encoding="utf-8")
    items = list(iter_source(path, limits=FAST))
    assert [i.name for i in items] == ["depot-strike", "bridge-shelling"]
    assert server.hits("/articles/depot-strike.html") == 1


def test_local_atom_with_relative_and_hostile_links(tmp_path: Path) -> None:
    entries = [
        {"title": "Relative", "link": "articles/x.html", "date": "2023-04-01", "summary": "Two killed in Orlin."},
        {"title": "Ftp", "link": "ftp://example.org/x", "date": "2023-04-01", "summary": "Should not be read."},
        {"title": "Data", "link": "data:text/html,hi", "date": "2023-04-01", "summary": "Should not be read."},
    ]
    path = tmp_path / "feed.atom"
    path.write_text(atom_feed("https://unused.invalid", entries), encoding="utf-8")
    items = list(iter_source(path, limits=FAST))
    # No base URL for a local file: the relative link cannot be fetched, so the summary stands in.
    assert isinstance(items[0], ArticleRecord) and items[0].text_origin == "feed_summary"
    assert items[0].text == "Two killed in Orlin."
    assert items[0].published.isoformat() == "2023-04-01"
    assert [type(i).__name__ for i in items[1:]] == ["Rejection", "Rejection"]
    assert "unsupported URL scheme 'ftp'" in items[1].reason


def test_items_without_links_and_item_cap(tmp_path: Path) -> None:
    items = [{"title": f"Item {n}", "summary": f"<p>{n} soldiers were wounded near Kessel.</p>"} for n in range(5)]
    items.append({"title": "Empty"})
    path = tmp_path / "nolinks.xml"
    path.write_text(rss_feed("https://unused.invalid", items), encoding="utf-8")

    everything = list(iter_source(path))
    assert [type(i).__name__ for i in everything] == ["ArticleRecord"] * 5 + ["Rejection"]
    assert everything[0].fetch_note == "feed item has no link"
    assert everything[0].location == f"{path}#item1"
    assert "no link and no summary" in everything[-1].reason

    capped = list(iter_source(path, limits=Limits(max_feed_items=2)))
    assert [type(i).__name__ for i in capped] == ["ArticleRecord", "ArticleRecord", "Skipped"]
    assert capped[-1].reason == "4 feed items beyond max_feed_items=2"


def test_empty_but_valid_feed_is_skipped(tmp_path: Path) -> None:
    path = tmp_path / "empty.rss"
    path.write_text(rss_feed("https://unused.invalid", []), encoding="utf-8")
    assert list(iter_source(path)) == [Skipped(str(path), "feed has no items")]


def test_unchanged_item_page_is_skipped(server: LocalServer, tmp_path: Path) -> None:
    path = tmp_path / "etag.rss"
    path.write_text(rss_feed(server.base, [{"title": "Bridge", "link": server.url("/etag"), "summary": "x"}]))
    cache: dict[str, dict] = {}
    with Fetcher(cache=cache, limits=FAST) as fetcher:
        assert isinstance(list(iter_source(path, fetcher=fetcher))[0], ArticleRecord)
        assert list(iter_source(path, fetcher=fetcher)) == [Skipped(server.url("/etag"), detail={"status": 304})]


@pytest.mark.parametrize("path", ["/image.png", "/script-only.html"])
def test_item_page_not_an_article_falls_back_to_summary(server: LocalServer, tmp_path: Path, path: str) -> None:
    feed = tmp_path / "odd.rss"
    feed.write_text(rss_feed(server.base, [{"title": "Odd", "link": server.url(path),
                                            "summary": "<p>Five soldiers were wounded.</p>"}]))
    [article] = list(iter_source(feed, limits=FAST))
    assert article.text == "Five soldiers were wounded."
    assert article.text_origin == "feed_summary"
    assert article.fetch_note in ("not an HTML page (content-type image/png)", "no article text")
