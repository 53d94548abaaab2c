"""`claims`: run the pipeline, extract, query, evaluate, search and export.

Every command that touches the database takes --db PATH (default $CLAIMS_DB, then data/claims.duckdb).
"""

from __future__ import annotations

import argparse
import json
import os
import sys
import time
from pathlib import Path

SUPPORTED_TEXT = (".txt", ".md")


def _db_arg(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--db", help="DuckDB file (default: $CLAIMS_DB, then data/claims.duckdb)")


def _print_table(columns: list[str], rows: list[tuple], out=None, width: int = 48) -> None:
    out = out or sys.stdout
    def cell(v) -> str:
        s = "NULL" if v is None else str(v)
        return s if len(s) <= width else s[: width - 1] + "…"
    cells = [[cell(v) for v in row] for row in rows]
    widths = [max([len(c)] + [len(r[i]) for r in cells]) for i, c in enumerate(columns)]
    print("  ".join(c.ljust(w) for c, w in zip(columns, widths)), file=out)
    print("  ".join("-" * w for w in widths), file=out)
    for r in cells:
        print("  ".join(v.ljust(w) for v, w in zip(r, widths)), file=out)
    print(f"({len(rows)} row{'s' if len(rows) != 1 else ''})", file=out)


def cmd_run(args) -> int:
    import dagster as dg

    from pipelines.definitions import ASSETS, CHECKS
    from pipelines.defs.partitions import new_batch_key, source_batches
    from pipelines.defs.resources import ClaimsStore
    from pipelines.store import db_path

    db = db_path(args.db)
    run_config = {"ops": {"articles": {"config": {"sources": args.source or []}}}}
    if args.sources_file:
        run_config["ops"]["articles"]["config"]["sources_file"] = args.sources_file
    instance = dg.DagsterInstance.get() if _dagster_home() else dg.DagsterInstance.ephemeral()
    batch = args.batch or new_batch_key("cli")
    instance.add_dynamic_partitions(source_batches.name, [batch])
    started = time.monotonic()
    result = dg.materialize([*ASSETS, *CHECKS], resources={"store": ClaimsStore(path=str(db))},
                            run_config=run_config, instance=instance, partition_key=batch, raise_on_error=False)
    elapsed = time.monotonic() - started
    if not result.success:
        print(f"run failed after {elapsed:.1f} s; see the log above", file=sys.stderr)
        return 1
    _summary(db, result, elapsed)
    return 0


def _dagster_home() -> bool:
    return bool(os.environ.get("DAGSTER_HOME"))


def _summary(db: Path, result, elapsed: float) -> None:
    from pipelines.store import connect

    metadata = {e.asset_key.to_user_string(): {k: v.value for k, v in e.materialization.metadata.items()}
                for e in result.get_asset_materialization_events()}
    checks = result.get_asset_check_evaluations()
    with connect(db, read_only=True) as con:
        totals = {t: con.execute(f"SELECT count(*) FROM {t}").fetchone()[0] for t in ("articles", "claims", "rejected")}
        examples = con.execute("""
            SELECT text, hedge, low, high, category, counted, coalesce(source, '(article)') AS source,
                   array_to_string(via, ' > ') AS via
            FROM claims_detail ORDER BY published NULLS LAST, article_id, start LIMIT 8""").fetchall()
    art, cl = metadata.get("articles", {}), metadata.get("claims", {})
    print(f"\nrun {result.run_id} finished in {elapsed:.1f} s -> {db}")
    print(f"articles read {art.get('read', 0)} (new {art.get('new', 0)}), claims stored {cl.get('claims_stored', 0)}, "
          f"rows rejected {art.get('rejected', 0) + cl.get('claims_rejected', 0)} this run")
    print(f"database now holds {totals['articles']} articles, {totals['claims']} claims, {totals['rejected']} rejected rows")
    print(f"checks: {sum(c.passed for c in checks)}/{len(checks)} passed\n")
    _print_table(["text", "hedge", "low", "high", "category", "counted", "source", "via"], examples)


def _article_files(paths: list[str]) -> list[Path]:
    files = []
    for raw in paths:
        p = Path(raw)
        if p.is_dir():
            files += sorted(f for f in p.rglob("*") if f.is_file() and f.suffix.lower() in SUPPORTED_TEXT)
        else:
            files.append(p)
    return files


def cmd_extract(args) -> int:
    from pipelines.extraction import extract

    status = 0
    for path in _article_files(args.paths):
        try:
            text = path.read_text(encoding="utf-8")
        except (OSError, UnicodeDecodeError) as exc:
            print(f"claims extract: cannot read {path}: {exc}", file=sys.stderr)
            status = 1
            continue
        for claim in extract(text):
            row = {"article": path.stem, **claim.as_dict()}
            if not args.with_sentence:
                row.pop("sentence")
            print(json.dumps(row, ensure_ascii=False))
    return status


def cmd_sql(args) -> int:
    import duckdb

    from pipelines.store import StoreBusy, StoreError, connect, install_extension

    try:
        with connect(args.db, read_only=True, wait_s=args.wait) as con:
            install_extension(con, "fts")  # before file access is closed: queries may use the search index
            # Read-only is not enough: COPY TO and ATTACH could still write elsewhere.
            con.execute("SET enable_external_access = false")
            con.execute("SET lock_configuration = true")
            cursor = con.execute(args.query)
            if cursor.description is None:
                return 0
            columns = [d[0] for d in cursor.description]
            rows = cursor.fetchmany(args.limit + 1) if args.limit else cursor.fetchall()
    except (StoreBusy, StoreError) as exc:
        print(f"claims sql: {exc}", file=sys.stderr)
        return 2
    except duckdb.Error as exc:
        print(f"claims sql: {exc}", file=sys.stderr)
        return 1
    if args.format == "json":
        for row in rows[: args.limit or None]:
            print(json.dumps(dict(zip(columns, row)), ensure_ascii=False, default=str))
    else:
        _print_table(columns, rows[: args.limit or None], width=args.width)
        if args.limit and len(rows) > args.limit:
            print(f"(first {args.limit} rows shown; --limit 0 for all)")
    return 0


def cmd_search(args) -> int:
    from pipelines.store import StoreBusy, StoreError, connect
    from pipelines.store.search import has_index, search

    try:
        with connect(args.db, read_only=True, wait_s=args.wait) as con:
            if not has_index(con):
                print("claims search: the database has no search index yet: run `claims run` first", file=sys.stderr)
                return 2
            hits = search(con, args.query, args.limit)
    except (StoreBusy, StoreError) as exc:
        print(f"claims search: {exc}", file=sys.stderr)
        return 2
    _print_table(hits.columns, hits.rows(), width=args.width)
    return 0


def cmd_export(args) -> int:
    from pipelines.store import StoreBusy, StoreError, connect
    from pipelines.store.export import export_all

    try:
        with connect(args.db, read_only=True, wait_s=args.wait) as con:
            written = export_all(con, Path(args.out), args.format)
    except (StoreBusy, StoreError) as exc:
        print(f"claims export: {exc}", file=sys.stderr)
        return 2
    for name, rows in written.items():
        print(f"{name}.{args.format}: {rows} rows")
    return 0


def cmd_eval(args) -> int:
    from pipelines.evaluation import load_corpus, score
    from pipelines.extraction import extract

    texts, gold, problems = load_corpus(args.gold)
    for p in problems:
        print("gold problem:", p, file=sys.stderr)
    if not texts:
        print(f"claims eval: no articles/*.txt under {args.gold}", file=sys.stderr)
        return 2
    preds = {name: [c.as_dict() for c in extract(text)] for name, text in texts.items()}
    report = score(texts, gold, preds)
    if args.errors:
        for kind, article, text, category, detail in report.errors:
            print(f"{kind:8} {article}: {text!r} [{category}] {detail}")
    print("\n".join(report.lines()))
    return 0


def cmd_synth(args) -> int:
    from pipelines.synth import write_corpus

    if args.articles < 0:
        print("claims synth: --articles must be 0 or more", file=sys.stderr)
        return 2
    print(json.dumps(write_corpus(Path(args.out), args.articles, args.seed)))
    return 0


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="claims", description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    sub = parser.add_subparsers(dest="command", required=True)

    run = sub.add_parser("run", help="materialize every asset: ingest, extract, validate, store, aggregate")
    run.add_argument("--source", action="append", help="folder, file, page URL or feed URL (repeatable; default data/samples/articles)")
    run.add_argument("--sources-file", help="TOML file listing sources (see config/sources.example.toml)")
    run.add_argument("--batch", help="re-run this ingestion batch (partition key); default: a new batch")
    _db_arg(run)
    run.set_defaults(func=cmd_run)

    extract = sub.add_parser("extract", help="print the claims of article files as JSON lines")
    extract.add_argument("paths", nargs="+", help="article files, or folders of .txt/.md files")
    extract.add_argument("--with-sentence", action="store_true", help="include the sentence of each claim")
    extract.set_defaults(func=cmd_extract)

    sql = sub.add_parser("sql", help="run a query on a read-only connection and print a table")
    sql.add_argument("query")
    sql.add_argument("--format", choices=["table", "json"], default="table")
    sql.add_argument("--limit", type=int, default=200, help="rows to print (0 = all)")
    sql.add_argument("--width", type=int, default=48, help="widest column shown in a table")
    sql.add_argument("--wait", type=float, default=30.0, help="seconds to wait while another process writes")
    _db_arg(sql)
    sql.set_defaults(func=cmd_sql)

    search = sub.add_parser("search", help="full-text search of the articles, with their claims")
    search.add_argument("query", help='words to find, e.g. "Bakhmut strike"')
    search.add_argument("--limit", type=int, default=20)
    search.add_argument("--width", type=int, default=60, help="widest column shown")
    search.add_argument("--wait", type=float, default=30.0, help="seconds to wait while another process writes")
    _db_arg(search)
    search.set_defaults(func=cmd_search)

    export = sub.add_parser("export", help="write every table and view as Parquet or CSV files")
    export.add_argument("--format", choices=["parquet", "csv"], default="parquet")
    export.add_argument("--out", required=True, help="folder for the files")
    export.add_argument("--wait", type=float, default=30.0, help="seconds to wait while another process writes")
    _db_arg(export)
    export.set_defaults(func=cmd_export)

    synth = sub.add_parser("synth", help="write a deterministic synthetic corpus (articles/*.txt + gold.jsonl)")
    synth.add_argument("--articles", type=int, required=True, help="how many articles")
    synth.add_argument("--out", required=True, help="folder to write into")
    synth.add_argument("--seed", type=int, default=0, help="the same seed writes the same files")
    synth.set_defaults(func=cmd_synth)

    ev = sub.add_parser("eval", help="score the extractor on an annotated corpus (articles/*.txt + gold.jsonl)")
    ev.add_argument("--gold", required=True, help="corpus folder")
    ev.add_argument("--errors", action="store_true", help="list every miss, spurious claim and wrong field")
    ev.set_defaults(func=cmd_eval)
    return parser


def main(argv: list[str] | None = None) -> int:
    args = build_parser().parse_args(argv)
    try:
        return args.func(args)
    except BrokenPipeError:  # `claims extract ... | head`: the reader has had enough
        os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
        return 0


if __name__ == "__main__":
    sys.exit(main())
