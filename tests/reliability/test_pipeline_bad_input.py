"""Promise: bad input never crashes a run and is never dropped silently.

One inbox holds every kind of bad file we could think of next to good articles; the whole graph is
materialized on it (in this process, so ingestion can be spied on). Each bad input must come back as
a `rejected` row with a reason, located at its own file (or file:line, file#item); the good articles,
the good lines of a half-broken JSONL file and the good item of a half-broken feed must be stored with
their claims. A few races (a file deleted after listing, deleted after stat, grown after stat) run
through the same graph with ingestion patched.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
import textwrap
from pathlib import Path

import duckdb
import pytest

import pipelines.ingestion.localfiles as localfiles
from tests.reliability.helpers import ROOT, failure_messages, materialize_graph

FIFTY_MB = 50 * 1024 * 1024

GOOD_TXT = ("Depot struck near Varnek\n\nAt least 12 soldiers were killed in a missile strike on the depot near "
            "Varnek on Tuesday, the regional governor said.\n")
GOOD_HTML = """<!DOCTYPE html><html><head><meta charset="utf-8"><title>Shelling hits Kesk market</title>
<style>body{font-family:serif}</style><script>window.analytics=[];</script></head>
<body><nav><a href="/">Home</a> | <a href="/world">World</a></nav>
<article><h1>Shelling hits Kesk market</h1>
<p>Seven civilians were wounded when shells struck the central market in Kesk on Saturday morning, the town's mayor said.</p>
<p>Emergency crews worked through the afternoon to clear the debris from the stalls and the adjoining bus stop.</p>
<p>The mayor said the market would stay closed until engineers had checked the roof of the main hall.</p>
</article><footer>Copyright The Northern Ledger</footer></body></html>
"""
JSONL_GOOD = [
    {"text": "Four soldiers were killed in the attack on Brill, the army said.", "title": "Attack on Brill"},
    {"text": "Nine civilians were wounded by shelling in Ostrava Nova on Monday.", "published": "2031-05-12"},
]
MIXED_SCRIPTS = ("Сводка: 12 военнослужащих погибли под Харьковом.\n"
                 "قتل 37 جنديا في الهجوم على القاعدة.\n"
                 "在袭击中有45名士兵死亡。\n"
                 "Twenty soldiers were wounded in the same attack, officials said.\n")


def build_inbox(folder: Path) -> dict[str, str]:
    """Write the inbox; return {bad input: the location prefix its rejected row must have}."""
    folder.mkdir()
    bad: dict[str, str] = {}

    def put(name: str, data: bytes | str) -> Path:
        path = folder / name
        path.write_bytes(data.encode("utf-8") if isinstance(data, str) else data)
        bad[name] = str(path)
        return path

    put("empty.txt", b"")
    put("blank.md", " \n\t\n\r\n")
    put("bom_only.txt", b"\xef\xbb\xbf")
    put("controls.txt", bytes(range(1, 9)) * 300)
    put("image.txt", b"\x89PNG\r\n\x1a\n" + bytes(range(256)) * 8)
    put("nul_bytes.txt", b"Two soldiers were killed.\x00\x00\x00Three more were wounded.\n")
    put("bad_utf16.txt", b"\xff\xfe" + b"a\x00b")
    with open(folder / "huge.txt", "wb") as f:  # sparse: 50 MB by its size, no disk used
        f.truncate(FIFTY_MB)
    bad["huge.txt"] = str(folder / "huge.txt")
    put("scripts_only.html", "<html><head><style>p{color:red}</style><script>var x = 1;</script></head>"
                             "<body><script>track('view')</script><style>.x{}</style></body></html>")
    put("broken.xml", '<?xml version="1.0"?><rss version="2.0"><channel><title>Wire</title>\n<<<>>>&&&</channel>')
    put("truncated.json", '{"text": "Five soldiers were')
    put("nested.json", "[" * 100_000 + "]" * 100_000)
    put("empty_list.json", "[]")
    put("number_text.json", '{"text": 42, "title": "not a string"}')
    put("blank_text.json", '{"text": "   \\n  "}')
    put("frontmatter_only.md", "---\ntitle: Nothing below\nauthor: Jane Roe\n---\n\n")
    os.symlink("/dev/zero", folder / "device.txt")
    bad["device.txt"] = str(folder / "device.txt")
    os.symlink(folder / "no-such-target.txt", folder / "dangling.txt")
    bad["dangling.txt"] = str(folder / "dangling.txt")
    os.mkfifo(folder / "pipe.txt")  # opening it would block the run forever
    bad["pipe.txt"] = str(folder / "pipe.txt")

    # Half-broken files: the broken parts are rejected at their line/item, the good parts kept.
    lines = [json.dumps(JSONL_GOOD[0]), '{"text": "cut off in the mid', "[1, 2, 3]", '{"title": "no text field"}',
             "", json.dumps(JSONL_GOOD[1])]
    (folder / "wire.jsonl").write_text("\n".join(lines) + "\n")
    bad["wire.jsonl line 2 (broken JSON)"] = f"{folder / 'wire.jsonl'}:2"
    bad["wire.jsonl line 3 (not an object)"] = f"{folder / 'wire.jsonl'}:3"
    bad["wire.jsonl line 4 (no text)"] = f"{folder / 'wire.jsonl'}:4"
    (folder / "half.rss").write_text(
        '<rss version="2.0"><channel><title>Wire</title><item><title>Brill</title><description>Five soldiers were '
        'killed in Brill on Sunday, the army said.</description></item><item><title>B</title></it')
    bad["half.rss item 2 (cut off)"] = f"{folder / 'half.rss'}#item2"

    # Good and hostile-but-valid input: stored, never rejected.
    (folder / "good.txt").write_text(GOOD_TXT)
    (folder / "good.html").write_text(GOOD_HTML)
    (folder / "mixed_scripts.txt").write_text(MIXED_SCRIPTS)
    (folder / "cp1251.txt").write_bytes("Загинули троє військових під час обстрілу.\n".encode("cp1251"))
    return bad


def query(db: Path, sql: str, params=None) -> list[tuple]:
    con = duckdb.connect(str(db), read_only=True)
    try:
        return con.execute(sql, params or []).fetchall()
    finally:
        con.close()


def test_every_bad_input_is_rejected_with_a_reason_and_good_input_is_stored(tmp_path, tmp_db, monkeypatch):
    inbox = tmp_path / "inbox"
    bad = build_inbox(inbox)
    read = []
    real_read_capped = localfiles.read_capped

    def spy(path, max_bytes):
        read.append(Path(path).name)
        return real_read_capped(path, max_bytes)

    monkeypatch.setattr(localfiles, "read_capped", spy)
    result = materialize_graph(tmp_db, [inbox])
    assert result.success, failure_messages(result)

    rejected = query(tmp_db, "SELECT location, stage, reason FROM rejected")
    for what, location in bad.items():
        rows = [r for r in rejected if r[0] == location]
        assert rows, f"{what}: no rejected row at {location}; rejected rows: {rejected}"
        assert all(r[2] and r[2].strip() for r in rows), f"{what}: empty reason {rows}"
    assert len(rejected) == len(bad), "only the bad inputs are rejected"

    # Refused by its size, never read.
    (huge,) = [r for r in rejected if r[0].endswith("huge.txt")]
    assert str(FIFTY_MB) in huge[2] and "limit" in huge[2]
    assert "huge.txt" not in read
    assert "pipe.txt" not in read and "device.txt" not in read

    names = sorted(r[0] for r in query(tmp_db, "SELECT name FROM articles"))
    assert names == ["cp1251", "good", "good", "item1", "mixed_scripts", "wire-1", "wire-6"], names  # .txt and .html
    articles = dict(query(tmp_db, "SELECT name, text FROM articles WHERE name <> 'good'"))
    assert articles["mixed_scripts"] == MIXED_SCRIPTS
    assert articles["cp1251"].startswith("Загинули троє військових")
    claims = set(query(tmp_db, "SELECT a.name, c.text, c.category FROM claims c JOIN articles a USING (article_id)"))
    assert {("good", "At least 12", "killed"), ("wire-1", "Four", "killed"), ("wire-6", "Nine", "wounded"),
            ("item1", "Five", "killed")} <= claims, claims
    html = query(tmp_db, "SELECT count(*) FROM article_locations WHERE location = ?", [str(inbox / "good.html")])
    assert html == [(1,)]
    assert ("good", "Seven", "wounded") in claims

    # Nothing dropped silently: every file listed is an article location or a rejected row.
    seen = {r[0] for r in query(tmp_db, "SELECT location FROM article_locations")} | {r[0] for r in rejected}
    for path in inbox.iterdir():
        assert any(s == str(path) or s.startswith(f"{path}:") or s.startswith(f"{path}#") for s in seen), path


def _two_good_files(folder: Path) -> None:
    folder.mkdir()
    (folder / "a_good.txt").write_text(GOOD_TXT)
    (folder / "z_good.html").write_text(GOOD_HTML)


def _delete_after_listing(target: Path):
    real = localfiles.list_folder

    def list_then_delete(folder):
        listed = real(folder)
        target.unlink()
        return listed
    return "list_folder", list_then_delete


def _delete_before_reading(target: Path):
    real = localfiles.read_capped

    def delete_then_read(path, max_bytes):
        if Path(path) == target:
            target.unlink()
        return real(path, max_bytes)
    return "read_capped", delete_then_read


def _grow_before_reading(target: Path):
    real = localfiles.read_capped

    def grow_then_read(path, max_bytes):
        if Path(path) == target:
            with open(target, "a") as f:
                f.write("More lines arrive while we read. " * 1000)
        return real(path, max_bytes)
    return "read_capped", grow_then_read


# A file that changes under ingestion: (race, how it changes, the reason its rejected row must give, config)
RACES = [
    ("deleted between listing and reading", _delete_after_listing, "disappeared", {}),
    ("deleted between stat and open", _delete_before_reading, "disappeared", {}),
    ("grows past the limit after its size check", _grow_before_reading, "8192", {"max_bytes": 8192}),
]


@pytest.mark.parametrize("race, change, reason, config", RACES, ids=[r[0] for r in RACES])
def test_a_file_that_changes_under_ingestion_is_rejected(tmp_path, tmp_db, monkeypatch, race, change, reason, config):
    inbox = tmp_path / "inbox"
    _two_good_files(inbox)
    racing = inbox / "m_racing.txt"
    racing.write_text("Two soldiers were killed in Brill.\n")
    monkeypatch.setattr(localfiles, *change(racing))
    result = materialize_graph(tmp_db, [inbox], extra_config=config or None)
    assert result.success, failure_messages(result)
    rows = query(tmp_db, "SELECT location, reason FROM rejected")
    assert [r for r in rows if r[0] == str(racing) and reason in r[1]], rows
    assert {r[0] for r in query(tmp_db, "SELECT name FROM articles")} == {"a_good", "z_good"}


@pytest.mark.parametrize("digits", [20, 400])
def test_an_article_with_an_absurd_number_does_not_stop_the_run(tmp_path, tmp_db, digits):
    inbox = tmp_path / "inbox"
    _two_good_files(inbox)
    (inbox / "absurd.txt").write_text(f"Officials said {'9' * digits} soldiers were killed in the war.\n")
    result = materialize_graph(tmp_db, [inbox])
    assert result.success, failure_messages(result)
    claims = {r[0] for r in query(tmp_db, "SELECT text FROM claims")}
    assert {"At least 12", "Seven"} <= claims
    names = {r[0] for r in query(tmp_db, "SELECT a.name FROM extractions JOIN articles a USING (article_id)")}
    assert "absurd" in names  # read, its claim stored or rejected, never a crash


# Run in a child process so a hang can be cut off: read one file as ingestion does, extract its claims.
_INGEST_AND_EXTRACT = textwrap.dedent("""
    import sys, time
    from pipelines.extraction import extract
    from pipelines.ingestion import ArticleRecord, iter_source
    started = time.monotonic()
    kinds = []
    for item in iter_source(sys.argv[1]):
        kinds.append(type(item).__name__)
        if isinstance(item, ArticleRecord):
            extract(item.text)
    print(" ".join(kinds), f"{time.monotonic() - started:.1f}s")
""")


def test_a_single_5_mb_line_is_handled_in_bounded_time(tmp_path):
    path = tmp_path / "one_line.txt"
    words = ("the spokesman says the column moved along the river road and the men rested near the old mill "
             "while the drones circled overhead and the radio stayed silent ")
    path.write_text((words * (5 * 1024 * 1024 // len(words) + 1))[: 5 * 1024 * 1024])
    try:
        done = subprocess.run([sys.executable, "-c", _INGEST_AND_EXTRACT, str(path)], cwd=ROOT, capture_output=True,
                              text=True, timeout=12)
    except subprocess.TimeoutExpired:
        pytest.fail("reading and extracting a 5 MB single-line file took more than 12 s")
    assert done.returncode == 0, done.stderr[-2000:]
    assert done.stdout.split()[0] in ("ArticleRecord", "Rejection"), done.stdout
