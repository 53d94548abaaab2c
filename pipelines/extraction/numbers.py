"""The number grammar: every numeric or vague quantity in a text, with its hedge and bounds.

A quantity is found without looking at what it counts; `claims.py` decides which are claims.

>>> [(q.text, q.hedge, q.value, q.low, q.high) for q in find_quantities("at least 37 and almost 40")]
[('at least 37', 'lower_bound', 37, 37, None), ('almost 40', 'upper_bound', 40, None, 39)]
>>> [(q.text, q.low, q.high, q.qualifier) for q in find_quantities("about 60-100 dead, between 1,000 and 3,000 hurt")]
[('about 60-100', 60, 100, 'about'), ('between 1,000 and 3,000', 1000, 3000, 'between')]
>>> [(q.text, q.value) for q in find_quantities("Forty-eight people, 1.5 million, half a thousand, 2.7k, 15 899")]
[('Forty-eight', 48), ('1.5 million', 1500000), ('half a thousand', 500), ('2.7k', 2700), ('15 899', 15899)]
>>> [(q.text, q.hedge, q.low) for q in find_quantities("tens of thousands fled; several hundred stayed; a dozen")]
[('tens of thousands', 'vague', 20000), ('several hundred', 'vague', 300), ('a dozen', 'approximate', None)]
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal, InvalidOperation
from functools import cache
from typing import NamedTuple

from .lexicon import Lexicon, alternation, load, phrase_key
from .text import ascii_lower


# Larger figures do not fit the store's BIGINT columns, and no casualty count comes near them.
MAX_COUNT = 2**63 - 1


class Quantity(NamedTuple):  # a tuple: articles have thousands of numbers, and tuples are cheap to make
    start: int
    end: int
    text: str
    value: int | None
    low: int | None
    high: int | None
    hedge: str
    qualifier: str | None
    kind: str  # "number", "range" or "vague"
    number_start: int  # where the number itself starts, after any qualifier


class _Atom(NamedTuple):
    start: int
    end: int
    value: int | None
    kind: str  # "number", "dozen" (a dozen: approximate), "vague"
    low: int | None = None


@dataclass(frozen=True)
class _Grammar:
    atoms: re.Pattern
    before: re.Pattern
    before_endings: tuple[str, ...]  # the last word of each `before` wording: a window ending otherwise has none
    after: re.Pattern
    qualifier_of: dict[tuple[str, str], tuple[str, str]]


_DIGITS = r"""
    (?P<digits>
        \d{1,3}(?:,\d{3})+(?:\.\d+)?        # 1,200 / 251,620
      | \d{1,3}(?:[\u00a0\u202f\u2009 ]\d{3})+(?![\d,.]\d)  # 15 899 (thin or plain space)
      | \d{1,3}(?:\.\d{3})+(?![\d,])         # 2.700 (dot grouping)
      | \d+(?:\.\d+)?
    )
    (?:\s*(?P<dscale>{scales})\b | (?P<sscale>k|K|m|bn|mln)\b)?
"""


@cache
def _grammar() -> _Grammar:
    lex = load()
    word = alternation([*lex.units, *lex.tens])
    scale_words = alternation([w for w in lex.scales if len(w) > 2])
    number_words = rf"(?:{word})(?:(?:\s+and\s+|[\s-]+)(?:{word}|{scale_words}))*"
    atoms = re.compile(  # run on ascii_lower(text): the words are lowercase, re.I would be slow
        rf"""(?x)
        (?<![\w.,])
        (?:
            (?P<half>half\s+a\s+(?:{scale_words}))
          | (?P<dozen>(?:a|(?P<dozenmul>{word}))\s+(?:{alternation(lex.dozens)}))\b(?!s\b)
          | (?P<vague>{alternation(lex.vague)})\b
          | (?P<words>{number_words})\b
          | (?P<ahundred>an?\s+(?:hundred|thousand))\b
          | {_DIGITS.replace("{scales}", scale_words)}
        )
        (?![\w%])
        """
    )
    before = [q for q in lex.qualifiers if q.position == "before"]
    after = [q for q in lex.qualifiers if q.position == "after"]
    return _Grammar(
        atoms=atoms,
        before=re.compile(rf"(?:^|(?<=[^\w]))({alternation(q.words for q in before)})\s*$"),  # on ascii_lower text
        before_endings=tuple({q.words.split()[-1] for q in before}),
        after=re.compile(rf"(?i)\s*({alternation(q.words for q in after)})(?!\w)"),
        qualifier_of={(q.words, q.position): (q.hedge, q.bound) for q in lex.qualifiers},
    )


def words_value(phrase: str, lex: Lexicon | None = None) -> int | None:
    """The value of a number written in words.

    >>> words_value("thirty-seven"), words_value("two hundred and five"), words_value("three thousand")
    (37, 205, 3000)
    """
    lex = lex or load()
    total, current = 0, 0
    for token in re.split(r"[\s-]+", phrase.lower()):
        if token == "and":
            continue
        if token in lex.units:
            current += lex.units[token]
        elif token in lex.tens:
            current += lex.tens[token]
        elif token in lex.scales:
            scale = lex.scales[token]
            if scale == 100:
                current = max(current, 1) * 100
            else:
                total += max(current, 1) * scale
                current = 0
        else:
            return None
    value = total + current
    return value if value <= MAX_COUNT else None


def digits_value(digits: str, scale: str | None, lex: Lexicon | None = None) -> int | None:
    """The value of a number written in digits, with its grouping and scale.

    >>> digits_value("1,200", None), digits_value("2.700", None), digits_value("1.5", "million"), digits_value("2.7", "k")
    (1200, 2700, 1500000, 2700)
    """
    if scale is None and digits.isdigit() and len(digits) <= 18:
        return int(digits)  # plain digits, the common case: 18 digits stay below MAX_COUNT
    lex = lex or load()
    raw = re.sub(r"[\s\u00a0\u202f\u2009,]", "", digits)
    if re.fullmatch(r"\d{1,3}(?:\.\d{3})+", raw) and not scale:
        raw = raw.replace(".", "")
    if len(raw) > 19:
        return None  # no count of people has twenty digits: a code, a serial or noise
    try:
        number = Decimal(raw)
    except InvalidOperation:
        return None
    if scale:
        number *= lex.scales[scale.lower()]
    value = int(number.to_integral_value(ROUND_HALF_UP))
    return value if value <= MAX_COUNT else None


def _atoms(text: str, lex: Lexicon) -> list[_Atom]:
    """Numbers, number words and vague words in `text` (ascii_lower form)."""
    out = []
    for m in _grammar().atoms.finditer(text):
        kind = m.lastgroup  # the branch that matched: the outermost group of each closes last
        g = m.group
        if kind == "half":
            out.append(_Atom(m.start(), m.end(), lex.scales[g("half").split()[-1].lower()] // 2, "number"))
        elif kind == "dozen":
            unit = lex.dozens[g("dozen").split()[-1].lower()]
            if g("dozenmul"):
                out.append(_Atom(m.start(), m.end(), words_value(g("dozenmul"), lex) * unit, "number"))
            else:
                out.append(_Atom(m.start(), m.end(), unit, "dozen"))
        elif kind == "vague":
            out.append(_Atom(m.start(), m.end(), None, "vague", lex.vague[phrase_key(g("vague"))]))
        elif kind == "words":
            value = words_value(g("words"), lex)
            if value is not None:
                out.append(_Atom(m.start(), m.end(), value, "number"))
        elif kind == "ahundred":
            out.append(_Atom(m.start(), m.end(), lex.scales[g("ahundred").split()[-1].lower()], "number"))
        else:
            value = digits_value(g("digits"), g("dscale") or g("sscale"), lex)
            if value is not None:
                out.append(_Atom(m.start(), m.end(), value, "number"))
    return out


_RANGE_GAP = re.compile(r"\s*(?:-|–|—|to|or)\s*|\s+and\s+", re.I)
_OPENER = re.compile(r"(?:^|(?<=[^\w]))(between|from)\s+$")  # on ascii_lower text


def _bounds(value: int, hedge: str, bound: str) -> tuple[int | None, int | None]:
    if bound == "low_n":
        return value, None
    if bound == "low_n_plus":
        return value + 1, None
    if bound == "high_n":
        return None, value
    if bound == "high_n_minus":
        return None, value - 1
    if hedge == "exact":
        return value, value
    return None, None


def hedge_bounds(qualifier: str | None, value: int, position: str = "before") -> tuple[str, int | None, int | None]:
    """The hedge and inclusive bounds the hedge table (hedges.toml) gives a stated number and its qualifier.

    >>> hedge_bounds("almost", 40), hedge_bounds("at least", 37), hedge_bounds("or more", 9, "after"), hedge_bounds(None, 5)
    (('upper_bound', None, 39), ('lower_bound', 37, None), ('lower_bound', 9, None), ('exact', 5, 5))
    """
    if qualifier is None:
        return "exact", value, value
    hedge, bound = _grammar().qualifier_of[(qualifier, position)]
    return (hedge, *_bounds(value, hedge, bound))


def find_quantities(text: str) -> list[Quantity]:
    """Every quantity in `text`, left to right, each with its exact span."""
    lex, grammar = load(), _grammar()
    lowered = ascii_lower(text)
    atoms = _atoms(lowered, lex)
    # A vague word right before a number is a qualifier ("some 500"), not a quantity of its own.
    atoms = [a for i, a in enumerate(atoms)
             if not (a.kind == "vague" and i + 1 < len(atoms) and atoms[i + 1].kind == "number"
                     and re.fullmatch(r"\s+", text[a.end:atoms[i + 1].start]))]
    out: list[Quantity] = []
    i = 0
    while i < len(atoms):
        a = atoms[i]
        start, end = a.start, a.end
        number_start = a.start
        nxt = atoms[i + 1] if i + 1 < len(atoms) else None
        window = lowered[max(0, start - 40):start]
        tail = window.rstrip()
        opener = _OPENER.search(window) if tail.endswith(("between", "from")) else None
        if (nxt and a.kind == "number" and nxt.kind == "number" and nxt.value > a.value
                and _RANGE_GAP.fullmatch(text[a.end:nxt.start])):
            gap = text[a.end:nxt.start].strip().lower()
            if gap != "and" or (opener and opener.group(1).lower() == "between"):
                qualifier = None
                if opener:
                    start = start - len(window) + opener.start(1)
                    qualifier = opener.group(1).lower()
                else:
                    q = grammar.before.search(window) if tail.endswith(grammar.before_endings) else None
                    if q:
                        start = start - len(window) + q.start(1)
                        qualifier = phrase_key(q.group(1))
                end = nxt.end
                out.append(Quantity(start, end, text[start:end], None, a.value, nxt.value, "range", qualifier,
                                    "range", number_start))
                i += 2
                continue
        hedge, qualifier, low, high, value = "exact", None, None, None, a.value
        if a.kind == "vague":
            hedge, low = "vague", a.low
        else:
            q = grammar.before.search(window) if tail.endswith(grammar.before_endings) else None
            post = grammar.after.match(text, end) if q is None else None
            if q:
                start = start - len(window) + q.start(1)
                qualifier = phrase_key(q.group(1))
                hedge, bound = grammar.qualifier_of[(qualifier.replace("\n", " "), "before")]
            elif post:
                end = post.end(1)
                qualifier = phrase_key(post.group(1))
                hedge, bound = grammar.qualifier_of[(qualifier, "after")]
            elif a.kind == "dozen":
                hedge, bound = "approximate", "none"
            else:
                bound = "none"
            if a.kind == "dozen" and hedge == "exact":
                hedge = "approximate"
            low, high = (value, value) if hedge == "exact" and bound == "none" else _bounds(value, hedge, bound)
        out.append(Quantity(start, end, text[start:end], value, low, high, hedge, qualifier, a.kind, number_start))
        i += 1
    # "as many as 600,000": the vague word inside another quantity's qualifier is not one of its own.
    # Quantities come left to right, so only a neighbour can contain one.
    kept = []
    for i, q in enumerate(out):
        before = out[i - 1] if i else None
        after = out[i + 1] if i + 1 < len(out) else None
        if not ((before and before.start <= q.start and q.end <= before.end)
                or (after and after.start <= q.start and q.end <= after.end)):
            kept.append(q)
    return kept
