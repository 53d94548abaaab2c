"""The synthetic corpus: deterministic, well-formed gold (CLAIMS.md), and readable by the extractor."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from pipelines.evaluation import load_corpus, score
from pipelines.extraction import extract
from pipelines.synth import iter_articles, main_args, write_corpus

GOLD_KEYS = ["article", "text", "occurrence", "value", "low", "high", "hedge", "qualifier", "category", "counted",
             "affiliation", "unit", "location", "source", "via", "scope"]
VAGUE_LOW = {"dozens": 24, "scores": 40, "hundreds": 200, "thousands": 2000, "tens of thousands": 20000,
             "several": 3, "a few": 2, "a handful": 3, "several hundred": 300, "a few hundred": 200,
             "several thousand": 3000, "many": None, "numerous": None}


def _files(root: Path) -> dict[str, bytes]:
    return {str(p.relative_to(root)): p.read_bytes() for p in sorted(root.rglob("*")) if p.is_file()}


@pytest.fixture(scope="module")
def corpus(tmp_path_factory) -> tuple[Path, dict]:
    out = tmp_path_factory.mktemp("synth")
    return out, write_corpus(out, 200, seed=7)


def test_same_seed_same_files(tmp_path):
    a, b, c = tmp_path / "a", tmp_path / "b", tmp_path / "c"
    write_corpus(a, 25, seed=3)
    write_corpus(b, 25, seed=3)
    write_corpus(c, 25, seed=4)
    assert _files(a) == _files(b)
    assert _files(a) != _files(c)
    assert len(_files(a)) == 26  # 25 articles and gold.jsonl


def test_gold_rows_locate_exactly(corpus):
    out, stats = corpus
    texts, gold, problems = load_corpus(out)
    assert problems == []
    assert len(texts) == stats["articles"] == 200
    assert sum(len(v) for v in gold.values()) == stats["claims"]
    for article, rows in gold.items():
        text = texts[article]
        for row in rows:
            # load_corpus found the `occurrence`-th occurrence; there are at least that many.
            assert text[row["start"]:row["end"]] == row["text"]
            found, position = 0, -1
            while (position := text.find(row["text"], position + 1)) >= 0 and position <= row["start"]:
                found += 1
            assert found == row["occurrence"]


def test_gold_follows_claims_md(corpus):
    out, _ = corpus
    hedges, categories, scopes = set(), set(), set()
    for line in (out / "gold.jsonl").read_text(encoding="utf-8").splitlines():
        row = json.loads(line)
        assert list(row) == GOLD_KEYS
        v, lo, hi, hedge, q = row["value"], row["low"], row["high"], row["hedge"], row["qualifier"]
        hedges.add(hedge)
        categories.add(row["category"])
        scopes.add(row["scope"])
        assert (row["scope"] is None) == (row["category"] == "strength")
        assert isinstance(row["via"], list) and row["counted"]
        if q is not None:
            assert q == q.lower() and q in row["text"].lower()
        if hedge == "exact":
            assert v == lo == hi and v is not None
        elif hedge == "lower_bound":
            assert hi is None and lo in (v, v + 1)
            assert lo == v + 1 if q in ("more than", "over", "upwards of", "in excess of", "just over") else lo == v
        elif hedge == "upper_bound":
            assert lo is None and hi in (v, v - 1)
            assert hi == v if q in ("up to", "as many as", "no more than", "at most") else hi == v - 1
        elif hedge == "approximate":
            assert v is not None and lo is None and hi is None
        elif hedge == "range":
            assert v is None and lo < hi
        else:
            assert hedge == "vague" and v is None and hi is None
            assert lo == VAGUE_LOW[row["text"].lower()]
    assert hedges == {"exact", "approximate", "lower_bound", "upper_bound", "range", "vague"}
    assert categories == {"killed", "wounded", "captured", "missing", "casualties", "strength"}
    assert scopes == {"incident", "daily", "period", "cumulative", None}


def test_lengths_density_sources_and_relays(corpus):
    out, stats = corpus
    rows = [json.loads(line) for line in (out / "gold.jsonl").read_text(encoding="utf-8").splitlines()]
    words = [len(p.read_text(encoding="utf-8").split()) for p in (out / "articles").glob("*.txt")]
    assert min(words) >= 200 and max(words) <= 4200  # the body is clipped to 200..4000 words; header lines on top
    assert 2 <= stats["claims"] / stats["words"] * 500 <= 8  # a few claims per 500 words
    assert any(r["source"] is None for r in rows) and any(r["source"] for r in rows)
    assert any(r["via"] for r in rows) and any(r["location"] for r in rows) and any(r["unit"] for r in rows)
    assert {r["affiliation"] for r in rows} >= {None, "foreign"}


def test_iter_articles_streams():
    articles = iter_articles(10**9, seed=1)  # a generator: nothing is built up front
    article_id, text, rows = next(articles)
    assert article_id == "synth_000000" and text and all(r["article"] == article_id for r in rows)


def test_main_args_writes_corpus(tmp_path, capsys):
    assert main_args([str(tmp_path / "c"), "-n", "3", "--seed", "2"]) == 0
    stats = json.loads(capsys.readouterr().out)
    assert stats["articles"] == 3 and len(list((tmp_path / "c" / "articles").glob("*.txt"))) == 3


def test_extractor_detects_synthetic_claims(tmp_path):
    write_corpus(tmp_path, 30, seed=0)
    texts, gold, problems = load_corpus(tmp_path)
    assert problems == []
    preds = {name: [c.as_dict() for c in extract(text)] for name, text in texts.items()}
    report = score(texts, gold, preds)
    print("\n".join(report.lines()))
    assert report.detection()[2] > 0.8
