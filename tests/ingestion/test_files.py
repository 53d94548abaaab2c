"""Local files and folders: formats, metadata, encodings, and every kind of bad input."""

from __future__ import annotations

import os
import time
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import pipelines.ingestion.localfiles as localfiles
from pipelines.ingestion import ArticleRecord, Limits, Rejection, Skipped, iter_source
from pipelines.ingestion.formats import SUFFIX_FORMATS

from .conftest import ARTICLES, CYRILLIC_PARAGRAPHS, article_html, cyrillic_html

DEPOT = ARTICLES["depot-strike"]
BODY = "Twelve soldiers were killed when the depot was struck, officials said.\n"


def one(source: str | Path, **kwargs) -> ArticleRecord | Rejection | Skipped:
    items = list(iter_source(source, **kwargs))
    assert len(items) == 1, items
    return items[0]


def write(path: Path, data: bytes | str) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(data.encode("utf-8") if isinstance(data, str) else data)
    return path


# --- plain text and markdown -------------------------------------------------------------------

@pytest.mark.parametrize(
    ("name", "content", "text", "title", "author", "published"),
    [
        ("plain.txt", "Depot struck near Varnek\n\n" + BODY, "Depot struck near Varnek\n\n" + BODY,
         "Depot struck near Varnek", None, None),
        # The project's own sample layout: title, `date` line, body. The date line is read, not removed.
        ("sample.txt", "Depot struck near Varnek\ndate 2023-04-01\n\n" + BODY,
         "Depot struck near Varnek\ndate 2023-04-01\n\n" + BODY, "Depot struck near Varnek", None, "2023-04-01"),
        ("byline.md", "# Depot struck\nBy Jane Roe • 01 April 2023\n\n" + BODY,
         "# Depot struck\nBy Jane Roe • 01 April 2023\n\n" + BODY, "Depot struck", "Jane Roe", "2023-04-01"),
        ("published.txt", "Published: 2023-04-01\nDepot struck\n" + BODY,
         "Published: 2023-04-01\nDepot struck\n" + BODY, "Depot struck", None, "2023-04-01"),
        # `Source:` attributes claims: it is content, neither read as the outlet nor removed.
        ("source.txt", "Source: Ministry of Defence\n" + BODY, "Source: Ministry of Defence\n" + BODY,
         "Source: Ministry of Defence", None, None),
        ("sentence.txt", BODY, BODY, None, None, None),  # first line ends with a period: no title
        ("long.txt", "x" * 250 + "\n" + BODY, "x" * 250 + "\n" + BODY, None, None, None),
        ("crlf.txt", "Depot struck\r\n\r\nTwelve killed.\r\n", "Depot struck\n\nTwelve killed.\n",
         "Depot struck", None, None),
        ("front.md", "---\ntitle: Depot struck near Varnek\ndate: 2023-04-01\nauthor: Jane Roe\n"
         "outlet: The Northern Ledger\n---\n" + BODY, BODY, "Depot struck near Varnek", "Jane Roe", "2023-04-01"),
        # A `---` block that is not metadata-only (an unknown key) is content and stays.
        ("rule.md", "---\nCasualties: 12 killed\n---\n" + BODY, "---\nCasualties: 12 killed\n---\n" + BODY,
         None, None, None),
        ("unclosed.md", "---\ntitle: x\n" + BODY, "---\ntitle: x\n" + BODY, None, None, None),
    ],
)
def test_text_files(tmp_path: Path, name: str, content: str, text: str, title, author, published) -> None:
    article = one(write(tmp_path / name, content))
    assert isinstance(article, ArticleRecord)
    assert article.text == text
    assert article.title == title
    assert article.author == author
    assert (article.published.isoformat() if article.published else None) == published
    assert article.name == Path(name).stem
    assert article.location == str(tmp_path / name)


def test_front_matter_outlet_and_url(tmp_path: Path) -> None:
    path = write(tmp_path / "a.md", "---\noutlet: The Northern Ledger\nurl: https://ex.org/a?token=T0P\n---\n" + BODY)
    article = one(path)
    assert article.outlet == "The Northern Ledger"
    assert article.url == "https://ex.org/a?token=REDACTED"


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(text=st.text(alphabet=st.characters(blacklist_categories=("Cs",), blacklist_characters="\x00\ufeff"),
                    min_size=1, max_size=400))
def test_text_never_loses_content(tmp_path: Path, text: str) -> None:
    path = tmp_path / "prop.txt"
    path.write_bytes(text.encode("utf-8"))
    result = one(path)
    if isinstance(result, ArticleRecord) and not text.startswith("---\n"):
        assert result.text == text.replace("\r\n", "\n")


# --- encodings ---------------------------------------------------------------------------------

MIXED = "Varnek: 12 killed.\nВарнек: 12 загинули.\nفارنك: قتل 12.\n瓦尔内克：12人死亡。\nΒάρνεκ: 12 νεκροί 🕊\n"


@pytest.mark.parametrize(
    ("name", "text", "encoding"),
    [
        ("cp1251.txt", "\n".join(CYRILLIC_PARAGRAPHS), "cp1251"),
        ("utf16.txt", "\n".join(CYRILLIC_PARAGRAPHS), "utf-16"),
        ("utf8bom.md", "\n".join(CYRILLIC_PARAGRAPHS), "utf-8-sig"),
        ("latin1.txt", "Le maire a déclaré que douze soldats ont été tués à l'aube près de Varnek.\n", "latin-1"),
        ("mixed.txt", MIXED, "utf-8"),
    ],
)
def test_encodings(tmp_path: Path, name: str, text: str, encoding: str) -> None:
    article = one(write(tmp_path / name, text.encode(encoding)))
    assert isinstance(article, ArticleRecord)
    assert article.text == text


def test_cp1251_html_file_with_meta_charset(tmp_path: Path) -> None:
    article = one(write(tmp_path / "uk.html", cyrillic_html().encode("cp1251")))
    assert isinstance(article, ArticleRecord)
    assert CYRILLIC_PARAGRAPHS[0] in article.text
    assert article.title == "Обстріл Варнека"


# --- bad input ---------------------------------------------------------------------------------

@pytest.mark.parametrize(
    ("name", "data", "stage", "reason"),
    [
        ("empty.txt", b"", "decode", "empty"),
        ("blank.md", b"  \n\t\n", "decode", "empty"),
        ("empty.json", b"", "decode", "empty"),
        ("empty.rss", b"\n", "decode", "empty"),
        ("binary.txt", b"\x89PNG\r\n\x1a\n" + bytes(range(256)) * 4, "decode", "binary"),
        ("nul.md", b"Two soldiers were\x00 killed.", "decode", "NUL"),
        ("controls.txt", bytes(range(1, 9)) * 50, "decode", "control"),
        ("script.html", b"<html><head><script>var a = 1;</script><style>p {color: red}</style></head>"
                        b"<body><script>track()</script></body></html>", "parse", "no article text"),
        ("front-only.md", b"---\ntitle: Nothing else\n---\n", "parse", "no article text"),
        ("notes.pdf", b"%PDF-1.4", "ingest", "unsupported file type '.pdf'"),
        ("bad.json", b'{"text": "Two killed.",', "parse", "invalid JSON"),
        ("deep.json", b"[" * 200_000, "parse", "invalid JSON"),
        ("notext.json", b'{"title": "Headline only"}', "parse", "'text'"),
        ("blanktext.json", b'{"text": "   "}', "parse", "empty"),
        ("scalar.json", b"42", "parse", "expected a JSON object"),
        ("notafeed.xml", b"<?xml version='1.0'?><catalog><book>Not news</book></catalog>", "parse",
         "not an RSS/Atom feed"),
        ("broken.rss", b"<?xml version='1.0'?><rss version='2.0'><channel><title>Bro", "parse",
         "malformed feed XML"),
        ("mismatched.atom", b"<feed xmlns='http://www.w3.org/2005/Atom'><title>x</feed></title>", "parse",
         "malformed feed XML"),
        ("binary.atom", bytes(range(256)) * 8, "parse", "feed"),
    ],
)
def test_bad_files_are_rejected(tmp_path: Path, name: str, data: bytes, stage: str, reason: str) -> None:
    rejection = one(write(tmp_path / name, data))
    assert isinstance(rejection, Rejection), rejection
    assert rejection.stage == stage
    assert reason in rejection.reason
    assert rejection.location == str(tmp_path / name)
    assert rejection.transient is False


def test_oversized_file_refused_by_stat_without_reading(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    path = tmp_path / "huge.txt"
    with open(path, "wb") as handle:
        handle.truncate(50 * 1024 * 1024)  # sparse: costs no disk, and no time
    monkeypatch.setattr(localfiles, "read_capped", lambda *a: pytest.fail("an oversized file was read"))
    started = time.monotonic()
    rejection = one(path)
    assert time.monotonic() - started < 1
    assert isinstance(rejection, Rejection)
    assert rejection.stage == "ingest"
    assert "52428800 bytes, over the 10485760 byte limit" in rejection.reason
    assert rejection.detail == {"bytes": 50 * 1024 * 1024}


def test_file_growing_past_cap_after_stat_is_refused(tmp_path: Path) -> None:
    path = write(tmp_path / "grows.txt", "x" * 100)
    assert isinstance(localfiles.read_capped(path, 50), Rejection)
    assert localfiles.read_capped(path, 100) == b"x" * 100


@pytest.mark.parametrize(("max_bytes", "accepted"), [(Limits().max_bytes, True), (1024 * 1024, False)])
def test_single_5mb_line(tmp_path: Path, max_bytes: int, accepted: bool) -> None:
    line = "Twelve soldiers were killed near Varnek, officials said; " * 90_000  # about 5 MB, no newline
    assert len(line) > 5_000_000
    path = write(tmp_path / "oneline.txt", line)
    result = one(path, limits=Limits(max_bytes=max_bytes))
    if accepted:
        assert isinstance(result, ArticleRecord)
        assert result.text == line
        assert result.title is None
    else:
        assert isinstance(result, Rejection) and "byte limit" in result.reason


def test_5mb_jsonl_line(tmp_path: Path) -> None:
    text = "Four soldiers were wounded near Kessel. " * 130_000
    path = write(tmp_path / "big.jsonl", '{"text": "%s"}\n{"text": "Short one."}\n' % text)
    items = list(iter_source(path))
    assert [type(i).__name__ for i in items] == ["ArticleRecord", "ArticleRecord"]
    assert items[0].text == text


def test_fifo_is_not_read(tmp_path: Path) -> None:
    fifo = tmp_path / "pipe.txt"
    os.mkfifo(fifo)
    rejection = one(fifo)
    assert isinstance(rejection, Rejection) and "not a regular file" in rejection.reason


# --- HTML --------------------------------------------------------------------------------------

def test_html_file_metadata(tmp_path: Path) -> None:
    article = one(write(tmp_path / "depot-strike.htm", article_html(DEPOT)))
    assert isinstance(article, ArticleRecord)
    assert article.title == DEPOT.title
    assert article.author == DEPOT.author
    assert article.published.isoformat() == DEPOT.date
    assert article.outlet == "The Northern Ledger"
    assert all(paragraph in article.text for paragraph in DEPOT.paragraphs)
    assert "All rights reserved" not in article.text  # boilerplate removed
    assert article.name == "depot-strike"


# --- JSON / JSONL ------------------------------------------------------------------------------

def test_json_object_fields(tmp_path: Path) -> None:
    path = write(tmp_path / "one.json", '{"text": "Two engineers were killed.\\r\\nFive wounded.", "title": "Bridge",'
                 ' "url": "https://ex.org/bridge", "published": "2023-04-02T10:00:00+03:00",'
                 ' "outlet": "The Northern Ledger", "author": "Tomas Vell", "extra": [1, 2]}')
    article = one(path)
    assert article == ArticleRecord(
        text="Two engineers were killed.\nFive wounded.", location=str(path), name="one", title="Bridge",
        outlet="The Northern Ledger", author="Tomas Vell", published=article.published, url="https://ex.org/bridge",
    )
    assert article.published.isoformat() == "2023-04-02"


def test_json_list_with_bad_item(tmp_path: Path) -> None:
    path = write(tmp_path / "list.json", '[{"text": "First."}, {"title": "no text"}, {"text": "Third."}]')
    items = list(iter_source(path))
    assert [(type(i).__name__, i.location) for i in items] == [
        ("ArticleRecord", f"{path}[0]"), ("Rejection", f"{path}[1]"), ("ArticleRecord", f"{path}[2]")]
    assert [i.name for i in items if isinstance(i, ArticleRecord)] == ["list-1", "list-3"]


def test_jsonl_broken_line_in_the_middle(tmp_path: Path) -> None:
    lines = [
        '{"text": "Twelve soldiers were killed near Varnek.", "title": "Depot"}',
        '{"text": "Two engineers were killed at the Orlin bridge."}',
        '{"text": "Three drivers were killed", "title": ',  # broken
        "",
        '["not", "an", "object"]',
        '{"text": "Four soldiers were wounded near Kessel."}',
    ]
    path = write(tmp_path / "batch.jsonl", "\n".join(lines) + "\n")
    items = list(iter_source(path))
    summary = [(type(i).__name__, i.location) for i in items]
    assert summary == [
        ("ArticleRecord", f"{path}:1"),
        ("ArticleRecord", f"{path}:2"),
        ("Rejection", f"{path}:3"),
        ("Rejection", f"{path}:5"),
        ("ArticleRecord", f"{path}:6"),
    ]
    assert "invalid JSON" in items[2].reason
    assert items[-1].text == "Four soldiers were wounded near Kessel."


# --- folders -----------------------------------------------------------------------------------

def test_folder_recursive_sorted_supported_only(tmp_path: Path) -> None:
    write(tmp_path / "b.txt", "Bee article.\n" + BODY)
    write(tmp_path / "a" / "z.md", "Zed article.\n" + BODY)
    write(tmp_path / "a" / "deeper" / "c.json", '{"text": "Cee article. ' + BODY.strip() + '"}')
    write(tmp_path / "A.TXT", "Upper-case suffix.\n" + BODY)
    write(tmp_path / "image.png", b"\x89PNG\x00")
    write(tmp_path / ".hidden.txt", "hidden\n")
    write(tmp_path / ".git" / "notes.txt", "hidden folder\n")
    locations = [item.location for item in iter_source(tmp_path)]
    assert locations == [str(tmp_path / p) for p in ("A.TXT", "a/deeper/c.json", "a/z.md", "b.txt")]


def test_file_deleted_between_listing_and_reading(tmp_path: Path) -> None:
    first = write(tmp_path / "1.txt", "First.\n" + BODY)
    second = write(tmp_path / "2.txt", "Second.\n" + BODY)
    items = iter_source(tmp_path)
    assert next(items).location == str(first)  # the folder has been listed by now
    second.unlink()
    rejection = next(items)
    assert isinstance(rejection, Rejection)
    assert rejection.location == str(second)
    assert "disappeared" in rejection.reason
    assert list(items) == []


def test_file_deleted_after_stat_before_open(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    path = write(tmp_path / "gone.txt", BODY)
    original = localfiles.read_capped

    def delete_then_read(target: Path, max_bytes: int):
        target.unlink()
        return original(target, max_bytes)

    monkeypatch.setattr(localfiles, "read_capped", delete_then_read)
    rejection = one(path)
    assert isinstance(rejection, Rejection) and "disappeared" in rejection.reason


def test_listed_file_missing(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    real = write(tmp_path / "real.txt", "Real.\n" + BODY)
    ghost = tmp_path / "ghost.txt"
    monkeypatch.setattr(localfiles, "list_folder", lambda folder: ([ghost, real], []))
    items = list(iter_source(tmp_path))
    assert isinstance(items[0], Rejection) and items[0].location == str(ghost)
    assert "disappeared" in items[0].reason
    assert isinstance(items[1], ArticleRecord)


@pytest.mark.skipif(os.geteuid() == 0, reason="root can read anything")
def test_unreadable_file(tmp_path: Path) -> None:
    path = write(tmp_path / "locked.txt", BODY)
    path.chmod(0)
    rejection = one(path)
    assert isinstance(rejection, Rejection) and "cannot read" in rejection.reason


# --- robustness --------------------------------------------------------------------------------

@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(data=st.binary(max_size=600), suffix=st.sampled_from(sorted(SUFFIX_FORMATS)))
def test_arbitrary_bytes_never_raise(tmp_path: Path, data: bytes, suffix: str) -> None:
    path = tmp_path / f"fuzz{suffix}"
    path.write_bytes(data)
    for item in iter_source(path, limits=Limits(retries=0, timeout_s=0.2)):
        assert isinstance(item, (ArticleRecord, Rejection, Skipped))
