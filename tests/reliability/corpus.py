"""A small synthetic corpus for the crash and concurrency tests: short, distinct articles, several claims each.

Written for this suite from templates; every article's text differs (its numbers and places vary), so
each file is one article.
"""

from __future__ import annotations

import random
from pathlib import Path

PLACES = ["Varnek", "Kesk", "Brill", "Lorvik", "Dunmere", "Tarrow", "Ostrava Nova", "Marrow", "Pellin", "Hask"]
GROUPS = ["soldiers", "civilians", "fighters", "troops", "police officers", "volunteers"]
SPEAKERS = ["the regional governor", "the defence ministry", "the army", "local officials", "a police spokesman"]
OPENERS = ["Strike on {place}", "Shelling near {place}", "Attack in {place}", "Raid on {place} depot"]
TEMPLATES = [
    "At least {a} {g1} were killed in a strike on {place} on Tuesday, {s1} said.",
    "Another {b} {g2} were wounded and taken to hospital in {place}.",
    "Up to {c} {g1} are missing after the attack, according to {s2}.",
    "Almost {d} people have died in the district since the start of the war, {s1} said.",
    "About {e} {g2} were captured during the fighting near {place}, {s2} reported.",
]


def article_text(i: int, rng: random.Random) -> str:
    place = rng.choice(PLACES)
    fields = dict(place=place, g1=rng.choice(GROUPS), g2=rng.choice(GROUPS), s1=rng.choice(SPEAKERS),
                  s2=rng.choice(SPEAKERS), a=rng.randint(2, 90), b=rng.randint(2, 60), c=rng.randint(5, 300),
                  d=rng.randint(100, 4000), e=rng.randint(3, 500))
    body = " ".join(t.format(**fields) for t in rng.sample(TEMPLATES, rng.randint(3, 5)))
    return f"{rng.choice(OPENERS).format(place=place)} (report {i})\n\n{body}\n"


def write_corpus(folder: Path, n: int, seed: int = 7) -> Path:
    rng = random.Random(seed)
    folder.mkdir(parents=True, exist_ok=True)
    for i in range(n):
        (folder / f"report_{i:05d}.txt").write_text(article_text(i, rng), encoding="utf-8")
    return folder
