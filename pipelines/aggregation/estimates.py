"""One estimate per cluster (low / best / high, consensus, conflict, independent sources), and rival estimates side by side.

How each column is computed is written in the package docstring (``pipelines/aggregation/__init__.py``).
"""

from __future__ import annotations

import math
import statistics
from collections import Counter
from collections.abc import Iterable
from datetime import date

import polars as pl

from pipelines.aggregation.clustering import ClaimInfo, ClusterConfig, claim_infos, sort_key
from pipelines.aggregation.frames import ESTIMATES_SCHEMA, conform_claims
from pipelines.aggregation.lexicon import (
    conservative_vague,
    fold,
    groups_compatible,
    lexicon,
    names_compatible,
)


def independent_sources(members: Iterable[ClaimInfo]) -> list[str]:
    """One key per independent source among the claims of a cluster, sorted.

    Claims with the same source key are one source, however many outlets carried them.
    A source that is itself an outlet or ``via`` of another claim in the cluster (it
    relayed that claim's source, e.g. "according to TASS" next to TASS carrying the
    defence ministry) is not independent: it folds into the source it relayed. Sources
    that relay each other in a circle count once, under the alphabetically first key.

    >>> from types import SimpleNamespace as C
    >>> independent_sources([C(source_key="russia:defence ministry", relays={"tass"}),
    ...                      C(source_key="tass", relays={"newsweek"}),
    ...                      C(source_key="ukraine:general staff", relays={"kyiv independent"})])
    ['russia:defence ministry', 'ukraine:general staff']
    """
    members = list(members)
    keys = sorted({m.source_key for m in members})
    edges: dict[str, set[str]] = {k: set() for k in keys}
    for m in members:
        for k in keys:
            if k != m.source_key and k in m.relays:
                edges[k].add(m.source_key)  # k relayed m's source
    reach: dict[str, set[str]] = {}
    for k in keys:
        seen, todo = set(), list(edges[k])
        while todo:
            j = todo.pop()
            if j not in seen:
                seen.add(j)
                todo.extend(edges[j])
        reach[k] = seen
    reps = set()
    for k in keys:
        if all(k in reach[j] for j in reach[k]):  # k is in a terminal group: it relays nobody outside it
            reps.add(min({k} | {j for j in reach[k] if k in reach[j]}))
    return sorted(reps)


def _most_specific(values: Iterable[str | None], generic: frozenset[str] = frozenset()) -> str | None:
    """The value with most words (non-generic first), then the most frequent, then alphabetical."""
    counts = Counter(v for v in values if v is not None)
    if not counts:
        return None
    return min(counts, key=lambda v: (v in generic, -len(v.split()), -counts[v], v))


def _round(x: float) -> int:
    return math.floor(x + 0.5)


def _conservative_of(m: ClaimInfo) -> int | None:
    lo, hi = m.stated
    if m.hedge == "vague":
        figure = conservative_vague(m.text)
        return figure if figure is not None else lo
    if m.hedge in ("exact", "approximate") or (m.hedge is None and lo is not None and lo == hi):
        return None if m.point is None else _round(m.point)
    if m.hedge in ("lower_bound", "range"):
        return lo
    if m.hedge == "upper_bound" and fold(m.qualifier) in lexicon().near_upper:
        return hi
    return lo


def estimate_of(cluster_id: str, members: list[ClaimInfo]) -> dict:
    """The estimate row of one cluster (members in processing order)."""
    first = members[0]
    lows = [m.stated[0] for m in members if m.stated[0] is not None]
    highs = [m.stated[1] for m in members if m.stated[1] is not None]
    points = [m.point for m in members if m.point is not None]
    cl = max(lows) if lows else None
    ch = min(highs) if highs else None
    conflict = cl is not None and ch is not None and cl > ch
    figures = [*lows, *highs, *points]
    low = best = high = None
    if figures:
        if conflict:
            low, high = math.floor(min(figures)), math.ceil(max(figures))
        else:
            low = cl if cl is not None else math.floor(min(figures))
            high = ch if ch is not None else math.ceil(max(figures))
        if points:
            best = min(max(_round(statistics.median(points)), low), high)
    figures_c = [c for c in (_conservative_of(m) for m in members) if c is not None]
    conservative = None
    if figures_c:
        # agreeing claims: the largest lowest-credible figure, but never above the consensus low
        conservative = min(figures_c) if conflict else max(figures_c) if cl is None else min(max(figures_c), cl)
    dates = [m.date for m in members if m.date is not None]
    sources = independent_sources(members)
    return {
        "cluster_id": cluster_id,
        "category": first.category,
        "scope": first.scope,
        "counted": _most_specific((m.group for m in members), lexicon().generic_groups),
        "affiliation": _most_specific(m.affiliation for m in members),
        "unit": _most_specific(m.unit for m in members),
        "location": _most_specific(m.location for m in members),
        "side": first.side,
        "low": low,
        "best": best,
        "high": high,
        "consensus_low": None if conflict else cl,
        "consensus_high": None if conflict else ch,
        "conflict": conflict,
        "spread": high - low if conflict else None,
        "conservative": conservative,
        "n_claims": len(members),
        "n_sources": len(sources),
        "sources": sources,
        "outlets": sorted({o for m in members for o in m.outlets}),
        "first_reported": min(dates) if dates else None,
        "last_reported": max(dates) if dates else None,
        "claim_ids": [m.claim_id for m in members],
    }


def estimate_clusters(claims: pl.DataFrame, clusters: pl.DataFrame, config: ClusterConfig = ClusterConfig()) -> pl.DataFrame:
    """One row per cluster of ``clusters`` (the output of ``cluster_claims`` on ``claims``).

    Claims missing from either frame are left out. Rows come in order of each
    cluster's first claim (report date, then claim_id).

    >>> from pipelines.aggregation.frames import claims_frame
    >>> from pipelines.aggregation.clustering import cluster_claims
    >>> df = claims_frame([
    ...   {"claim_id": "c1", "article_id": "a1", "value": 40, "high": 39, "hedge": "upper_bound", "qualifier": "almost",
    ...    "category": "killed", "counted": "soldiers", "scope": "incident", "location": "Varnesk"},
    ...   {"claim_id": "c2", "article_id": "a2", "value": 37, "low": 37, "hedge": "lower_bound", "qualifier": "at least",
    ...    "category": "killed", "counted": "troops", "scope": "incident", "location": "Varnesk"}])
    >>> est = estimate_clusters(df, cluster_claims(df))
    >>> est.select("low", "best", "high", "consensus_low", "consensus_high", "conflict", "n_sources").row(0)
    (37, 38, 39, 37, 39, False, 2)
    """
    df = conform_claims(claims)
    infos = {c.claim_id: c for c in claim_infos(df, config)}
    groups: dict[str, list[ClaimInfo]] = {}
    for claim_id, cluster_id, source_key, side in clusters.select("claim_id", "cluster_id", "source_key", "side").iter_rows():
        info = infos.get(claim_id)
        if info is None:
            continue
        info.source_key, info.side = source_key, side  # as clustering decided
        groups.setdefault(cluster_id, []).append(info)
    rows = []
    for cluster_id, members in groups.items():
        members.sort(key=sort_key)
        rows.append((sort_key(members[0]), estimate_of(cluster_id, members)))
    rows.sort(key=lambda r: r[0])
    return pl.DataFrame([r for _, r in rows], schema=ESTIMATES_SCHEMA)


RIVAL_SIDE_COLUMNS = (
    "side", "cluster_id", "low", "best", "high", "conservative", "conflict",
    "n_claims", "n_sources", "sources", "first_reported", "last_reported",
)


def _rival_schema() -> dict[str, pl.DataType]:
    schema: dict[str, pl.DataType] = {k: ESTIMATES_SCHEMA[k] for k in ("category", "scope", "counted", "affiliation", "unit", "location")}
    for suffix in ("a", "b"):
        for col in RIVAL_SIDE_COLUMNS:
            schema[f"{col}_{suffix}"] = ESTIMATES_SCHEMA[col]
    schema["best_ratio"] = pl.Float64()
    return schema


RIVALS_SCHEMA = _rival_schema()


def _same_event(a: dict, b: dict, window_days: int) -> bool:
    if a["category"] != b["category"] or a["scope"] != b["scope"]:
        return False
    if not groups_compatible(a["counted"], b["counted"]):
        return False
    if not all(names_compatible(a[k], b[k]) for k in ("affiliation", "unit", "location")):
        return False
    # Rivals' figures differ by nature, so only a named place or unit shows it is one event.
    if not any(a[k] and b[k] for k in ("unit", "location")):
        return False
    dates = (a["first_reported"], a["last_reported"], b["first_reported"], b["last_reported"])
    if None not in dates:
        gap = (max(a["first_reported"], b["first_reported"]) - min(a["last_reported"], b["last_reported"])).days
        if gap > window_days:
            return False
    return True


def _rival_row(a: dict, b: dict, generic: frozenset[str]) -> dict:
    x, y = (a, b) if (a["side"], a["cluster_id"]) <= (b["side"], b["cluster_id"]) else (b, a)
    row = {"category": x["category"], "scope": x["scope"]}
    row["counted"] = _most_specific([x["counted"], y["counted"]], generic)
    for k in ("affiliation", "unit", "location"):
        row[k] = _most_specific([x[k], y[k]])
    for suffix, est in (("a", x), ("b", y)):
        for col in RIVAL_SIDE_COLUMNS:
            row[f"{col}_{suffix}"] = est[col]
    bests = (x["best"], y["best"])
    row["best_ratio"] = max(bests) / min(bests) if None not in bests and min(bests) > 0 else None
    return row


def rival_claims(estimates: pl.DataFrame, config: ClusterConfig = ClusterConfig()) -> pl.DataFrame:
    """Estimates of the same event by opposing sides, side by side: one row per pair.

    Two estimates are rivals when their sides are both set and differ, and they are about
    the same event: same category and scope, compatible counted group, affiliation, unit
    and location (same test as clustering), both naming a place or both a unit, and reporting spans no more than
    ``config.window_days`` apart. Their numbers need not agree: that is the point.
    Side ``a`` is the alphabetically first side. ``best_ratio`` = larger best / smaller best.

    >>> rival_claims(pl.DataFrame(schema=ESTIMATES_SCHEMA)).height
    0
    """
    generic = lexicon().generic_groups
    groups: dict[tuple, list[dict]] = {}
    for est in estimates.to_dicts():
        if est["side"] is not None:
            groups.setdefault((est["category"], est["scope"]), []).append(est)
    out = []
    for rows in groups.values():
        # dated estimates by first report, undated ones first: they meet everything
        rows.sort(key=lambda r: (r["first_reported"] is not None, r["first_reported"] or date.min, r["cluster_id"]))
        for i, a in enumerate(rows):
            for b in rows[i + 1 :]:
                if a["last_reported"] is not None and (b["first_reported"] - a["last_reported"]).days > config.window_days:
                    break  # too late, and every later b starts later still
                if a["side"] == b["side"] or not _same_event(a, b, config.window_days):
                    continue
                out.append(_rival_row(a, b, generic))
    out.sort(key=lambda r: (r["category"] or "", r["scope"] or "", r["side_a"], r["side_b"], r["cluster_id_a"], r["cluster_id_b"]))
    return pl.DataFrame(out, schema=RIVALS_SCHEMA)
