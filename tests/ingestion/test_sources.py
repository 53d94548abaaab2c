"""Source dispatch, the sources file, dedupe, and the public API."""

from __future__ import annotations

from pathlib import Path

import pytest

import pipelines.ingestion as ingestion
from pipelines.ingestion import (
    ArticleRecord,
    Duplicate,
    Fetcher,
    Rejection,
    SourcesFileError,
    iter_source,
    iter_sources,
    load_sources_file,
)

from .conftest import ARTICLES, CYRILLIC_PARAGRAPHS, FAST, LocalServer

BODY = "Twelve soldiers were killed when the depot was struck, officials said.\n"


@pytest.mark.parametrize(
    ("source", "stage", "reason"),
    [
        ("ftp://example.org/news.txt", "ingest", "unsupported source scheme 'ftp'"),
        ("file:///etc/passwd", "ingest", "unsupported source scheme 'file'"),
        ("data:text/plain,Two killed", "ingest", "unsupported source scheme 'data'"),
        ("javascript:alert(1)", "ingest", "unsupported source scheme 'javascript'"),
        ("mailto:desk@example.org", "ingest", "unsupported source scheme 'mailto'"),
        ("/no/such/folder/anywhere", "ingest", "no such file or folder"),
        ("relative/missing.txt", "ingest", "no such file or folder"),
        ("", "ingest", "empty source"),
        ("   ", "ingest", "empty source"),
        ("/dev/null", "ingest", "not a regular file or folder"),
    ],
)
def test_unsupported_sources(source: str, stage: str, reason: str) -> None:
    [rejection] = list(iter_source(source))
    assert isinstance(rejection, Rejection)
    assert (rejection.stage, rejection.transient) == (stage, False)
    assert reason in rejection.reason


@pytest.mark.parametrize(
    ("path", "kind", "check"),
    [
        ("/articles/depot-strike.html", ArticleRecord, "twelve soldiers were killed"),
        ("/cp1251-header.html", ArticleRecord, CYRILLIC_PARAGRAPHS[0]),  # charset from the HTTP header
        ("/cp1251-meta.html", ArticleRecord, CYRILLIC_PARAGRAPHS[1]),  # charset from <meta>
        ("/plain.txt", ArticleRecord, "Three drivers were killed"),
        ("/script-only.html", Rejection, "no article text"),
        ("/image.png", Rejection, "unsupported content-type image/png"),
        ("/status/404", Rejection, "HTTP 404"),
    ],
)
def test_url_sources(server: LocalServer, path: str, kind: type, check: str) -> None:
    [item] = list(iter_source(server.url(path), limits=FAST))
    assert isinstance(item, kind)
    assert check in (item.text if isinstance(item, ArticleRecord) else item.reason)


def test_path_object_and_string_are_the_same(tmp_path: Path) -> None:
    path = tmp_path / "a.txt"
    path.write_text("Depot struck\n" + BODY)
    assert list(iter_source(path)) == list(iter_source(str(path)))


def test_dedupe_across_files_feeds_and_urls(server: LocalServer, tmp_path: Path) -> None:
    (tmp_path / "a.txt").write_text("Depot struck\n" + BODY)
    (tmp_path / "b.md").write_text("Depot  struck\r\n" + BODY)  # same text once whitespace is folded
    (tmp_path / "c.txt").write_text("Different article.\n" + BODY)
    sources = [tmp_path, server.url("/feed.atom"), server.url("/articles/depot-strike.html")]
    with Fetcher(limits=FAST) as fetcher:
        items = list(iter_sources(sources, fetcher=fetcher))
    articles = [i for i in items if isinstance(i, ArticleRecord)]
    duplicates = [i for i in items if isinstance(i, Duplicate)]
    assert len({a.id for a in articles}) == len(articles) == 4  # a.txt, c.txt, convoy, depot (atom)
    depot = next(a for a in articles if a.name == "depot-strike")
    assert duplicates == [
        Duplicate(articles[0].id, str(tmp_path / "b.md"), str(tmp_path / "a.txt")),
        Duplicate(depot.id, server.url("/articles/depot-strike.html"), depot.location),
    ]


def test_iter_sources_rejects_a_bare_string() -> None:
    with pytest.raises(TypeError):
        list(iter_sources("data/articles"))  # type: ignore[arg-type]


# --- sources file ------------------------------------------------------------------------------

def test_load_sources_file(tmp_path: Path) -> None:
    path = tmp_path / "cfg" / "sources.toml"
    path.parent.mkdir()
    path.write_text(
        '[[source]]\nlocation = "../articles"\nname = "local"\n\n'
        '[[source]]\nlocation = "https://news.example.invalid/rss.xml?token=abc"\n\n'
        '[[source]]\nlocation = "/srv/old"\nenabled = false\n\n'
        '[[source]]\nlocation = "/srv/news/today.jsonl"\nenabled = true\n',
        encoding="utf-8",
    )
    assert load_sources_file(path) == [
        str(tmp_path / "articles"),
        "https://news.example.invalid/rss.xml?token=abc",
        "/srv/news/today.jsonl",
    ]


def test_example_sources_file_is_valid() -> None:
    example = Path(__file__).parents[2] / "config" / "sources.example.toml"
    locations = load_sources_file(example)
    assert locations and all(isinstance(loc, str) for loc in locations)


@pytest.mark.parametrize(
    ("content", "message"),
    [
        ('[[source]]\nlocation = "a"\nenable = false\n', "unknown keys ['enable']"),
        ('[[source]]\nname = "no location"\n', "'location' must be a non-empty string"),
        ('[[source]]\nlocation = ""\n', "'location' must be a non-empty string"),
        ('[[source]]\nlocation = "a"\nenabled = "no"\n', "'enabled' must be true or false"),
        ('[[source]]\nlocation = "a"\nname = 3\n', "'name' must be a string"),
        ('source = "a"\n', "array of tables"),
        ('[sources]\nlocation = "a"\n', "unknown top-level keys"),
        ("[[source]\nlocation = 'a'\n", "invalid TOML"),
    ],
)
def test_bad_sources_files(tmp_path: Path, content: str, message: str) -> None:
    path = tmp_path / "sources.toml"
    path.write_text(content, encoding="utf-8")
    with pytest.raises(SourcesFileError, match=message.replace("[", r"\[").replace("]", r"\]")):
        load_sources_file(path)


def test_missing_sources_file(tmp_path: Path) -> None:
    with pytest.raises(SourcesFileError, match="no such sources file"):
        load_sources_file(tmp_path / "nope.toml")


def test_public_api() -> None:
    for name in ingestion.__all__:
        assert hasattr(ingestion, name), name
    assert ARTICLES  # conftest content is shared
