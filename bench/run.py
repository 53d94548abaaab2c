"""Benchmarks of the pipeline: one JSON line per figure on stdout, progress on stderr.

    .venv/bin/python -m bench.run [--sizes 1000,10000,100000] [--quick] [--skip e2e,quantulum3,...]

Figures (BENCHMARKS.md has the results and the machine they ran on):

* ``synth_write_articles_per_s``: writing the synthetic corpus (pipelines.synth) for each size.
* ``extract_mb_per_s``: the extractor on one core over >= 10 MB of text (UTF-8 bytes): synthetic
  articles, and the dev corpus articles repeated to >= 10 MB when ../shared/corpus/dev/articles exists.
  Three passes: the value is the fastest, ``median_mb_per_s`` the median (the machine may be shared).
* ``quantulum3_mb_per_s`` on a sample of the same text (it is far slower, so a smaller sample, one pass),
  and ``extract_vs_quantulum3``: the extractor's median pass over quantulum3's MB/s.
* ``e2e_*`` for each size, each in a fresh process (bench.e2e): ingest, extract+validate on the worker
  pool, store into a fresh DuckDB file; articles/s per stage and peak RSS; cluster_claims and
  estimate_clusters on the stored claims when pipelines.aggregation has them.
* ``duckdb_claims_load_rows_per_s``: claim rows committed with writes.replace_claims into a fresh file.
* ``pandera_claims_validate``: ClaimSchema.validate on N claim rows.

``--quick`` is a smoke run (1 MB corpora, small samples, size 1000 only unless --sizes is given).
"""

from __future__ import annotations

import argparse
import hashlib
import json
import os
import platform
import shutil
import signal
import statistics
import subprocess
import sys
import tempfile
import time
import warnings
from pathlib import Path

import polars as pl

from pipelines.extraction import EXTRACTOR_VERSION, extract
from pipelines.store import PROJECT_ROOT
from pipelines.synth import iter_articles, write_corpus

DEV_ARTICLES = PROJECT_ROOT.parent / "shared" / "corpus" / "dev" / "articles"
FIGURES = ("synth", "extract", "quantulum3", "e2e", "load", "pandera")


def _log(message: str) -> None:
    print(f"[bench {time.strftime('%H:%M:%S')}] {message}", file=sys.stderr, flush=True)


def machine() -> dict:
    """What the figures ran on, and which extractor code."""
    cpu = "unknown"
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                cpu = line.split(":", 1)[1].strip()
                break
    except OSError:
        pass
    ram_gb = None
    try:
        for line in Path("/proc/meminfo").read_text().splitlines():
            if line.startswith("MemTotal:"):
                ram_gb = round(int(line.split()[1]) / 1024 / 1024, 1)
    except OSError:
        pass
    digest = hashlib.sha256()
    extraction = PROJECT_ROOT / "pipelines" / "extraction"
    for path in sorted([*extraction.glob("*.py"), *extraction.glob("data/*.toml")]):
        digest.update(path.read_bytes())
    import duckdb
    import pandera

    return {"nproc": os.cpu_count(), "cpu": cpu, "ram_gb": ram_gb, "python": platform.python_version(),
            "duckdb": duckdb.__version__, "polars": pl.__version__, "pandera": pandera.__version__,
            "extractor_version": EXTRACTOR_VERSION, "extractor_sha": digest.hexdigest()[:12]}


class Emitter:
    def __init__(self, machine_info: dict, command: str):
        self.machine = machine_info
        self.command = command

    def __call__(self, figure: str, value: float, unit: str, **fields) -> None:
        row = {"figure": figure, "value": round(value, 4) if isinstance(value, float) else value, "unit": unit}
        row.update({k: (round(v, 4) if isinstance(v, float) else v) for k, v in fields.items()})
        row["load1"] = round(os.getloadavg()[0], 2)  # other work on the machine slows every figure
        row["command"] = self.command
        row["machine"] = self.machine
        print(json.dumps(row), flush=True)


def synthetic_texts(min_mb: float, seed: int = 101) -> list[str]:
    texts, size = [], 0
    for _, text, _ in iter_articles(10**9, seed=seed):
        texts.append(text)
        size += len(text.encode("utf-8"))
        if size >= min_mb * 1e6:
            return texts
    return texts


def dev_texts(min_mb: float) -> tuple[list[str], int] | None:
    if not DEV_ARTICLES.is_dir():
        return None
    base = [p.read_text(encoding="utf-8") for p in sorted(DEV_ARTICLES.glob("*.txt"))]
    if not base:
        return None
    size = sum(len(t.encode("utf-8")) for t in base)
    repeats = max(1, int(-(-min_mb * 1e6 // size)))
    return base * repeats, repeats


def time_extract(texts: list[str], passes: int) -> tuple[float, list[float], list[float], int]:
    """(MB, wall seconds of each pass, CPU seconds of each pass, claims) for the extractor over texts,
    in this process (one core). Each pass reads every text afresh: the extractor keeps no memo across articles."""
    extract(texts[0])  # lexicon and patterns loaded outside the timing
    mb = sum(len(t.encode("utf-8")) for t in texts) / 1e6
    walls, cpus = [], []
    for _ in range(passes):
        started, cpu = time.perf_counter(), time.process_time()
        claims = 0
        for text in texts:
            claims += len(extract(text))
        walls.append(time.perf_counter() - started)
        cpus.append(time.process_time() - cpu)
    return mb, walls, cpus, claims


def time_quantulum3(texts: list[str], sample_mb: float) -> tuple[float, float, float, int] | None:
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            from quantulum3 import parser
    except ImportError:
        return None
    sample, size = [], 0
    for text in texts:
        if size >= sample_mb * 1e6:
            break
        sample.append(text)
        size += len(text.encode("utf-8"))
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        parser.parse("Warm-up: 12 soldiers and 3 km.")
        started, cpu = time.perf_counter(), time.process_time()
        quantities = sum(len(parser.parse(text)) for text in sample)
        seconds, cpu_s = time.perf_counter() - started, time.process_time() - cpu
    return size / 1e6, seconds, cpu_s, quantities


def bench_extract(emit: Emitter, quick: bool, skip_quantulum: bool) -> None:
    target = 1.0 if quick else 10.0
    passes = 1 if quick else 3
    sample = 0.03 if quick else 0.25
    corpora = [("synthetic", synthetic_texts(target), None)]
    dev = dev_texts(target)
    if dev is not None:
        corpora.append(("dev_repeated", dev[0], dev[1]))
    else:
        _log(f"no {DEV_ARTICLES}: dev figure skipped")
    for name, texts, repeats in corpora:
        _log(f"extractor, one core, {name} ...")
        mb, walls, cpus, claims = time_extract(texts, passes)
        # The machine is shared: the fastest pass is the extractor's own speed, the median what a busy machine gives.
        seconds, median = min(walls), statistics.median(walls)
        rate = mb / seconds
        extra = {"repeats": repeats} if repeats else {}
        emit("extract_mb_per_s", rate, "MB/s", corpus=name, corpus_mb=mb, articles=len(texts), seconds=seconds,
             passes=passes, median_mb_per_s=mb / median, cpu_s=min(cpus), mb_per_cpu_s=mb / min(cpus), claims=claims,
             claims_per_s=claims / seconds, cores=1, **extra)
        if skip_quantulum:
            continue
        _log(f"quantulum3 on {sample} MB of {name} ...")
        q = time_quantulum3(texts, sample)
        if q is None:
            _log("quantulum3 is not installed (pip install quantulum3==0.10.0): skipped")
            continue
        q_mb, q_seconds, q_cpu_s, quantities = q
        q_rate = q_mb / q_seconds
        emit("quantulum3_mb_per_s", q_rate, "MB/s", corpus=name, corpus_mb=q_mb, seconds=q_seconds, cpu_s=q_cpu_s,
             mb_per_cpu_s=q_mb / q_cpu_s, quantities=quantities, cores=1)
        # quantulum3 runs once: it is set against the extractor's median pass, not its fastest.
        emit("extract_vs_quantulum3", (mb / median) / q_rate, "x", corpus=name, extract_mb_per_s=mb / median,
             quantulum3_mb_per_s=q_rate, cpu_ratio=(mb / statistics.median(cpus)) / (q_mb / q_cpu_s))


def synthetic_claim_rows(n: int) -> pl.DataFrame:
    """n valid claim rows (ClaimSchema columns): real extractions of synthetic articles, repeated with new ids."""
    from pipelines.steps import extract_articles, short_hash

    texts = synthetic_texts(0.5, seed=202)
    articles = pl.DataFrame({"article_id": [short_hash("bench", i) for i in range(len(texts))],
                             "name": [f"a{i}" for i in range(len(texts))], "text": texts})
    base = extract_articles(articles).claims
    frame = base.select(pl.all().gather(pl.int_range(n) % base.height))
    copies = [i // base.height for i in range(n)]
    return frame.with_columns(
        pl.Series("claim_id", [hashlib.blake2b(b"c%d" % i, digest_size=8).hexdigest() for i in range(n)]),
        pl.Series("article_id", [hashlib.blake2b(f"{a}{c}".encode(), digest_size=8).hexdigest()
                                 for a, c in zip(frame["article_id"].to_list(), copies)]),
    )


def bench_load(emit: Emitter, quick: bool, work: Path) -> None:
    from pipelines.store import connect, writes

    n = 20_000 if quick else 500_000
    batch = 50_000
    _log(f"DuckDB load of {n} claim rows ...")
    rows = synthetic_claim_rows(n)
    db = work / "load.duckdb"
    if db.exists():
        db.unlink()
    with connect(db) as con:
        seconds = 0.0
        for offset in range(0, rows.height, batch):
            part = rows.slice(offset, batch)
            extractions = (part.group_by("article_id").len().rename({"len": "n_claims"})
                           .with_columns(pl.col("n_claims").cast(pl.Int32), pl.lit(0, pl.Int32).alias("n_rejected"),
                                         pl.lit(EXTRACTOR_VERSION).alias("extractor_version"),
                                         pl.lit(part["extracted_at"][0]).alias("extracted_at"),
                                         pl.lit(None, pl.String).alias("run_id")))
            started = time.perf_counter()
            writes.replace_claims(con, extractions, part, pl.DataFrame())
            seconds += time.perf_counter() - started
        stored = con.execute("SELECT count(*) FROM claims").fetchone()[0]
    emit("duckdb_claims_load_rows_per_s", stored / seconds, "rows/s", rows=stored, seconds=seconds, batch_rows=batch,
         via="writes.replace_claims into a fresh file (primary key on claim_id)")


def bench_pandera(emit: Emitter, quick: bool) -> None:
    from schemas import ClaimSchema

    sizes = [10_000, 100_000] if quick else [10_000, 100_000, 1_000_000]
    rows = synthetic_claim_rows(max(sizes))
    ClaimSchema.validate(rows.head(100), lazy=True)  # warm-up
    for n in sizes:
        part = rows.head(n)
        started = time.perf_counter()
        ClaimSchema.validate(part, lazy=True)
        seconds = time.perf_counter() - started
        emit("pandera_claims_validate", seconds, "s", rows=n, rows_per_s=n / seconds)


def _emit_e2e(emit: Emitter, r: dict, workers: int, **extra) -> None:
    """The end-to-end figures of one bench.e2e result (or of its "stored" progress line)."""
    common = {"articles": r["articles"], "corpus_mb": r["corpus_mb"], "claims": r["claims"], "workers": workers, **extra}
    emit("e2e_articles_per_s", r["articles"] / r["end_to_end_s"], "articles/s", seconds=r["end_to_end_s"],
         note="ingest + extract/validate + store; aggregation not included", **common)
    emit("e2e_ingest_articles_per_s", r["articles"] / r["ingest_s"], "articles/s", seconds=r["ingest_s"], **common)
    emit("e2e_store_articles_per_s", r["articles"] / r["store_articles_s"], "articles/s",
         seconds=r["store_articles_s"], **common)
    emit("e2e_extract_validate_articles_per_s", r["articles"] / r["extract_validate_s"], "articles/s",
         seconds=r["extract_validate_s"], worker_cpu_s=r["extract_worker_s"],
         mb_per_s=r["corpus_mb"] / r["extract_validate_s"], **common)
    emit("e2e_store_claims_rows_per_s", r["claims"] / r["store_claims_s"], "rows/s", seconds=r["store_claims_s"],
         **common)
    # ingest + extract + store: the sampled peak of the whole process tree (main process and workers)
    emit("e2e_peak_rss_mb", r["rss_after_extract_mb"], "MB", peak_after_ingest_mb=r["rss_after_ingest_mb"],
         main_peak_mb=r["peak_rss_main_mb"], largest_worker_peak_mb=r["peak_rss_worker_mb"],
         duckdb_mb=r["duckdb_mb_after_extract"], db_mb=r["db_mb"], **common)
    if "peak_rss_tree_mb" in r:
        emit("e2e_peak_rss_with_aggregation_mb", r["peak_rss_tree_mb"], "MB", **common)
    if "cluster_s" in r:
        emit("e2e_cluster_claims_s", r["cluster_s"], "s", clusters=r["clusters"], **common)
        emit("e2e_estimate_clusters_s", r["estimate_s"], "s", clusters=r["clusters"], **common)
    elif "aggregate" in r:
        _log(f"aggregation: {r['aggregate']}")


def _partial(emit: Emitter, n: int, err: str, timeout: float, workers: int) -> None:
    """Figures from the progress lines of an end-to-end run stopped at the time limit."""
    progress = [json.loads(line) for line in err.splitlines() if line.startswith('{"progress"')]
    _log(f"end to end on {n} articles stopped after the {timeout:.0f} s limit")
    stored = [p for p in progress if p["progress"] == "stored"]
    if stored:
        _log("the end-to-end stages finished; aggregation did not finish within the limit")
        _emit_e2e(emit, stored[-1], workers, aggregation=f"not finished within the {timeout:.0f} s limit")
        return
    if not progress:
        return
    last = progress[-1]
    ingest_done = max((p["elapsed_s"] for p in progress if p["progress"] == "ingest"), default=0.0)
    extracted = last["done"] if last["progress"] == "extract" else 0
    fields = {"articles": n, "workers": workers, "partial": True, "time_limit_s": timeout}
    emit("e2e_peak_rss_mb", max(p["peak_tree_rss_mb"] for p in progress), "MB",
         duckdb_mb=last["duckdb_mb"], at_elapsed_s=last["elapsed_s"], **fields)
    if extracted:
        rate = extracted / (last["elapsed_s"] - ingest_done)
        emit("e2e_extract_validate_articles_per_s", rate, "articles/s", extracted=extracted,
             seconds=last["elapsed_s"] - ingest_done, **fields)
        projected = ingest_done + n / rate
        emit("e2e_projected_s", projected, "s", note="ingest time + all articles at the extraction rate so far",
             **fields)


def bench_e2e(emit: Emitter, sizes: list[int], work: Path, workers: int, skip_synth_figure: bool,
              timeout: float | None = None) -> None:
    for n in sizes:
        corpus = work / f"synth_{n}"
        if corpus.exists():
            shutil.rmtree(corpus)
        _log(f"writing {n} synthetic articles ...")
        stats = write_corpus(corpus, n, seed=n)
        if not skip_synth_figure:
            emit("synth_write_articles_per_s", n / stats["seconds"], "articles/s", articles=n,
                 corpus_mb=stats["bytes"] / 1e6, claims=stats["claims"], seconds=stats["seconds"])
        _log(f"end to end on {n} articles, fresh process ...")
        db = work / f"e2e_{n}.duckdb"
        started = time.perf_counter()
        command = [sys.executable, "-m", "bench.e2e", "--corpus", str(corpus), "--db", str(db), "--workers", str(workers),
                   "--aggregate"]
        # its own process group, so a time limit stops its extraction workers too
        proc = subprocess.Popen(command, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, cwd=PROJECT_ROOT,
                                start_new_session=True)
        try:
            stdout, stderr = proc.communicate(timeout=timeout)
        except subprocess.TimeoutExpired:
            os.killpg(proc.pid, signal.SIGKILL)
            stdout, stderr = proc.communicate()
            _partial(emit, n, stderr, timeout, workers)
            shutil.rmtree(corpus, ignore_errors=True)
            db.unlink(missing_ok=True)
            continue
        wall = time.perf_counter() - started
        if proc.returncode != 0:
            _log(f"bench.e2e failed for {n}:\n{stderr[-3000:]}")
            continue
        r = json.loads(stdout.strip().splitlines()[-1])
        _emit_e2e(emit, r, workers, process_wall_s=wall)
        shutil.rmtree(corpus, ignore_errors=True)
        db.unlink(missing_ok=True)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="bench.run", description="Benchmarks: one JSON line per figure.")
    parser.add_argument("--sizes", default=None, help="end-to-end corpus sizes, comma-separated (default 1000,10000)")
    parser.add_argument("--quick", action="store_true", help="small samples: a smoke run in about a minute")
    parser.add_argument("--skip", default="", help=f"figures to skip, comma-separated, of {','.join(FIGURES)}")
    parser.add_argument("--workers", type=int, default=os.cpu_count() or 1, help="extraction processes end to end")
    parser.add_argument("--e2e-timeout", type=float, default=None,
                        help="stop an end-to-end run after this many seconds and report what it reached")
    parser.add_argument("--work-dir", type=Path, default=None, help="where corpora and databases go (default: a temp dir)")
    args = parser.parse_args(argv)
    skip = {s.strip() for s in args.skip.split(",") if s.strip()}
    unknown = skip - set(FIGURES)
    if unknown:
        parser.error(f"unknown figures to skip: {sorted(unknown)}")
    sizes = [int(s) for s in args.sizes.split(",")] if args.sizes else ([1000] if args.quick else [1000, 10000])
    command = " ".join([".venv/bin/python -m bench.run", *(argv if argv is not None else sys.argv[1:])])
    emit = Emitter(machine(), command)
    work = args.work_dir or Path(tempfile.mkdtemp(prefix="claims-bench-"))
    work.mkdir(parents=True, exist_ok=True)
    started = time.perf_counter()
    try:
        if "extract" not in skip:
            bench_extract(emit, args.quick, "quantulum3" in skip)
        if "pandera" not in skip:
            bench_pandera(emit, args.quick)
        if "load" not in skip:
            bench_load(emit, args.quick, work)
        if "e2e" not in skip:
            bench_e2e(emit, sizes, work, args.workers, "synth" in skip, args.e2e_timeout)
    finally:
        if args.work_dir is None:
            shutil.rmtree(work, ignore_errors=True)
    _log(f"done in {time.perf_counter() - started:.0f} s")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
