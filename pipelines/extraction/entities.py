"""Who the counted people are (affiliation, unit) and where it happened (location).

>>> affiliation_of("foreign mercenaries from Belarus"), affiliation_of("fighters from Poland, Canada and the US")
('belarusian', 'foreign')
>>> affiliation_of("North Korean troops"), affiliation_of("civilians")
('north korean', None)
>>> units_in("at least 37 dead men from the units of the Northern Volunteer Legion near Varnesk")
['Northern Volunteer Legion']
>>> locations_in("Shelling killed two people in southern Varnesk's Dorva region on Monday.")
[(49, 'Dorva region')]
>>> locations_in("Strikes hit the city of Kestrel and villages near Orlov, the Varnesk regional governor said.")
[(24, 'Kestrel'), (50, 'Orlov')]
"""

from __future__ import annotations

import re
from functools import cache

from .lexicon import Lexicon, alternation, load
from .text import ascii_lower


@cache
def _demonym_pattern() -> re.Pattern:
    lex = load()
    nouns = [d + "s" for d in lex.demonyms if re.search(r"(?:an|i)$", d)]
    return re.compile(rf"\b({alternation([*lex.demonyms, *nouns, *lex.side_words])})\b")  # on ascii_lower text


def demonym_of(word: str, lex: Lexicon | None = None) -> str | None:
    """The affiliation a demonym or side word gives ("Belarusians" -> "belarusian")."""
    lex = lex or load()
    low = word.lower()
    if low in lex.side_words:
        return lex.side_words[low]
    if low in lex.demonyms:
        return low
    if low.endswith("s") and low[:-1] in lex.demonyms:
        return low[:-1]
    return None


_NATIONALITY_ADJECTIVE = re.compile(r"\b([A-Z][a-z]+(?:ian|ean|an|ese|ish|i))\b")
_TITLE_AFTER_PLACE = re.compile(r"(?i)\s+(?:regional|military|city|oblast)\s+(?:governor|administration|head|council|police|authorities|mayor)")
_POSSESSIVE_END = re.compile(r"['’]s$")
_FROM_MANY_COUNTRIES = re.compile(
    r"\bfrom\s+(?:all\s+over\s+the\s+world|different\s+countries|other\s+countries|many\s+countries|abroad|\d+\s+countries)")


def affiliation_of(phrase: str) -> str | None:
    """The side a noun phrase ties its people to: a demonym, the countries they come from, or a side word.

    A named nationality beats a generic side word ("foreign mercenaries from Belarus" -> belarusian);
    several nationalities together are `foreign`.
    """
    lex = load()
    low = ascii_lower(phrase)
    if _FROM_MANY_COUNTRIES.search(low):
        return "foreign"
    named, sides = [], []
    for m in _demonym_pattern().finditer(low):
        word = demonym_of(m.group(1), lex)
        (sides if m.group(1).lower() in lex.side_words else named).append(word)
    # A capitalised adjective of nationality the lexicon lacks: "Vostranian", "Sokoran".
    named += [w.lower() for w in _NATIONALITY_ADJECTIVE.findall(phrase)
              if w.lower() not in lex.country_names and w not in lex.not_places and not demonym_of(w, lex)]
    for m in _country_list_pattern().finditer(low):
        for country in re.split(r",\s*|\s+(?:and|or)\s+", m.group(1)):
            country = re.sub(r"(?i)^the\s+", "", country.strip())
            if country.lower() in lex.country_names:
                named.append(lex.country_names[country.lower()])
    distinct = list(dict.fromkeys(named))
    if len(distinct) > 1:
        return "foreign"
    if distinct:
        return distinct[0]
    return sides[0] if sides else None


@cache
def _country_list_pattern() -> re.Pattern:
    lex = load()
    one = rf"(?:the\s+)?(?:{alternation(c.lower() for c in lex.country_names)})"
    return re.compile(rf"\bfrom\s+({one}(?:\s*,\s*{one})*(?:,?\s+(?:and|or)\s+{one})?)\b")  # on ascii_lower text


@cache
def _unit_pattern() -> re.Pattern:
    lex = load()
    heads = alternation(lex.formation_heads)
    prefixes = alternation(lex.formation_prefixes)
    name = r"(?:[A-Z][\w’'.-]*|\d+(?:st|nd|rd|th))"
    return re.compile(
        rf"""(?x)
        (?P<named>(?:{name}\s+){{1,5}}(?:{heads})(?:\s+of\s+(?:the\s+)?(?:{name}\s+){{0,4}}{name})?)
      | (?P<pmc>(?:{prefixes})\s+{name}|{name}\s+(?:{prefixes}))
        """
    )


@cache
def _formation_word() -> re.Pattern:
    """A formation head or PMC prefix: a text without one names no formation."""
    lex = load()
    return re.compile(alternation([*lex.formation_heads, *lex.formation_prefixes]))


def units_in(phrase: str) -> list[str]:
    """Named formations in a phrase, as written (leading "the" dropped)."""
    lex = load()
    out = []
    if not _formation_word().search(phrase):
        return out
    for m in _unit_pattern().finditer(phrase):
        name = re.sub(r"^(?:The|A|An|Its|Their|His|Her)\s+", "", m.group(0)).strip()
        if name in lex.not_formations or name.split()[0] in ("Russian", "Ukrainian") and name.endswith(("Army", "Forces")):
            continue
        out.append(name)
    return out


@cache
def _place_pattern() -> re.Pattern:
    lex = load()
    # As written, or capitalised at the start of a sentence ("In Karvo province, ..."); (?i) would be slower.
    preps = alternation([*lex.location_prepositions, *(w.capitalize() for w in lex.location_prepositions)])
    directions = alternation(lex.place_directions)
    suffixes = alternation(lex.place_suffixes)
    # A capitalised word, or one joined by a lowercase particle ("Deir al-Balah", "Bir el-Abd").
    word = r"[A-Z][\w’'-]*[\w]"
    name = rf"{word}(?:\s+(?:(?:al|el|ad|ar|as|ash|at|az|ed|en)-)?{word}|\s+and\s+{word}){{0,2}}"
    kinds = "city|town|village|region|province|settlement|district|community|municipality"
    return re.compile(
        rf"""(?x)
        \b(?:(?:{preps})\s+(?:the\s+)?
              (?:(?:country|nation)['’]s\s+)?                              # "in the country's Est region"
              (?:(?:(?:{directions})\s+)?(?:{word}\s+)?(?:{kinds})\s+of\s+   # "the central Gaza town of ..."
                 | (?:{word}\s+)?capital\s+)?                               # "the Yemeni capital Sanaa"
           | the\s+(?:(?:{directions})\s+)?(?:[\w-]+\s+)?(?:{kinds})\s+of\s+)           # "the northern border town of ..."
        (?P<place>
            (?:(?:{directions})\s+)?                                        # kept: "eastern Ukraine"
            (?:{word}(?:['’]s)?\s+(?={word}))?            # a country's possessive ("Ukraine's")
            {name}
            (?:\s+(?:{suffixes})\b)?
        )
        """
    )


@cache
def _organisation_after() -> re.Pattern:
    return re.compile(rf"(?i)\s+(?:{alternation(load().organisation_heads)})\b")


def _clean_place(place: str, lex: Lexicon) -> str | None:
    words = _POSSESSIVE_END.sub("", place).split()
    # "Ukraine's Kherson region" -> "Kherson region", and "southern Ukraine's ...": the possessive owner
    # (with its direction) is context, not the place.
    owner = 1 if len(words) > 2 and words[0].lower() in lex.place_directions else 0
    if len(words) > owner + 1 and _POSSESSIVE_END.search(words[owner]):
        words = words[owner + 1:]
    while words and words[0] in lex.not_places:
        words = words[1:]
    if not words:
        return None
    name = " ".join(words)
    if name in lex.not_places or words[0].lower() in lex.demonyms or words[-1] in lex.organisation_suffixes:
        return None
    if all(re.fullmatch(r"[A-Z0-9-]{2,}", w) for w in words):
        return None  # an acronym or code ("VDP", "M23"): groups and units, not places
    return name


# What stands between a place and a wider one that only locates it: "El Fasher, the last city in Darfur",
# "Thit Kyin, in Kani Township", "Kurmin Wali, a farming community in Kajuru", "Malam-Fatori, near ...".
_WIDER_PLACE_BETWEEN = re.compile(r"\s*,\s*(?:(?:the|a|an)\s+)?(?:[\w’'-]+\s+){0,5}?(?:in|of|near)\s+(?:the\s+)?$")


def locations_in(sentence: str) -> list[tuple[int, str]]:
    """Places a sentence names after a preposition, with their offsets in the sentence; a wider place that
    only locates the one before it is left out."""
    lex = load()
    out: list[tuple[int, str]] = []
    previous_end = None
    for m in _place_pattern().finditer(sentence):
        place = m.group("place")
        tail = sentence[m.end("place"):m.end("place") + 30]
        # A place that is part of a title or an organisation's name is not where it happened.
        if _TITLE_AFTER_PLACE.match(tail):
            continue
        if _organisation_after().match(tail) and not re.search(r"(?:region|area|oblast|province)$", place, re.I):
            continue
        name = _clean_place(place, lex)
        if name and not any(h in name.split() for h in lex.formation_heads):
            wider = previous_end is not None and _WIDER_PLACE_BETWEEN.fullmatch(sentence, previous_end, m.start("place"))
            if not wider:
                out.append((m.start("place") + place.find(name.split()[0]), name))
            previous_end = m.end("place")
    return out
