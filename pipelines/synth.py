"""A deterministic synthetic corpus of war news with gold claims, for benchmarks and smoke tests.

``write_corpus(out, n_articles, seed)`` writes ``out/articles/<id>.txt`` and ``out/gold.jsonl`` in the
format of ``data/samples`` (the corpus format ``claims eval`` and ``pipelines.evaluation`` read). The
articles are built from templates with invented places, countries, units, speakers and outlets:

* lengths follow a lognormal distribution (median about 500 words) clipped to 200..4000 words;
* claim sentences (every hedge of CLAIMS.md and every category, with sources, pronouns, "the ministry",
  relays "X told <Outlet>" and "<Outlet>, citing X,") are mixed with filler sentences full of numbers
  that are not claims (years, dates, ages, distances, durations, money, percentages, equipment, people
  who fled or were evacuated) at about three claims per 500 words;
* the gold is the truth by construction: each claim's fields are decided by the template that wrote it,
  following CLAIMS.md (bounds per the hedge table, location from the sentence or its paragraph, source
  carried through a paragraph, a speaker's relay outlet on all its statements, scope from the span the
  number counts). It is not tuned to what the extractor gets right.

Deterministic for a seed (one ``random.Random(seed)``) and streaming: each article is written as it is
generated, so memory does not grow with ``n_articles``.

>>> import tempfile, pathlib
>>> with tempfile.TemporaryDirectory() as d:
...     stats = write_corpus(pathlib.Path(d), 3, seed=1)
...     sorted(p.name for p in (pathlib.Path(d) / "articles").iterdir())
['synth_000000.txt', 'synth_000001.txt', 'synth_000002.txt']
>>> stats["articles"], stats["claims"] > 3, 200 * 3 <= stats["words"]
(3, True, True)
>>> q = _Quantity.make("at least", 37)
>>> (q.text, q.qualifier, q.low, q.high)
('at least 37', 'at least', 37, None)
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import math
import random
import sys
import time
from dataclasses import dataclass
from pathlib import Path

from pipelines.extraction import load_lexicon
from pipelines.extraction.numbers import hedge_bounds

# ---------------------------------------------------------------------------------------------------
# Invented world: names are built from syllables so no real place, person or outlet is named.

_PLACE_HEADS = ["Var", "Hol", "Dor", "Kel", "Zar", "Mir", "Pol", "Tus", "Bren", "Sag", "Ost", "Lev", "Kor", "Nal",
                "Vel", "Pryl", "Stav", "Yar", "Khol", "Ber", "Zem", "Rud", "Tav", "Gor", "Lisk", "Mar", "Sen", "Vol"]
_PLACE_TAILS = ["nesk", "mivka", "ansk", "ovo", "ino", "ivka", "yn", "ava", "ets", "opil", "orsk", "ena", "ara",
                "ichi", "anka", "yshche", "ovets", "avka"]
PLACES = [h + t for h in _PLACE_HEADS for t in _PLACE_TAILS]

# (country, demonym): invented, so a demonym is never in the extractor's lexicon by chance.
COUNTRIES = [("Vostrania", "Vostranian"), ("Dravonia", "Dravonian"), ("Sokora", "Sokoran"),
             ("Kelbaria", "Kelbarian"), ("Marenia", "Marenian"), ("Ostrelia", "Ostrelian")]

_MALE = ["Taras", "Ivan", "Arvid", "Milos", "Oleg", "Dmytro", "Karim", "Yusuf", "Pavel", "Bogdan", "Emil", "Rustam",
         "Viktor", "Stefan", "Anton", "Lukas"]
_FEMALE = ["Olena", "Marta", "Irina", "Leila", "Nadia", "Zofia", "Vera", "Mira", "Daria", "Amina", "Sofia", "Hanna"]
_SURNAMES = ["Velychko", "Horak", "Lenz", "Petrenko", "Marek", "Kovac", "Darvish", "Selim", "Brandt", "Novak",
             "Halloran", "Rybak", "Sorensen", "Tkach", "Varga", "Kaya", "Dunaj", "Zoric", "Orsolya", "Pellegrin",
             "Vukas", "Ilves", "Karsten", "Moravec"]
# Titles CLAIMS.md drops from a speaker's name: (title as written mid-sentence).
_PERSON_TITLES = ["regional governor", "governor", "mayor", "spokesman", "Colonel", "General", "commander",
                  "Lieutenant Colonel", "deputy defence minister", "police chief"]
# Organisations: (full name without "the", second mention).
_ORG_FORMS = [
    ("{dem} Defence Ministry", "the ministry"),
    ("{dem} Interior Ministry", "the ministry"),
    ("General Staff of the {dem} Armed Forces", "the General Staff"),
    ("{dem} military command", "the command"),
    ("State Emergency Service", "the service"),
    ("regional prosecutor's office", "the office"),
    ("Joint Forces Command", "the command"),
    ("{dem} border guard service", "the service"),
    ("{word} Human Rights Monitor", "the monitor"),
    ("UN monitoring mission", "the mission"),
    ("{word} Rescue Committee", "the committee"),
]
_ORG_WORDS = ["Northern", "Eastern", "Coastal", "Highland", "Steppe", "Independent", "Civic"]
_OUTLET_WORDS = ["Meridian", "Northline", "Silverbay", "Eastgate", "Crossway", "Harborlight", "Lakeshore",
                 "Riverside", "Keystone", "Brightwater", "Redcliff", "Oakfield"]
_OUTLET_HEADS = ["News Agency", "Times", "Post", "Herald", "Daily", "Gazette", "Tribune", "News", "Radio"]
_DOMAINS = ["dravnews.net", "vostra-info.org", "kelbarpress.info", "sokora24.news", "marenia-today.com"]
_UNIT_ADJ = ["Iron", "Northern", "Silver", "Black", "Red", "Steppe", "Granite", "Storm", "Border", "White"]
_UNIT_NOUN = ["Wolf", "Hawk", "Volunteer", "Falcon", "Lion", "Bear", "Eagle", "Raven"]
_UNIT_HEAD = ["Battalion", "Brigade", "Regiment", "Legion"]
_UNIT_ORDINAL = ["Mechanized Brigade", "Assault Brigade", "Rifle Regiment", "Marine Brigade", "Motorized Division"]

_DAYS = ["Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday"]
_MONTHS = ["January", "February", "March", "April", "May", "June", "July", "August", "September", "October",
           "November", "December"]

# Who can be counted: (plural noun as written, counted); combatants can be counted in strength claims.
_COMBATANT = ["soldiers", "troops", "fighters", "servicemen", "militants", "mercenaries", "soldiers", "troops",
              "conscripts", "paratroopers", "marines", "insurgents", "military personnel"]
_FOREIGN_NOUNS = ["fighters", "mercenaries", "volunteers"]
_CIVILIAN = ["civilians", "people", "civilians", "people", "residents", "children", "women", "aid workers",
             "villagers", "family members", "passengers", "rescuers"]
_SINGULAR = ["soldier", "civilian", "woman", "child", "policeman", "man", "volunteer", "medic"]

_WORDS = ["zero", "one", "two", "three", "four", "five", "six", "seven", "eight", "nine", "ten", "eleven", "twelve",
          "thirteen", "fourteen", "fifteen", "sixteen", "seventeen", "eighteen", "nineteen"]
_TENS = ["", "", "twenty", "thirty", "forty", "fifty", "sixty", "seventy", "eighty", "ninety"]


def number_words(n: int) -> str:
    """English words for 0..99.

    >>> number_words(37), number_words(40), number_words(12)
    ('thirty-seven', 'forty', 'twelve')
    """
    if n < 20:
        return _WORDS[n]
    tens, unit = divmod(n, 10)
    return _TENS[tens] + ("-" + _WORDS[unit] if unit else "")


def _digits(n: int) -> str:
    return f"{n:,}"


def _cap(s: str) -> str:
    return s[:1].upper() + s[1:]


# ---------------------------------------------------------------------------------------------------
# Quantities: the wording, and the bounds CLAIMS.md's hedge table gives it.

@dataclass(frozen=True)
class _Quantity:
    text: str
    value: int | None
    low: int | None
    high: int | None
    hedge: str
    qualifier: str | None
    of: bool = False  # "Dozens of soldiers"

    @staticmethod
    def make(qualifier: str | None, n: int, *, words: str | None = None, after: bool = False) -> _Quantity:
        """A stated number with its qualifier; hedge and bounds come from the extractor's hedge table."""
        num = words if words is not None else _digits(n)
        if qualifier is None:
            text = num
        elif after:
            text = f"{num} {qualifier}"
        else:
            text = f"{qualifier} {num}"
        hedge, low, high = hedge_bounds(qualifier, n, "after" if after else "before")
        return _Quantity(text, n, low, high, hedge, qualifier)

    def capitalized(self) -> _Quantity:
        return _Quantity(_cap(self.text), self.value, self.low, self.high, self.hedge, self.qualifier, self.of)


# Vague wordings of the vague table (numbers.toml gives their lower bounds), with whether "of" follows.
_VAGUE_SMALL = [("several", False), ("a few", False), ("a handful", True), ("many", False), ("numerous", False),
                ("dozens", True), ("several", False)]
_VAGUE_MEDIUM = [("dozens", True), ("scores", True), ("hundreds", True), ("several hundred", False),
                 ("a few hundred", False), ("many", False), ("dozens", True)]
_VAGUE_LARGE = [("hundreds", True), ("thousands", True), ("several thousand", False), ("tens of thousands", True),
                ("thousands", True), ("many", False)]
_LOW_N = ["at least", "at least", "no fewer than", "a minimum of"]
_LOW_N_PLUS = ["more than", "more than", "over", "upwards of", "in excess of", "just over"]
_HIGH_N = ["up to", "up to", "as many as", "no more than", "at most"]
_HIGH_N_MINUS = ["almost", "nearly", "nearly", "close to", "fewer than", "under", "just under"]
_APPROX = ["about", "about", "around", "some", "roughly", "approximately", "an estimated"]
_HEDGE_WEIGHTS = [("exact", 0.36), ("approximate", 0.13), ("lower_bound", 0.19), ("upper_bound", 0.14),
                  ("range", 0.08), ("vague", 0.10)]


def _nice(rng: random.Random, n: int) -> int:
    """Round a number the way hedged figures are usually rounded (40, 250, 1,500)."""
    if n < 20:
        return max(2, n)
    step = 5 if n < 100 else 10 if n < 300 else 50 if n < 2000 else 100 if n < 10000 else 1000
    return max(step, int(round(n / step)) * step)


def _magnitude(rng: random.Random, lo: int, hi: int) -> int:
    """A log-uniform integer in lo..hi (small figures are more common)."""
    return int(math.exp(rng.uniform(math.log(lo), math.log(hi + 1)))) if hi > lo else lo


def _quantity(rng: random.Random, lo: int, hi: int, *, initial: bool, allow_vague: bool = True,
              hedges: tuple[str, ...] | None = None) -> _Quantity:
    r = rng.random()
    hedge = "exact"
    for name, weight in _HEDGE_WEIGHTS:
        if r < weight:
            hedge = name
            break
        r -= weight
    if hedges is not None and hedge not in hedges:
        hedge = hedges[int(rng.random() * len(hedges))]
    if hedge == "vague" and not allow_vague:
        hedge = "approximate"
    n = _magnitude(rng, lo, hi)
    if hedge == "exact":
        if n < 100 and (initial or rng.random() < 0.25):
            q = _Quantity.make(None, n, words=number_words(n))
        elif rng.random() < 0.03:
            q = _Quantity.make("exactly", n)
        else:
            q = _Quantity.make(None, n)
    elif hedge == "approximate":
        if hi <= 60 and rng.random() < 0.25:
            q = _Quantity("a dozen", 12, None, None, "approximate", None)
        else:
            n = max(10, _nice(rng, n))
            word = _APPROX[int(rng.random() * len(_APPROX))]
            q = _Quantity.make(word, n)
    elif hedge == "lower_bound":
        n = _nice(rng, n) if rng.random() < 0.6 else n
        r = rng.random()
        if r < 0.45:
            word = _LOW_N[int(rng.random() * len(_LOW_N))]
            q = _Quantity.make(word, n)
        elif r < 0.52:
            q = _Quantity.make("or more", n, after=True)
        else:
            word = _LOW_N_PLUS[int(rng.random() * len(_LOW_N_PLUS))]
            q = _Quantity.make(word, n)
    elif hedge == "upper_bound":
        n = max(5, _nice(rng, n) if rng.random() < 0.7 else n)
        if rng.random() < 0.45:
            word = _HIGH_N[int(rng.random() * len(_HIGH_N))]
            q = _Quantity.make(word, n)
        else:
            word = _HIGH_N_MINUS[int(rng.random() * len(_HIGH_N_MINUS))]
            q = _Quantity.make(word, n)
    elif hedge == "range":
        a = _nice(rng, n)
        b = a + _nice(rng, max(2, int(a * rng.uniform(0.2, 1.0))))
        r = rng.random()
        if b <= 10 and r < 0.3:
            text, qualifier = f"{number_words(a)} or {number_words(b)}", None
        elif r < 0.4:
            text, qualifier = f"between {_digits(a)} and {_digits(b)}", "between"
        elif r < 0.6:
            text, qualifier = f"{_digits(a)} to {_digits(b)}", None
        elif r < 0.8:
            text, qualifier = f"{_digits(a)}-{_digits(b)}", None
        else:
            text, qualifier = f"from {_digits(a)} to {_digits(b)}", "from"
        q = _Quantity(text, None, a, b, "range", qualifier)
    else:
        table = _VAGUE_SMALL if n < 30 else _VAGUE_MEDIUM if n < 500 else _VAGUE_LARGE
        word, of = table[int(rng.random() * len(table))]
        q = _Quantity(word, None, load_lexicon().vague[word], None, "vague", None, of)
    return q.capitalized() if initial else q


# ---------------------------------------------------------------------------------------------------
# Articles: paragraphs of sentences; a sentence is a list of strings and claim marks.

@dataclass
class _Speaker:
    full: str  # the gold `source`
    first: str  # first mention, mid-sentence ("regional governor Taras Velychko", "the Vostranian Defence Ministry")
    again: str  # later mention ("Velychko", "the ministry")
    pronoun: str | None  # "he"/"she" for people
    via: tuple[str, ...]  # the outlet every statement of this speaker went through, if any
    relay: str | None  # "told" or "citing"
    mentioned: bool = False


@dataclass
class _Mark:
    """A claim's text in a sentence, and its gold fields (all but article, text, occurrence)."""
    text: str
    fields: dict


@dataclass
class _Group:
    """Who a claim counts: the noun phrase as written and the gold fields it gives."""
    phrase: str
    counted: str
    affiliation: str | None
    unit: str | None
    combatant: bool


class _Article:
    def __init__(self, rng: random.Random, article_id: str):
        self.rng = rng
        self.id = article_id
        r = rng.random
        self.published = dt.date(2022, 3, 1) + dt.timedelta(days=int(r() * 1100))
        pair = rng.sample(COUNTRIES, 2)
        self.attacker, self.defender = pair[0], pair[1]
        self.places = rng.sample(PLACES, 6)
        self.units = [self._unit() for _ in range(3)]
        self.outlets = [self._outlet() for _ in range(2)]
        self.speakers: list[_Speaker] = []
        for _ in range(2 + int(r() * 3)):
            speaker = self._speaker()
            # Later mentions ("the ministry", "Velychko") must name one speaker only.
            if all(s.again != speaker.again and s.full != speaker.full for s in self.speakers):
                self.speakers.append(speaker)
        self.claims: list[tuple[int, _Mark]] = []  # (absolute start, mark)
        self.used_fillers: set[int] = set()

    # -- names -----------------------------------------------------------------------------------
    def _pick(self, seq):
        return seq[int(self.rng.random() * len(seq))]

    def _unit(self) -> str:
        if self.rng.random() < 0.35:
            n = 1 + int(self.rng.random() * 120)
            suffix = "th" if 10 <= n % 100 <= 20 else {1: "st", 2: "nd", 3: "rd"}.get(n % 10, "th")
            return f"{n}{suffix} {self._pick(_UNIT_ORDINAL)}"
        return f"{self._pick(_UNIT_ADJ)} {self._pick(_UNIT_NOUN)} {self._pick(_UNIT_HEAD)}"

    def _outlet(self) -> str:
        if self.rng.random() < 0.2:
            return self._pick(_DOMAINS)
        return f"{self._pick(_OUTLET_WORDS)} {self._pick(_OUTLET_HEADS)}"

    def _speaker(self) -> _Speaker:
        r = self.rng.random
        relay = None if r() < 0.7 else ("told" if r() < 0.5 else "citing")
        via = (self._pick(self.outlets),) if relay else ()
        if r() < 0.45:
            female = r() < 0.4
            name = f"{self._pick(_FEMALE if female else _MALE)} {self._pick(_SURNAMES)}"
            title = self._pick(_PERSON_TITLES)
            return _Speaker(name, f"{title} {name}", name.split()[-1], "she" if female else "he", via, relay)
        form, again = self._pick(_ORG_FORMS)
        full = form.format(dem=self._pick([self.attacker, self.defender])[1], word=self._pick(_ORG_WORDS))
        return _Speaker(full, f"the {full}", again, None, via, relay)

    # -- who is counted --------------------------------------------------------------------------
    def _group(self, *, combatant: bool, allow_unit: bool = True) -> _Group:
        r = self.rng.random()
        if not combatant:
            noun = self._pick(_CIVILIAN)
            return _Group(noun, noun, None, None, False)
        noun = self._pick(_COMBATANT)
        if r < 0.25:
            dem = self._pick([self.attacker, self.defender])[1]
            return _Group(f"{dem} {noun}", noun, dem.lower(), None, True)
        if r < 0.35:
            noun = self._pick(_FOREIGN_NOUNS)
            return _Group(f"foreign {noun}", noun, "foreign", None, True)
        if r < 0.50 and allow_unit:
            unit = self._pick(self.units)
            prep = "of" if self.rng.random() < 0.6 else "from"
            return _Group(f"{noun} {prep} the {unit}", noun, None, unit, True)
        return _Group(noun, noun, None, None, True)

    # -- where and when --------------------------------------------------------------------------
    def _place_phrase(self, place: str) -> str:
        """ "in X" or "near X" for the paragraph's place as written ("Varnesk", "the Dorva region")."""
        return ("in " if self.rng.random() < 0.7 else "near ") + place

    def _paragraph_place(self) -> tuple[str, str]:
        """(the paragraph's place as written, its gold location): one form per paragraph."""
        name, r = self._pick(self.places), self.rng.random()
        if r < 0.8:
            return name, name
        if r < 0.93:
            return f"the {name} region", f"{name} region"
        return f"the village of {name}", name

    def _incident(self, place: str | None) -> tuple[str, str]:
        """(event noun phrase, time) of one incident: ("a missile strike on Varnesk", " on Tuesday")."""
        day = self._pick(_DAYS)
        if place is None:
            return self._pick([("a missile strike", f" on {day}"), ("an ambush", f" on {day}"),
                               ("a drone attack", f" on {day}"), ("a single artillery strike", " overnight")])
        return self._pick([(f"a missile strike on {place}", f" on {day}"), (f"a drone attack on {place}", " overnight"),
                           (f"an ambush near {place}", f" on {day}"), (f"the shelling of {place}", f" on {day} morning"),
                           (f"a car bomb attack in {place}", f" on {day}"),
                           (f"an air strike on a market in {place}", f" on {day}")])

    def _scope_phrase(self, scope: str, place: str | None) -> str:
        """Words that make the number's time span `scope`; names `place` when given."""
        pick = self._pick
        if scope == "incident":
            event, when = self._incident(place)
            return f"in {event}{when}"
        if scope == "daily":
            base = pick(["over the past 24 hours", "in the past day", "over the last 24 hours"])
            return f"near {place} {base}" if place else base
        if scope == "period":
            base = pick(["last week", f"in {pick(_MONTHS)}", "over the past two weeks", "over the weekend",
                         "last month"])
            if place and self.rng.random() < 0.3:
                return f"during the month-long siege of {place}"
            return f"in {place} {base}" if place else base
        # cumulative
        year = self.published.year - 1 - int(self.rng.random() * 2)
        base = pick(["since the start of the invasion", "since the war began", f"since the conflict began in {year}",
                     "so far", "to date", f"since {pick(_MONTHS)}"])
        return f"in {place} {base}" if place else base

    # -- claim clauses ---------------------------------------------------------------------------
    def _mark(self, q: _Quantity, category: str, group: _Group | None, *, location, scope, counted=None,
              affiliation=None, unit=None) -> _Mark:
        fields = {
            "value": q.value, "low": q.low, "high": q.high, "hedge": q.hedge, "qualifier": q.qualifier,
            "category": category,
            "counted": counted if counted is not None else (group.counted if group else "people"),
            "affiliation": affiliation if group is None else group.affiliation,
            "unit": unit if group is None else group.unit,
            "location": location, "source": None, "via": [], "scope": None if category == "strength" else scope,
        }
        return _Mark(q.text, fields)

    # Verbs per category: (simple past, present perfect for running totals).
    _VERBS = {
        "killed": [("were killed", "have been killed"), ("were killed", "have been killed"), ("died", "have died"),
                   ("lost their lives", "have lost their lives")],
        "killed_combatant": [("were eliminated", "have been eliminated")],
        "wounded": [("were wounded", "have been wounded"), ("were injured", "have been injured"),
                    ("were hurt", "have been hurt")],
        "captured": [("were captured", "have been captured"), ("were taken prisoner", "have been taken prisoner"),
                     ("surrendered", "have surrendered")],
        "captured_civilian": [("were abducted", "have been abducted"), ("were taken hostage", "have been taken hostage"),
                              ("were detained by the occupying forces", "have been detained by the occupying forces")],
        "missing": [("went missing", "have gone missing"), ("were reported missing", "have been reported missing")],
        "casualties": [("were killed or wounded", "have been killed or wounded"),
                       ("were put out of action", "have been put out of action"),
                       ("were killed or injured", "have been killed or injured")],
    }
    # Figures span per scope, scaled per category (fewer people go missing than are killed).
    _SPANS = {"incident": (2, 60), "daily": (20, 1500), "period": (30, 6000), "cumulative": (100, 60000)}
    _SCALE = {"killed": 1.0, "wounded": 1.0, "captured": 0.2, "missing": 0.1, "casualties": 1.5}

    def _clause(self, place: str | None, location: str | None, initial: bool) -> list:
        """One claim clause (a list of strings and _Marks), lowercase unless `initial`."""
        rng, r = self.rng, self.rng.random()
        if r < 0.12:
            return self._strength(place, location, initial)
        scope = self._pick(["incident", "incident", "incident", "daily", "period", "cumulative", "cumulative"])
        when = self._scope_phrase(scope, place)
        category = self._pick(["killed", "killed", "killed", "killed", "wounded", "wounded", "captured", "missing",
                               "casualties", "casualties"])
        lo, hi = self._SPANS[scope]
        hi = max(lo + 1, int(hi * self._SCALE[category])) if scope != "incident" else hi
        combatant = scope != "incident" or rng.random() < 0.5
        if category in ("captured", "casualties"):
            combatant = combatant or rng.random() < 0.8
        group = self._group(combatant=combatant)
        if r < 0.18 and category in ("killed", "wounded") and scope == "incident":
            # "A soldier was killed": exact 1, only where the person is among the casualties.
            det = "one" if rng.random() < 0.4 else "a"
            noun = self._pick(_SINGULAR)
            q = _Quantity(_cap(det) if initial else det, 1, 1, 1, "exact", None)
            verb = "killed" if category == "killed" else "wounded"
            return [self._mark(q, category, None, location=location, scope=scope, counted=noun), f" {noun} was {verb} {when}"]
        if category in ("killed", "wounded") and scope == "incident" and rng.random() < 0.3:
            # "a missile strike on Varnesk on Tuesday killed 12 civilians"
            event, time_words = self._incident(place)
            q = _quantity(rng, lo, hi, initial=False)
            m = self._mark(q, category, group, location=location, scope=scope)
            verb = "killed" if category == "killed" else self._pick(["wounded", "injured"])
            return [f"{_cap(event) if initial else event}{time_words} {verb} ", m, " of " if q.of else " ", group.phrase]
        q = _quantity(rng, lo, hi, initial=initial)
        m = self._mark(q, category, group, location=location, scope=scope)
        key = category
        if category == "killed" and group.combatant and rng.random() < 0.15:
            key = "killed_combatant"
        elif category == "captured" and not group.combatant:
            key = "captured_civilian"
        past, perfect = self._pick(self._VERBS[key])
        verb = perfect if scope == "cumulative" else past
        if category == "wounded" and scope == "incident" and rng.random() < 0.2:
            verb = "were taken to hospital"
        out = [m, " of " if q.of else " ", group.phrase, f" {verb} {when}"]
        if category == "killed" and scope != "cumulative" and rng.random() < 0.25:
            out += self._second(m, group, location, scope)
        return out

    def _second(self, first: _Mark, group: _Group, location, scope) -> list:
        """A second claim in the same sentence: "and 30 others were wounded", "including 4 children"."""
        rng = self.rng
        if group.combatant or rng.random() < 0.5:
            q = _quantity(rng, 2, 80, initial=False, allow_vague=False, hedges=("exact", "lower_bound", "approximate"))
            # "others" takes its antecedent: the same group, side and unit.
            m = self._mark(q, "wounded", None, location=location, scope=scope, counted=group.counted,
                           affiliation=group.affiliation, unit=group.unit)
            return [", and ", m, " others were wounded"]
        q = _quantity(rng, 2, 12, initial=False, allow_vague=False, hedges=("exact",))
        m = self._mark(q, first.fields["category"], None, location=location, scope=scope, counted="children")
        return [", including ", m, " children"]

    def _strength(self, place: str | None, location: str | None, initial: bool) -> list:
        rng = self.rng
        t = rng.random()
        if t < 0.35:
            unit = self._pick(self.units)
            noun = self._pick(["fighters", "soldiers", "troops", "volunteers"])
            group = _Group(noun, noun, None, unit, True)
            if rng.random() < 0.3:
                dem = self._pick([self.attacker, self.defender])[1]
                group = _Group(f"{dem} {noun}", noun, dem.lower(), unit, True)
            q = _quantity(rng, 100, 20000, initial=initial)
            m = self._mark(q, "strength", group, location=location, scope=None)
            where = f" {self._place_phrase(place)}" if place else ""
            return [m, " of " if q.of else " ", group.phrase, f" serve in the {unit}{where}"]
        group = self._group(combatant=True, allow_unit=False)
        if t < 0.8 or not place:
            q = _quantity(rng, 100, 20000, initial=initial)
            m = self._mark(q, "strength", group, location=location, scope=None)
            if t < 0.6 and place:
                return [m, " of " if q.of else " ", group.phrase, f" are deployed {self._place_phrase(place)}"]
            unit = self._pick(self.units)
            m.fields["unit"] = unit
            return [m, " of " if q.of else " ", group.phrase, f" have joined the {unit} since {self.published.year - 1}"]
        # The size of an attacking force is strength too.
        q = _quantity(rng, 100, 20000, initial=False, hedges=("exact", "approximate", "lower_bound", "upper_bound"))
        m = self._mark(q, "strength", group, location=location, scope=None)
        return ["An assault force of " if initial else "an assault force of ", m, " ", group.phrase, f" attacked {place}"]

    # -- sentences -------------------------------------------------------------------------------
    def _claim_sentence(self, para: dict) -> list:
        """A claim sentence, attributed the paragraph's way; sets every mark's source and via."""
        rng, speaker = self.rng, para["speaker"]
        place, location = para["place"], para["location"]
        n = para["claims"]
        if speaker is None:
            mode = "own"
        elif n == 0:
            mode = self._pick({"told": ["told_before", "told_after"], "citing": ["citing"]}.get(speaker.relay, [
                "said_after", "said_after", "said_before", "according"]))
        else:
            mode = self._pick(["again_after", "again_before", "continue", "pronoun"])
            if mode == "pronoun" and speaker.pronoun is None:
                mode = "again_after"
        initial = mode in ("own", "said_after", "told_after", "again_after", "continue")
        clause = self._clause(place if rng.random() < 0.8 or n == 0 else None, location, initial)
        if speaker is None:
            sentence = clause + ["."]
            if rng.random() < 0.1 and self._verb_clause(clause):
                sentence = self._reportedly(clause) + ["."]
        else:
            ref = speaker.again if speaker.mentioned and (n or rng.random() < 0.5) else speaker.first
            speaker.mentioned = True
            outlet = speaker.via[0] if speaker.via else ""
            if mode == "said_after":
                sentence = clause + [f", {ref} said."]
            elif mode == "said_before":
                sentence = [_cap(ref), self._pick([" said ", " said that "]), *clause, "."]
            elif mode == "according":
                sentence = [f"According to {ref}, ", *clause, "."]
            elif mode == "told_before":
                sentence = [_cap(ref), f" told {outlet} that ", *clause, "."]
            elif mode == "told_after":
                sentence = clause + [f", {ref} told {outlet}."]
            elif mode == "citing":
                sentence = [f"{outlet}, citing {ref}, reported that ", *clause, "."]
            elif mode == "again_after":
                sentence = clause + [f", {speaker.again} {self._pick(['said', 'added', 'said'])}."]
            elif mode == "again_before":
                sentence = [_cap(speaker.again), " also said ", *clause, "."]
            elif mode == "pronoun":
                sentence = [_cap(speaker.pronoun), " said ", *clause, "."]
            else:  # continue: no attribution of its own, continues the speaker's statement in this paragraph
                sentence = clause + ["."]
        for part in sentence:
            if isinstance(part, _Mark):
                part.fields["source"] = speaker.full if speaker else None
                part.fields["via"] = list(speaker.via) if speaker else []
        para["claims"] += 1
        return sentence

    @staticmethod
    def _verb_clause(clause: list) -> bool:
        return isinstance(clause[0], _Mark) and isinstance(clause[-1], str) and " were " in clause[-1]

    @staticmethod
    def _reportedly(clause: list) -> list:
        out = list(clause)
        out[-1] = out[-1].replace(" were ", " were reportedly ", 1)
        return out

    def _filler(self, para: dict) -> str:
        """A sentence with numbers that are not claims; names a place only where the paragraph may."""
        rng = self.rng
        r = rng.random
        speaker = para["speaker"]
        if speaker is not None and r() < 0.25:
            ref = _cap(speaker.pronoun or speaker.again)
            return f"{ref} {_SPEAKER_FILLERS[int(r() * len(_SPEAKER_FILLERS))](self, r)}"
        place = para["filler_place"]
        table = _FILLERS if place is None else _FILLERS + _PLACE_FILLERS
        used = self.used_fillers
        for _ in range(4):
            index = int(r() * len(table))
            if index not in used:
                break
        used.add(index)
        return table[index](self, r, place)

    def _headline(self, lead: dict) -> list:
        place = self.places[0]
        if self.rng.random() < 0.3:
            n = 2 + int(self.rng.random() * 60)
            q = _Quantity(str(n), n, n, n, "exact", None)
            speaker = lead["speaker"]
            credit = speaker if speaker is not None and speaker.pronoun is None and not speaker.via else None
            event = self._pick(["Missile strike", "Drone attack", "Shelling", "Air strike"])
            m = self._mark(q, "killed", None, location=place, scope="incident")
            m.fields["source"] = credit.full if credit else None
            return [f"{event} kills ", m, f" in {place}", f" - {credit.full}" if credit else ""]
        return [self._pick([f"Fighting intensifies around {place}", f"Heavy losses reported near {place}",
                            f"Front line shifts near {place} as talks stall",
                            f"{self.defender[0]} and {self.attacker[0]} trade blame over {place} attack",
                            f"Strikes hit {place} overnight"])]

    # -- the whole article -----------------------------------------------------------------------
    def build(self, target_words: int) -> str:
        rng = self.rng
        paragraphs: list[list[list]] = []
        words = 0
        claim_paragraph = True  # the lead always reports claims
        lead = None
        while words < target_words:
            speaker = None
            if claim_paragraph:
                speaker = self._pick(self.speakers) if rng.random() < 0.78 else None
                place, location = self._paragraph_place() if rng.random() < 0.75 else (None, None)
                para = {"speaker": speaker, "place": place, "location": location, "claims": 0, "filler_place": None}
                if lead is None:
                    lead = para
                sentences = []
                n_claims = 1 + int(rng.random() * 1.7)
                n_fill = 1 + int(rng.random() * 2.5)
                order = [True] + [False] * n_fill + [True] * (n_claims - 1)
                if len(order) > 2:
                    rest = order[1:]
                    rng.shuffle(rest)
                    order = [True] + rest
                for is_claim in order:
                    sentences.append(self._claim_sentence(para) if is_claim else [self._filler(para)])
                # CLAIMS.md: the location is a place the sentence or its paragraph names. Fillers here name
                # none, and a claim sentence may leave the place out, so look at what the paragraph says.
                named = place is not None and any(isinstance(part, str) and place in part
                                                  for sentence in sentences for part in sentence)
                for sentence in sentences:
                    for part in sentence:
                        if isinstance(part, _Mark):
                            part.fields["location"] = location if named else None
            else:
                place = self._pick(self.places) if rng.random() < 0.6 else None
                para = {"speaker": None, "place": None, "location": None, "claims": 0, "filler_place": place}
                sentences = [[self._filler(para)] for _ in range(3 + int(rng.random() * 3))]
            paragraphs.append(sentences)
            for s in sentences:
                for part in s:
                    words += (part.count(" ") + 1) if isinstance(part, str) else (part.text.count(" ") + 1)
            claim_paragraph = rng.random() < CLAIM_PARAGRAPH_SHARE
        headline = self._headline(lead)
        byline = f"By {self._pick(_FEMALE + _MALE)} {self._pick(_SURNAMES)}"
        pieces: list = [*headline, f"\n{byline}\ndate {self.published.isoformat()}\n"]
        for sentences in paragraphs:
            pieces.append("\n")
            for i, s in enumerate(sentences):
                if i:
                    pieces.append(" ")
                pieces.extend(s)
            pieces.append("\n")
        out, pos = [], 0
        for part in pieces:
            if isinstance(part, _Mark):
                self.claims.append((pos, part))
                text = part.text
            elif isinstance(part, _Quantity):  # not used in output; guards against a template slip
                raise TypeError("a quantity without a mark")
            else:
                text = part
            out.append(text)
            pos += len(text)
        return "".join(out)


# Filler sentences: numbers that are not claims (CLAIMS.md "What is not a claim"). Each takes the article,
# its random() and a place (None where the paragraph must name no place).
def _n(r, lo: int, hi: int) -> int:
    return lo + int(r() * (hi - lo + 1))


def _year(a: _Article, r) -> int:
    return _n(r, 1950, a.published.year - 1)


_FILLERS = [
    lambda a, r, p: f"The railway line was built in {_year(a, r)} and was electrified {_n(r, 5, 30)} years later.",
    lambda a, r, p: f"Inspectors found {_n(r, 2, 60)} damaged apartment blocks and {_n(r, 2, 9)} damaged schools.",
    lambda a, r, p: f"Prices for bread have risen by {_n(r, 5, 80)} percent since {a._pick(_MONTHS)}.",
    lambda a, r, p: f"The convoy of {_n(r, 5, 90)} trucks took {_n(r, 2, 14)} hours to cover the last stretch of road.",
    lambda a, r, p: f"A {_n(r, 20, 79)}-year-old shopkeeper swept broken glass from the pavement.",
    lambda a, r, p: f"The authorities set aside {_n(r, 5, 95)},000 in local currency for each damaged home.",
    lambda a, r, p: f"The front line has barely moved in {_n(r, 2, 14)} months.",
    lambda a, r, p: f"Air raid sirens sounded {_n(r, 2, 30)} times during the night.",
    lambda a, r, p: f"Crews restored power to {_n(r, 1000, 90000):,} households by the evening.",
    lambda a, r, p: f"The talks, first held in {_n(r, 2014, a.published.year)}, have stalled for {_n(r, 2, 40)} weeks.",
    lambda a, r, p: (f"Forces destroyed {_n(r, 2, 60)} tanks, {_n(r, 2, 40)} armoured vehicles and {_n(r, 5, 120)} drones, "
                     f"the statement listed."),
    lambda a, r, p: f"On {a._pick(_MONTHS)} {_n(r, 1, 28)}, the council held an emergency session.",
    lambda a, r, p: f"The aid package is worth ${_n(r, 2, 900)} million and covers {_n(r, 3, 36)} months.",
    lambda a, r, p: f"{_cap(number_words(_n(r, 2, 40)))} craters were visible on satellite images of a field.",
    lambda a, r, p: f"The {_n(r, 5, 90)}-kilometre defensive line was begun in {a.published.year - 1}.",
    lambda a, r, p: f"Schools will stay closed for at least {_n(r, 2, 6)} weeks.",
    lambda a, r, p: f"Fuel deliveries fell by a third in {a._pick(_MONTHS)}.",
    lambda a, r, p: "Residents queued for water for several hours.",
    lambda a, r, p: f"The bridge carried about {_n(r, 2, 60)},000 vehicles a day before the war.",
    lambda a, r, p: f"Insurers valued the damage at {_n(r, 1, 40)} percent of the harbour's worth.",
    lambda a, r, p: f"The {_n(r, 4, 16)}-storey building collapsed shortly after {_n(r, 1, 11)}:{_n(r, 1, 5)}0 p.m.",
    lambda a, r, p: f"The dam, completed in {_year(a, r)}, holds {_n(r, 2, 900)} million cubic metres of water.",
    lambda a, r, p: f"The regional hospital has {_n(r, 80, 900)} beds and {_n(r, 2, 14)} operating theatres.",
    lambda a, r, p: f"Trains to the capital were running {a._pick(['two', 'three', 'five', 'six'])} hours late.",
    lambda a, r, p: f"A ceasefire agreed in {a._pick(_MONTHS)} {_year(a, r)} lasted {_n(r, 2, 40)} days.",
    lambda a, r, p: f"Drone debris damaged {_n(r, 2, 40)} cars and a petrol station.",
    lambda a, r, p: f"The currency fell {_n(r, 2, 30)}% against the dollar in {a._pick(_MONTHS)}.",
    lambda a, r, p: f"Parliament approved {_n(r, 2, 90)} billion in defence spending for {a.published.year + 1}.",
    lambda a, r, p: f"Power was cut to {_n(r, 3, 90)} villages for {_n(r, 2, 30)} hours.",
    lambda a, r, p: f"Grain exports reached {_n(r, 2, 40)} million tonnes in {a.published.year - 1}.",
    lambda a, r, p: f"The {_n(r, 2, 30)}th session of the regional council opened in {a._pick(_MONTHS)}.",
    lambda a, r, p: f"Air defences shot down {_n(r, 10, 30)} of {_n(r, 31, 60)} drones overnight, the air force listed.",
    lambda a, r, p: f"Repairs are expected to take {a._pick(['several', 'a few', 'two', 'three'])} months.",
    lambda a, r, p: f"The {_n(r, 1, 9)}.{_n(r, 1, 9)} magnitude tremor in {_year(a, r)} had left the old quarter fragile.",
    lambda a, r, p: f"A kilogram of potatoes now costs {_n(r, 20, 90)} in local currency, up from {_n(r, 5, 19)} in {_year(a, r)}.",
    lambda a, r, p: f"The ferry service, suspended in {a._pick(_MONTHS)}, used to run {_n(r, 2, 12)} times a day.",
    lambda a, r, p: f"Mobile networks were down for {_n(r, 2, 48)} hours after the attack on the relay mast.",
    lambda a, r, p: f"Only {_n(r, 2, 9)} of the region's {_n(r, 10, 40)} bakeries were still working.",
    lambda a, r, p: f"The old fortress, rebuilt in {_n(r, 1600, 1899)}, was hit for the {a._pick(['third', 'fourth', 'fifth'])} time.",
    lambda a, r, p: f"Rail freight volumes dropped {_n(r, 10, 70)}% year on year.",
    lambda a, r, p: f"The {_n(r, 20, 400)}-metre runway was cratered in several places.",
    lambda a, r, p: f"A shipment of {_n(r, 2, 40)} generators arrived on {a._pick(_DAYS)}.",
    lambda a, r, p: f"Curfew now runs from {_n(r, 9, 11)} p.m. to {_n(r, 5, 6)} a.m.",
    lambda a, r, p: f"The water treatment plant, opened in {_year(a, r)}, serves {_n(r, 3, 90)} villages.",
    lambda a, r, p: f"About {_n(r, 10, 80)} percent of the harvest was lost to fires in {a.published.year - 1}.",
    lambda a, r, p: f"Heating bills have doubled since {a._pick(_MONTHS)} {a.published.year - 1}.",
    lambda a, r, p: f"Talks in {a._pick(_MONTHS)} produced a {_n(r, 3, 30)}-point plan that was never signed.",
]
_PLACE_FILLERS = [
    lambda a, r, p: f"{p} lies {_n(r, 10, 160)} kilometres from the border.",
    lambda a, r, p: f"{p}, founded in {_n(r, 1500, 1900)}, had a pre-war population of about {_n(r, 10, 300)},000.",
    lambda a, r, p: f"About {_n(r, 1, 9)},{_n(r, 1, 9)}00 residents were evacuated from {p} by train.",
    lambda a, r, p: f"More than {_n(r, 100, 990)} people have fled {p} since {a._pick(_MONTHS)}.",
    lambda a, r, p: f"The road from {p} to the coast, {_n(r, 20, 220)} km long, was reopened on {a._pick(_DAYS)}.",
    lambda a, r, p: f"Volunteers delivered {_n(r, 2, 90)} tonnes of food to {p} in {a.published.year}.",
    lambda a, r, p: f"The shelter under the main square in {p} can hold {_n(r, 2, 9)},000 people.",
    lambda a, r, p: f"{p} has been without running water for {_n(r, 3, 40)} days.",
    lambda a, r, p: f"In {_year(a, r)}, {p} was home to {_n(r, 2, 40)} factories.",
    lambda a, r, p: f"The mayor of {p} said {_n(r, 2, 30)} heating points had opened across the town.",
]
_SPEAKER_FILLERS = [
    lambda a, r: f"said repairs to the damaged bridge would cost about ${_n(r, 1, 30)} million.",
    lambda a, r: f"said {_n(r, 2, 40)} tanks and {_n(r, 2, 10)} artillery systems had been destroyed in the same period.",
    lambda a, r: f"said the statement was issued at {_n(r, 1, 11)}:{_n(r, 0, 5)}0 a.m. local time.",
    lambda a, r: f"added that {_n(r, 10, 90)}% of the district had no electricity.",
    lambda a, r: f"said the figures would be updated within {_n(r, 2, 6)} days.",
    lambda a, r: f"said {_n(r, 2, 20)} bridges and a fuel depot had been hit since {a._pick(_MONTHS)}.",
]


# Share of paragraphs after the lead that report claims: about four claims per 500 words.
CLAIM_PARAGRAPH_SHARE = 0.2


def _occurrence(text: str, needle: str, start: int) -> int:
    """Which occurrence of `needle` (as str.find sees them, overlapping) starts at `start`."""
    count, position = 0, -1
    while True:
        position = text.find(needle, position + 1)
        if position < 0 or position > start:
            raise ValueError(f"{needle!r} not at {start}")
        count += 1
        if position == start:
            return count


def _target_words(rng: random.Random) -> int:
    return int(min(4000, max(200, rng.lognormvariate(math.log(500), 0.6))))


_GOLD_KEYS = ("value", "low", "high", "hedge", "qualifier", "category", "counted", "affiliation", "unit", "location",
              "source", "via", "scope")


def iter_articles(n_articles: int, seed: int = 0):
    """Yield (article id, text, gold rows) for each synthetic article, one at a time."""
    rng = random.Random(seed)
    for i in range(n_articles):
        article_id = f"synth_{i:06d}"
        article = _Article(rng, article_id)
        text = article.build(_target_words(rng))
        rows = []
        for start, mark in article.claims:
            if text[start:start + len(mark.text)] != mark.text:
                raise AssertionError(f"{article_id}: {mark.text!r} not at {start}")
            row = {"article": article_id, "text": mark.text, "occurrence": _occurrence(text, mark.text, start)}
            for key in _GOLD_KEYS:
                row[key] = mark.fields[key]
            rows.append(row)
        yield article_id, text, rows


def write_corpus(out_dir: Path, n_articles: int, seed: int = 0) -> dict:
    """Write `n_articles` synthetic articles to out_dir/articles/*.txt and their gold claims to out_dir/gold.jsonl.

    Returns stats: articles, claims, words, bytes (of the article texts, UTF-8), seconds, out.
    """
    out_dir = Path(out_dir)
    articles_dir = out_dir / "articles"
    articles_dir.mkdir(parents=True, exist_ok=True)
    started = time.perf_counter()
    n_claims = n_words = n_bytes = 0
    by_hedge: dict[str, int] = {}
    by_category: dict[str, int] = {}
    with open(out_dir / "gold.jsonl", "w", encoding="utf-8") as gold:
        for article_id, text, rows in iter_articles(n_articles, seed):
            data = text.encode("utf-8")
            (articles_dir / f"{article_id}.txt").write_bytes(data)
            n_bytes += len(data)
            n_words += len(text.split())
            n_claims += len(rows)
            for row in rows:
                by_hedge[row["hedge"]] = by_hedge.get(row["hedge"], 0) + 1
                by_category[row["category"]] = by_category.get(row["category"], 0) + 1
                gold.write(json.dumps(row, ensure_ascii=False))
                gold.write("\n")
    return {
        "articles": n_articles, "claims": n_claims, "words": n_words, "bytes": n_bytes,
        "seconds": round(time.perf_counter() - started, 3), "out": str(out_dir),
        "hedges": dict(sorted(by_hedge.items())), "categories": dict(sorted(by_category.items())),
    }


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("out", type=Path, help="folder to write articles/*.txt and gold.jsonl into")
    parser.add_argument("-n", "--articles", type=int, default=100, help="how many articles (default 100)")
    parser.add_argument("--seed", type=int, default=0, help="random seed: the same seed writes the same files")


def main_args(args: argparse.Namespace | list[str] | None = None) -> int:
    """Run from parsed arguments (the `claims synth` subcommand) or an argv list; prints the stats as JSON."""
    if not isinstance(args, argparse.Namespace):
        parser = argparse.ArgumentParser(prog="synth", description="Write a synthetic corpus with gold claims.")
        add_arguments(parser)
        args = parser.parse_args(args)
    if args.articles < 0:
        print("synth: --articles must be >= 0", file=sys.stderr)
        return 2
    stats = write_corpus(args.out, args.articles, args.seed)
    print(json.dumps(stats))
    return 0


if __name__ == "__main__":
    raise SystemExit(main_args())
