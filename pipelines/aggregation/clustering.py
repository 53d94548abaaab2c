"""Greedy clustering of claims into "the same figure about the same thing, by one side".

The rules are spelled out for analysts in the package docstring (``pipelines/aggregation/__init__.py``).
"""

from __future__ import annotations

import hashlib
from collections import Counter
from dataclasses import dataclass, field
from datetime import date, timedelta

import polars as pl

from pipelines.aggregation.frames import (
    CLUSTERS_SCHEMA,
    compat_bounds,
    conform_claims,
    fmt_interval,
    overlap,
    point_of,
    stated_bounds,
)
from pipelines.aggregation.lexicon import (
    counted_group,
    groups_compatible,
    names_compatible,
    normalize_affiliation,
    normalize_place,
    normalize_source,
    side_of,
)

Interval = tuple[int | None, int | None]


@dataclass(frozen=True)
class ClusterConfig:
    """Thresholds of clustering. Every field is a number an analyst may want to change.

    window_days: claims join only if all of a cluster's report dates (published, else
        the ingestion date) lie within this many days of each other. Also the window
        within which ``rival_claims`` pairs estimates.
    approx_tolerance: an approximate figure ("about 500") is compatible with figures
        within this fraction of it (0.15 -> 425..575). Its *stated* figure stays 500, so
        two different approximate or exact figures that meet only through this band
        cluster but show ``conflict`` in the estimate.
    near_tolerance: the open side of a near bound ("almost 40", "just over 90") is closed
        at this fraction from its figure for compatibility ("almost 40" -> 34..39);
        other open bounds ("up to 250", "at least 37") stay open.
    distinctive_figure: two claims from unrelated sources that name neither the same
        place nor the same unit join only if their figure is at least this large: small
        figures ("4 killed") coincide too often to mean the same event.
    weight_numbers, weight_time, weight_source: how ``join_score`` weighs numeric
        agreement, closeness in time and a shared or relayed source (they sum to 1).
        The score only ranks the clusters a claim may join; it never lets an
        incompatible claim in.
    """

    window_days: int = 7
    approx_tolerance: float = 0.15
    near_tolerance: float = 0.15
    weight_numbers: float = 0.6
    weight_time: float = 0.2
    weight_source: float = 0.2
    distinctive_figure: int = 100


@dataclass
class ClaimInfo:
    """One claim with every field clustering compares, normalized."""

    claim_id: str
    article_id: str
    category: str | None
    scope: str | None
    group: str | None
    affiliation: str | None
    unit: str | None
    location: str | None
    source_key: str
    side: str | None
    relays: frozenset[str]  # normalized outlet and via entries
    outlets: tuple[str, ...]  # same, for display, in order met
    date: date | None
    stated: Interval
    compat: Interval
    point: float | None
    hedge: str | None
    qualifier: str | None
    text: str | None

    @property
    def numberless(self) -> bool:
        return self.compat == (None, None)


def source_key_of(source: str | None, outlet: str | None, article_id: str) -> tuple[str, bool]:
    """The independent-source key of a claim, and whether it is the article's own voice.

    A named source is normalized; with none, the claim is the outlet's own (its key is
    the normalized outlet), or, with no outlet either, the article's own (``article:<id>``).

    >>> source_key_of("Russia's Defense Ministry", "TASS", "a1"), source_key_of(None, "The Kyiv Independent", "a1")
    (('russia:defence ministry', False), ('kyiv independent', True))
    >>> source_key_of("  ", None, "a9")
    ('article:a9', True)
    """
    key = normalize_source(source)
    if key is not None:
        return key, False
    key = normalize_source(outlet)
    return (key if key is not None else f"article:{article_id}"), True


def claim_infos(df: pl.DataFrame, config: ClusterConfig) -> list[ClaimInfo]:
    """Normalize a conformed claims frame (see ``conform_claims``) into ``ClaimInfo`` records."""
    out: list[ClaimInfo] = []
    for r in df.iter_rows(named=True):
        key, own_voice = source_key_of(r["source"], r["outlet"], r["article_id"])
        names = [r["outlet"], *(r["via"] or [])]
        outlets = tuple(dict.fromkeys(k for k in (normalize_source(n) for n in names) if k is not None))
        stated = stated_bounds(r["hedge"], r["value"], r["low"], r["high"])
        affiliation = normalize_affiliation(r["affiliation"])
        out.append(
            ClaimInfo(
                claim_id=r["claim_id"],
                article_id=r["article_id"],
                category=r["category"],
                scope=r["scope"],
                group=counted_group(r["counted"]),
                affiliation=affiliation,
                unit=normalize_place(r["unit"]),
                location=normalize_place(r["location"]),
                source_key=key,
                side=None if own_voice else side_of(key, affiliation),
                relays=frozenset(outlets),
                outlets=outlets,
                date=r["report_date"],
                stated=stated,
                compat=compat_bounds(
                    r["hedge"], r["value"], r["low"], r["high"], r["qualifier"], config.approx_tolerance, config.near_tolerance
                ),
                point=point_of(r["hedge"], r["value"], *stated),
                hedge=r["hedge"],
                qualifier=r["qualifier"],
                text=r["text"],
            )
        )
    return out


def cluster_id_of(seed_claim_id: str) -> str:
    """Stable id of the cluster a claim seeded: it changes only if another claim becomes the seed.

    >>> cluster_id_of("c1") == cluster_id_of("c1"), len(cluster_id_of("c1"))
    (True, 16)
    """
    return hashlib.sha256(f"cluster|{seed_claim_id}".encode()).hexdigest()[:16]


@dataclass
class _Cluster:
    seed: ClaimInfo
    order: int
    members: list[ClaimInfo] = field(default_factory=list)
    compat: Interval = (None, None)
    stated: Interval | None = (None, None)  # running intersection of stated bounds, None once empty
    has_number: bool = False
    first: date | None = None
    last: date | None = None
    keys: Counter = field(default_factory=Counter)
    relays: set[str] = field(default_factory=set)
    groups: set[str | None] = field(default_factory=set)
    names: set[tuple[str | None, str | None, str | None]] = field(default_factory=set)  # affiliation, unit, location

    @property
    def cluster_id(self) -> str:
        return cluster_id_of(self.seed.claim_id)

    def add(self, c: ClaimInfo) -> None:
        self.members.append(c)
        if not c.numberless:
            self.compat = overlap(self.compat, c.compat) if self.has_number else c.compat
            if self.stated is not None:
                self.stated = overlap(self.stated, c.stated)
            self.has_number = True
        if c.date is not None:
            self.first = c.date if self.first is None else min(self.first, c.date)
            self.last = c.date if self.last is None else max(self.last, c.date)
        self.keys[c.source_key] += 1
        self.relays |= c.relays
        self.groups.add(c.group)
        self.names.add((c.affiliation, c.unit, c.location))


def _block(c: ClaimInfo) -> tuple:
    return (c.category, c.scope, c.side)


def _compatible(c: ClaimInfo, k: _Cluster, config: ClusterConfig) -> bool:
    if c.date is not None and k.first is not None:
        if (max(k.last, c.date) - min(k.first, c.date)).days > config.window_days:
            return False
    if not c.numberless and k.has_number and overlap(c.compat, k.compat) is None:
        return False
    if not all(groups_compatible(c.group, g) for g in k.groups):
        return False
    if not all(
        names_compatible(c.affiliation, affiliation) and names_compatible(c.unit, unit) and names_compatible(c.location, location)
        for affiliation, unit, location in k.names
    ):
        return False
    return _same_event_evidence(c, k, config)


def _same_event_evidence(c: ClaimInfo, k: _Cluster, config: ClusterConfig) -> bool:
    """Something beyond "nothing contradicts it": a shared or relayed source, the same named place or unit,
    or a figure too large to coincide by chance. Two unrelated "4 killed" claims stay apart."""
    if _source_link(c, k) is not None:
        return True
    for member in k.members:
        if (c.location and member.location and names_compatible(c.location, member.location)) or (
                c.unit and member.unit and names_compatible(c.unit, member.unit)):
            return True
    figure = c.point if c.point is not None else (c.compat[0] or c.compat[1])
    return figure is not None and figure >= config.distinctive_figure


class _Index:
    """Clusters by (category, scope, side) and by their seed's date.

    Every dated claim of a cluster lies within ``window_days`` of the seed's date, so a
    dated claim only needs to look at clusters seeded within the window around it.
    """

    def __init__(self, window_days: int):
        self.window = timedelta(days=window_days)
        self.blocks: dict[tuple, list[_Cluster]] = {}
        self.by_day: dict[tuple, dict[date, list[_Cluster]]] = {}
        self.undated: dict[tuple, list[_Cluster]] = {}

    def add(self, k: _Cluster) -> None:
        block = _block(k.seed)
        self.blocks.setdefault(block, []).append(k)
        if k.seed.date is None:
            self.undated.setdefault(block, []).append(k)
        else:
            self.by_day.setdefault(block, {}).setdefault(k.seed.date, []).append(k)

    def candidates(self, c: ClaimInfo) -> list[_Cluster]:
        block = _block(c)
        if c.date is None:
            return self.blocks.get(block, [])
        days = self.by_day.get(block, {})
        out = list(self.undated.get(block, []))
        for delta in range(-self.window.days, self.window.days + 1):
            out.extend(days.get(c.date + timedelta(days=delta), ()))
        return out


def _source_link(c: ClaimInfo, k: _Cluster) -> str | None:
    """How the claim's source relates to the cluster's, or None if it is independent."""
    if c.source_key in k.keys:
        return f"same source relay ({c.source_key})"
    if c.source_key in k.relays:
        relayed = next(m.source_key for m in k.members if c.source_key in m.relays and m.source_key != c.source_key)
        return f"relay of {relayed} via {c.source_key}"
    behind = sorted(set(k.keys) & c.relays)
    if behind:
        return f"original of {behind[0]} relayed via it"
    return None


def _numeric_score(a: Interval, b: Interval) -> float:
    if None in a or None in b:
        return 0.5
    inter = overlap(a, b)
    if inter is None:
        return 0.0
    return (inter[1] - inter[0] + 1) / (max(a[1], b[1]) - min(a[0], b[0]) + 1)


def _score(c: ClaimInfo, k: _Cluster, link: str | None, config: ClusterConfig) -> float:
    numbers = 0.25 if c.numberless or not k.has_number else _numeric_score(c.compat, k.compat)
    if c.date is None or k.first is None:
        time = 0.5
    else:
        gap = max((k.first - c.date).days, (c.date - k.last).days, 0)
        time = max(0.0, 1 - gap / (config.window_days + 1))
    linked = 1.0 if link else 0.0
    return round(config.weight_numbers * numbers + config.weight_time * time + config.weight_source * linked, 4)


def _number_rule(c: ClaimInfo, k: _Cluster) -> str:
    if c.numberless:
        return f"vague without figure, placed with the figures of {k.seed.claim_id}" if k.has_number else f"vague without figure, like {k.seed.claim_id}"
    if not k.has_number:
        return f"first figure {fmt_interval(c.stated)}, with vague {k.seed.claim_id}"
    if k.stated is not None:
        agreed = overlap(c.stated, k.stated)
        if agreed is not None:
            if agreed[0] is not None and agreed[0] == agreed[1] and c.stated == agreed == k.stated:
                return f"same figure {agreed[0]} with {k.seed.claim_id}"
            return f"compatible bounds {fmt_interval(agreed)} with {k.seed.claim_id}"
    return f"within tolerance {fmt_interval(overlap(c.compat, k.compat))}, figures conflict with {k.seed.claim_id}"


def sort_key(c: ClaimInfo) -> tuple:
    return (c.date is None, c.date or date.min, c.claim_id)


def cluster_claims(claims: pl.DataFrame, config: ClusterConfig = ClusterConfig()) -> pl.DataFrame:
    """Put every claim in exactly one cluster; one row per claim, in processing order.

    Columns: claim_id, cluster_id, source_key, side, join_rule, join_score (see
    ``CLUSTERS_SCHEMA``). Claims are taken in order of report date (undated last), then
    claim_id; claims with a figure first, then those without (vague "many").

    >>> from pipelines.aggregation.frames import claims_frame
    >>> df = claims_frame([
    ...   {"claim_id": "c1", "article_id": "a1", "text": "almost 40", "value": 40, "high": 39, "hedge": "upper_bound",
    ...    "qualifier": "almost", "category": "killed", "counted": "soldiers", "scope": "incident", "location": "Varnesk"},
    ...   {"claim_id": "c2", "article_id": "a2", "text": "at least 37", "value": 37, "low": 37, "hedge": "lower_bound",
    ...    "qualifier": "at least", "category": "killed", "counted": "troops", "scope": "incident", "location": "Varnesk"}])
    >>> cluster_claims(df)["join_rule"].to_list()
    ['seed', 'independent source (article:a2); compatible bounds 37..39 with c1']
    """
    df = conform_claims(claims)
    infos = sorted(claim_infos(df, config), key=sort_key)
    clusters: list[_Cluster] = []
    index = _Index(config.window_days)
    rows: list[tuple] = []

    def place(c: ClaimInfo, allowed) -> None:
        best: tuple[float, int, _Cluster, str | None] | None = None
        for k in index.candidates(c):
            if not allowed(k) or not _compatible(c, k, config):
                continue
            link = _source_link(c, k)
            score = _score(c, k, link, config)
            if best is None or (score, -k.order) > (best[0], -best[1]):
                best = (score, k.order, k, link)
        if best is None:
            k = _Cluster(seed=c, order=len(clusters))
            clusters.append(k)
            k.add(c)
            index.add(k)
            rows.append((c.claim_id, k.cluster_id, c.source_key, c.side, "seed", 1.0))
            return
        score, _, k, link = best
        rule = f"{link or f'independent source ({c.source_key})'}; {_number_rule(c, k)}"
        k.add(c)
        rows.append((c.claim_id, k.cluster_id, c.source_key, c.side, rule, score))

    for c in infos:
        if not c.numberless:
            place(c, lambda k: True)
    for c in infos:
        if c.numberless:
            # a claim without a figure prefers a cluster with figures, else one of its kind
            candidates = [k for k in index.candidates(c) if k.has_number and _compatible(c, k, config)]
            place(c, (lambda k: k.has_number) if candidates else (lambda k: not k.has_number))
    return pl.DataFrame(rows, schema=CLUSTERS_SCHEMA, orient="row")


__all__ = ["ClusterConfig", "ClaimInfo", "claim_infos", "cluster_claims", "cluster_id_of", "sort_key", "source_key_of"]
