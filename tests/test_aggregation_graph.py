"""Aggregation through the whole graph: one event reported through several outlets."""

import json

import duckdb

from tests.conftest import run_graph

# Our own articles: one strike, a ministry's figure relayed by two outlets, the other side's figure.
ARTICLES = [
    {"outlet": "Meridian News Agency", "published": "2024-03-02", "title": "Strike near Orlov",
     "text": "Strike near Orlov\n\nRussia's Defence Ministry said on Saturday that up to 120 Ukrainian soldiers were "
             "killed in a missile strike on a barracks near Orlov."},
    {"outlet": "Dorva Herald", "published": "2024-03-03", "title": "Ministry figure",
     "text": "Ministry figure\n\nMeridian News Agency, citing Russia's Defence Ministry, reported that as many as 120 "
             "Ukrainian soldiers were killed in the strike near Orlov."},
    {"outlet": "Kestrel Post", "published": "2024-03-04", "title": "Kyiv answers",
     "text": "Kyiv answers\n\nUkraine's General Staff said 14 Ukrainian soldiers were killed in the strike near Orlov."},
]


def test_relayed_figure_is_one_source_and_the_other_side_is_its_rival(tmp_path):
    source = tmp_path / "feed.jsonl"
    source.write_text("\n".join(json.dumps(a) for a in ARTICLES) + "\n", encoding="utf-8")
    db = tmp_path / "claims.duckdb"
    result = run_graph(db, [source])
    assert result.success
    assert all(c.passed for c in result.get_asset_check_evaluations())
    con = duckdb.connect(str(db), read_only=True)
    try:
        estimates = con.execute(
            "SELECT side, high, n_claims, n_sources, outlets FROM estimates WHERE category = 'killed' ORDER BY side").fetchall()
        rivals = con.execute("SELECT side_a, best_a, side_b, best_b FROM rival_claims").fetchall()
    finally:
        con.close()
    russia = [e for e in estimates if e[0] == "russia"]
    assert len(russia) == 1
    side, high, n_claims, n_sources, outlets = russia[0]
    assert (high, n_claims, n_sources) == (120, 2, 1)
    assert {"meridian news agency", "dorva herald"} <= {o.lower() for o in outlets}
    assert any(e[0] == "ukraine" and e[1] == 14 for e in estimates)
    assert rivals == [("russia", 120, "ukraine", 14)]


def test_the_dev_corpus_kharkiv_strike_is_one_source_carried_by_two_outlets(shared_dev, tmp_path):
    """The January 2024 Kharkiv strike: the Russian MoD's 'more than 90' figure, relayed by RT and sott.net."""
    rows = []
    for line in (shared_dev / "articles.jsonl").read_text(encoding="utf-8").splitlines():
        meta = json.loads(line)
        meta["text"] = (shared_dev / "articles" / f"{meta['id']}.txt").read_text(encoding="utf-8")
        rows.append(meta)
    source = tmp_path / "dev.jsonl"
    source.write_text("\n".join(json.dumps(r) for r in rows) + "\n", encoding="utf-8")
    db = tmp_path / "claims.duckdb"
    assert run_graph(db, [source]).success
    con = duckdb.connect(str(db), read_only=True)
    try:
        strike = con.execute("""SELECT n_claims, n_sources, sources, outlets FROM estimates
                                WHERE category = 'killed' AND location ILIKE 'kharkiv%' AND low = 91""").fetchall()
    finally:
        con.close()
    assert len(strike) == 1
    n_claims, n_sources, sources, outlets = strike[0]
    assert n_claims >= 2 and n_sources == 1
    assert len(outlets) >= 2
