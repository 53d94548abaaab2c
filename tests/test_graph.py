"""The whole graph through Dagster's materialize() on a temporary DuckDB file."""

import shutil

import duckdb

from pipelines.definitions import defs
from tests.conftest import SAMPLES, run_graph


def _run(db, sources):
    return run_graph(db, sources)


def _counts(db):
    con = duckdb.connect(str(db), read_only=True)
    try:
        return {t: con.execute(f"SELECT count(*) FROM {t}").fetchone()[0]
                for t in ("articles", "article_locations", "claims", "rejected", "extractions")}
    finally:
        con.close()


def test_definitions_load_with_descriptions_and_kinds():
    repo = defs.get_repository_def()
    graph = repo.asset_graph
    keys = {k.to_user_string() for k in graph.get_all_asset_keys()}
    assert {"articles", "claims", "rejected"} <= keys
    for key in graph.get_all_asset_keys():
        node = graph.get(key)
        assert node.description, f"{key} has no description"
        assert node.kinds, f"{key} has no kinds"
    assert len(list(repo.asset_checks_defs_by_key)) >= 3


def test_whole_graph_stores_samples_and_checks_pass(tmp_db):
    result = _run(tmp_db, [SAMPLES / "articles"])
    assert result.success
    assert all(c.passed for c in result.get_asset_check_evaluations())
    counts = _counts(tmp_db)
    assert counts["articles"] == len(list((SAMPLES / "articles").glob("*.txt")))
    assert counts["claims"] > 50
    assert counts["extractions"] == counts["articles"]


def test_three_runs_and_a_second_path_add_no_rows(tmp_db, tmp_path):
    copy = tmp_path / "elsewhere"
    shutil.copytree(SAMPLES / "articles", copy)
    _run(tmp_db, [SAMPLES / "articles"])
    first = _counts(tmp_db)
    _run(tmp_db, [SAMPLES / "articles"])
    _run(tmp_db, [SAMPLES / "articles", copy])
    again = _counts(tmp_db)
    assert {k: v for k, v in again.items() if k != "article_locations"} == {k: v for k, v in first.items() if k != "article_locations"}
    # The copies are the same articles, seen at one more place each.
    assert again["article_locations"] == 2 * first["article_locations"]


def test_bad_input_becomes_rejected_rows_and_the_run_succeeds(tmp_db, tmp_path):
    inbox = tmp_path / "inbox"
    inbox.mkdir()
    (inbox / "empty.txt").write_text("")
    (inbox / "binary.txt").write_bytes(b"\x00\x01\x02\xff" * 64)
    (inbox / "good.txt").write_text("Shelling kills 3\n\nThree civilians were killed in shelling of Orlov on Monday.\n")
    result = _run(tmp_db, [inbox])
    assert result.success
    con = duckdb.connect(str(tmp_db), read_only=True)
    try:
        locations = {r[0].rsplit("/", 1)[-1] for r in con.execute("SELECT location FROM rejected").fetchall()}
        claims = con.execute("SELECT text, category FROM claims").fetchall()
    finally:
        con.close()
    assert {"empty.txt", "binary.txt"} <= locations
    assert ("Three", "killed") in claims


def test_extraction_on_two_worker_processes_stores_what_one_process_does(tmp_path):
    one, two = tmp_path / "one.duckdb", tmp_path / "two.duckdb"
    assert run_graph(one, [SAMPLES / "articles"], extract_config={"workers": 1}).success
    assert run_graph(two, [SAMPLES / "articles"], extract_config={"batch_size": 3, "workers": 2}).success

    def stored(db):
        con = duckdb.connect(str(db), read_only=True)
        try:
            return con.execute("SELECT claim_id, text, category, source FROM claims ORDER BY claim_id").fetchall()
        finally:
            con.close()

    assert stored(one) == stored(two) and stored(one)
