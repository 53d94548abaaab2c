"""Score extracted claims against an annotated corpus (articles/*.txt + gold.jsonl).

A prediction matches a gold claim of the same article when their spans overlap; pairs are taken
largest overlap first, one to one. Reported: detection precision/recall/F1, strict F1 (a match with
category, hedge, low and high all right) and the accuracy of each field over the matched pairs.
Text fields match leniently (same content words, or one's words within the other's, or Jaccard >= 0.5).

>>> soft_equal("Russia's Defense Ministry", "Russian Defense Ministry"), soft_equal("soldiers", "civilians")
(True, False)
"""

from __future__ import annotations

import json
import re
from collections import Counter, defaultdict
from dataclasses import dataclass, field
from pathlib import Path

NUMERIC_FIELDS = ("value", "low", "high", "hedge", "category", "scope")
TEXT_FIELDS = ("counted", "affiliation", "unit", "location", "source")
STRICT_FIELDS = ("category", "hedge", "low", "high")
_STOP = {"the", "a", "an", "of", "its", "their", "his", "her", "from", "in", "s", "'s", "and"}


def content_words(text: object) -> set[str]:
    """Lowercased words without stop words, a plural -s dropped from words longer than three letters."""
    if text is None:
        return set()
    tokens = re.findall(r"[a-z0-9]+", str(text).lower())
    return {t[:-1] if len(t) > 3 and t.endswith("s") else t for t in tokens if t not in _STOP}


def soft_equal(gold: object, pred: object) -> bool:
    g, p = content_words(gold), content_words(pred)
    if not g and not p:
        return True
    if not g or not p:
        return False
    return g <= p or p <= g or len(g & p) / len(g | p) >= 0.5


def via_equal(gold, pred) -> bool:
    gold, pred = list(gold or []), list(pred or [])
    return len(gold) == len(pred) and all(any(soft_equal(g, p) for p in pred) for g in gold)


@dataclass
class Report:
    articles: int = 0
    gold: int = 0
    predicted: int = 0
    matched: int = 0
    strict: int = 0
    fields: dict[str, float] = field(default_factory=dict)
    per_category: dict[str, Counter] = field(default_factory=dict)
    errors: list[tuple[str, str, str, str | None, str]] = field(default_factory=list)

    @staticmethod
    def _f1(p: float, r: float) -> float:
        return 2 * p * r / (p + r) if p + r else 0.0

    def detection(self) -> tuple[float, float, float]:
        p = self.matched / self.predicted if self.predicted else 0.0
        r = self.matched / self.gold if self.gold else 0.0
        return p, r, self._f1(p, r)

    def strict_scores(self) -> tuple[float, float, float]:
        p = self.strict / self.predicted if self.predicted else 0.0
        r = self.strict / self.gold if self.gold else 0.0
        return p, r, self._f1(p, r)

    def lines(self) -> list[str]:
        dp, dr, df = self.detection()
        sp, sr, sf = self.strict_scores()
        out = [
            f"articles {self.articles}  gold {self.gold}  predicted {self.predicted}  matched {self.matched}",
            f"detection  P {dp:.3f}  R {dr:.3f}  F1 {df:.3f}",
            f"strict     P {sp:.3f}  R {sr:.3f}  F1 {sf:.3f}   (span + category + hedge + low + high)",
            "fields     " + "  ".join(f"{k} {v:.2f}" for k, v in self.fields.items()),
        ]
        for cat, c in sorted(self.per_category.items()):
            out.append(f"  {cat:11} gold {c['gold']:4}  found {c['found']:4}  strict {c['strict']:4}")
        return out


def load_corpus(corpus: str | Path) -> tuple[dict[str, str], dict[str, list[dict]], list[str]]:
    """Article texts, gold claims located by their text and occurrence, and any gold row that cannot be located."""
    corpus = Path(corpus)
    texts = {p.stem: p.read_text(encoding="utf-8") for p in sorted((corpus / "articles").glob("*.txt"))}
    gold: dict[str, list[dict]] = defaultdict(list)
    problems = []
    gold_file = corpus / "gold.jsonl"
    lines = gold_file.read_text(encoding="utf-8").splitlines() if gold_file.exists() else []
    for n, line in enumerate(lines, 1):
        if not line.strip():
            continue
        row = json.loads(line)
        text = texts.get(row["article"])
        position = -1
        for _ in range(max(1, int(row.get("occurrence") or 1))):
            position = text.find(row["text"], position + 1) if text is not None else -1
            if position < 0:
                break
        if position < 0:
            problems.append(f"gold.jsonl:{n}: {row['text']!r} not found in {row['article']}")
            continue
        row["start"], row["end"] = position, position + len(row["text"])
        gold[row["article"]].append(row)
    return texts, gold, problems


def _pairs(golds: list[dict], preds: list[dict]) -> list[tuple[dict, dict]]:
    candidates = []
    for i, g in enumerate(golds):
        for j, p in enumerate(preds):
            overlap = min(g["end"], int(p["end"])) - max(g["start"], int(p["start"]))
            if overlap > 0:
                candidates.append((overlap, i, j))
    candidates.sort(reverse=True)
    used_g, used_p, out = set(), set(), []
    for _, i, j in candidates:
        if i not in used_g and j not in used_p:
            used_g.add(i)
            used_p.add(j)
            out.append((golds[i], preds[j]))
    return out


def score(texts: dict[str, str], gold: dict[str, list[dict]], preds: dict[str, list[dict]]) -> Report:
    report = Report(articles=len(texts))
    report.gold = sum(len(v) for v in gold.values())
    report.predicted = sum(len(v) for v in preds.values())
    right: Counter = Counter()
    per_category: dict[str, Counter] = defaultdict(Counter)
    for article in texts:
        golds, predicted = gold.get(article, []), preds.get(article, [])
        pairs = _pairs(golds, predicted)
        report.matched += len(pairs)
        hit_g = {id(g) for g, _ in pairs}
        hit_p = {id(p) for _, p in pairs}
        for g in golds:
            per_category[g["category"]]["gold"] += 1
            if id(g) not in hit_g:
                report.errors.append(("missed", article, g["text"], g["category"], ""))
        for p in predicted:
            if id(p) not in hit_p:
                report.errors.append(("spurious", article, texts[article][int(p["start"]):int(p["end"])], p.get("category"), ""))
        for g, p in pairs:
            per_category[g["category"]]["found"] += 1
            wrong = []
            for f in NUMERIC_FIELDS:
                if f not in g or g.get(f) == p.get(f):
                    right[f] += 1
                else:
                    wrong.append(f"{f}: gold={g.get(f)!r} pred={p.get(f)!r}")
            for f in TEXT_FIELDS:
                if soft_equal(g.get(f), p.get(f)):
                    right[f] += 1
                else:
                    wrong.append(f"{f}: gold={g.get(f)!r} pred={p.get(f)!r}")
            if via_equal(g.get("via"), p.get("via")):
                right["via"] += 1
            else:
                wrong.append(f"via: gold={g.get('via')!r} pred={p.get('via')!r}")
            if all(g.get(f) == p.get(f) for f in STRICT_FIELDS):
                report.strict += 1
                per_category[g["category"]]["strict"] += 1
            if wrong:
                report.errors.append(("field", article, g["text"], g["category"], "; ".join(wrong)))
    report.fields = {f: (right[f] / report.matched if report.matched else 0.0) for f in (*NUMERIC_FIELDS, *TEXT_FIELDS, "via")}
    report.per_category = dict(per_category)
    return report
