"""Normalising the words claims are grouped by: sources, sides, counted groups, places.

Every list of words lives in ``data/lexicon.toml`` beside this file, loaded once.
The functions here only fold text and look it up.

>>> normalize_source("Russia’s Ministry of Defense")
'russia:defence ministry'
>>> normalize_source("General Staff of the Armed Forces of Ukraine")
'ukraine:general staff'
>>> side_of("russia:defence ministry", None)
'russia'
>>> counted_group("servicemen"), counted_group("troops")
('soldiers', 'soldiers')
"""

from __future__ import annotations

import re
import tomllib
import unicodedata
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

LEXICON_PATH = Path(__file__).with_name("data") / "lexicon.toml"

_APOSTROPHES = str.maketrans({"\u2019": "'", "\u2018": "'", "\u02bc": "'", "`": "'", "\u00b4": "'"})
_INDEFINITE = ("a", "an")


@dataclass(frozen=True)
class Lexicon:
    """The TOML file, folded and indexed for lookup."""

    fillers: frozenset[str]
    spelling: dict[str, str]
    countries: dict[tuple[str, ...], str]  # word sequence -> country
    capitals: dict[str, str]
    sides: dict[str, str]
    institutions: dict[tuple[str, ...], str]  # filler-free phrase -> canonical institution
    institution_country: dict[str, str]  # institution word -> the country it implies
    voices: tuple[tuple[str, ...], ...]
    titles: tuple[tuple[str, ...], ...]
    aliases: dict[str, str]
    source_sides: dict[str, str]
    local_authorities: tuple[str, ...]
    counted: dict[str, str]  # head noun -> group label
    generic_groups: frozenset[str]
    near_upper: tuple[str, ...]
    near_lower: tuple[str, ...]
    conservative_vague: dict[str, int]


def fold(text: str | None) -> str | None:
    """Lowercase, strip accents, straighten apostrophes, turn punctuation into spaces.

    Dots inside a word are kept so that domains stay domains.

    >>> fold("  The Russian  Ministry of Defence (MoD)! ")
    'the russian ministry of defence mod'
    >>> fold("Lt. Gen. Zaluzhnyi, gazeta.ru")
    'lt gen zaluzhnyi gazeta.ru'
    >>> fold("Commander-in-chief") , fold("Česká") , fold("   ")
    ('commander in chief', 'ceska', None)
    """
    if text is None:
        return None
    text = unicodedata.normalize("NFKD", text.translate(_APOSTROPHES))
    text = "".join(ch for ch in text if not unicodedata.combining(ch)).lower()
    text = re.sub(r"[^\w\s'.]", " ", text)
    text = re.sub(r"(?<![\w])\.|\.(?![\w])", " ", text)  # dots not inside a word
    text = re.sub(r"\s+", " ", text).strip()
    return text or None


def _tokens(text: str, lex: Lexicon) -> list[str]:
    out = []
    for tok in text.split():
        tok = tok.strip("'")
        if tok.endswith("'s"):
            tok = tok[:-2]
        tok = tok.replace("'", "")
        if tok:
            out.append(lex.spelling.get(tok, tok))
    return out


def _phrase(text: str, fillers: frozenset[str], spelling: dict[str, str]) -> tuple[str, ...]:
    words = re.sub(r"[^\w\s.]", " ", text.lower().replace("-", " ")).split()
    return tuple(spelling.get(w, w) for w in words if w not in fillers)


@lru_cache(maxsize=1)
def lexicon() -> Lexicon:
    """The lexicon, read once from ``data/lexicon.toml``."""
    with LEXICON_PATH.open("rb") as fh:
        raw = tomllib.load(fh)
    fillers = frozenset(raw["fillers"])
    spelling = dict(raw["spelling"])

    def phrase(text: str) -> tuple[str, ...]:
        return _phrase(text, fillers, spelling)

    countries = {tuple(spelling.get(w, w) for w in k.split()): v for k, v in raw["countries"].items()}
    institutions: dict[tuple[str, ...], str] = {}
    for canonical, synonyms in raw["institutions"].items():
        for syn in [canonical, *synonyms]:
            institutions[phrase(syn)] = canonical
    counted: dict[str, str] = {}
    for group, nouns in raw["counted"].items():
        for noun in [group, *nouns]:
            counted[" ".join(phrase(noun))] = group
    return Lexicon(
        fillers=fillers,
        spelling=spelling,
        countries=countries,
        capitals=dict(raw["capitals"]),
        sides=dict(raw["sides"]),
        institutions=institutions,
        institution_country=dict(raw["institution_country"]),
        voices=tuple(sorted({phrase(v) for v in raw["speakers"]["voices"]}, key=len, reverse=True)),
        titles=tuple(sorted({phrase(t) for t in raw["speakers"]["titles"]}, key=len, reverse=True)),
        aliases={fold(k): v for k, v in raw["aliases"].items()},
        source_sides=dict(raw["source_sides"]),
        local_authorities=tuple(raw["local_authorities"]["words"]),
        counted=counted,
        generic_groups=frozenset(raw["counted_generic"]["groups"]),
        near_upper=tuple(raw["near_qualifiers"]["upper"]),
        near_lower=tuple(raw["near_qualifiers"]["lower"]),
        conservative_vague={fold(k): int(v) for k, v in raw["conservative_vague"].items()},
    )


def _pull_countries(tokens: list[str], lex: Lexicon) -> tuple[str | None, list[str]]:
    """Remove every country word or phrase; return the first country named and the rest."""
    longest = max(len(k) for k in lex.countries)
    first: str | None = None
    rest: list[str] = []
    i = 0
    while i < len(tokens):
        for n in range(min(longest, len(tokens) - i), 0, -1):
            country = lex.countries.get(tuple(tokens[i : i + n]))
            if country:
                first = first or country
                i += n
                break
        else:
            rest.append(tokens[i])
            i += 1
    return first, rest


def _starts_with(words: list[str], phrases: tuple[tuple[str, ...], ...], at: int = 0) -> int:
    """Length of the first (longest) phrase found at position ``at``, 0 if none."""
    for p in phrases:
        if tuple(words[at : at + len(p)]) == p:
            return len(p)
    return 0


def _match_institution(words: list[str], lex: Lexicon) -> tuple[str, str | None] | None:
    """Words that are, end to end, names of one institution (``military intelligence hur``).

    Returns the canonical institution and the country one of its words implies (``hur`` -> ukraine).
    """
    longest = max(len(k) for k in lex.institutions)
    canonical: str | None = None
    implied: str | None = None
    i = 0
    while i < len(words):
        for n in range(min(longest, len(words) - i), 0, -1):
            phrase = tuple(words[i : i + n])
            inst = lex.institutions.get(phrase)
            if inst is not None:
                break
        else:
            return None
        if canonical not in (None, inst):
            return None
        canonical = inst
        implied = implied or lex.institution_country.get(" ".join(phrase))
        i += n
    return (canonical, implied) if canonical else None


def _institution_with_voice(words: list[str], lex: Lexicon) -> tuple[str, str | None] | None:
    """'defence ministry spokesman igor x' -> the defence ministry: someone speaking for it.

    The words before the first voice word (spokesman, press service, briefing, ...) must
    name one institution; whatever follows the voice word (a name) is dropped. A voice
    word in front (``press service of the general staff``) is dropped too.
    """
    lead = _starts_with(words, lex.voices, 0)
    if lead and lead < len(words):
        return _match_institution(words[lead:], lex)
    for i in range(1, len(words)):
        if _starts_with(words, lex.voices, i):
            return _match_institution(words[:i], lex)
    return None


def _with_country(country: str | None, match: tuple[str, str | None]) -> str:
    inst, implied = match
    country = country or implied
    return f"{country}:{inst}" if country else inst


@lru_cache(maxsize=65536)
def normalize_source(source: str | None) -> str | None:
    """One key per speaker, however the article spells it.

    * State bodies: ``country:institution`` (``russia:defence ministry``); without a
      country word just the institution (``general staff``).
    * Persons: their name with titles and country adjectives dropped
      (``volodymyr zelensky``); someone speaking *for* an institution (a spokesman, its
      briefing) is the institution.
    * Indefinite speakers (``a soldier of the 20th Army``): the folded text, ``a`` kept.
    * Anything else (outlets, NGOs): the folded text without a leading ``the``.
    * ``None`` or blank: ``None`` (the article's own voice).

    Aliases (``SBU``, ``Kremlin``, ``Zelenskyy``) come from the lexicon.

    >>> [normalize_source(s) for s in ["Russia's Defense Ministry", "MoD of Russia",
    ...     "the Russian defence ministry", "Ukrainian General Staff", "Kremlin spokesman Dmitry Peskov",
    ...     "President Volodymyr Zelenskyy", "Newsweek", "a soldier of the 20th Army", None]]
    ... # doctest: +NORMALIZE_WHITESPACE
    ['russia:defence ministry', 'russia:defence ministry', 'russia:defence ministry',
     'ukraine:general staff', 'russia:presidency', 'volodymyr zelensky', 'newsweek',
     'a soldier of the 20th army', None]
    """
    lex = lexicon()
    text = fold(source)
    if text is None:
        return None
    if text.startswith("the "):
        text = text[4:]
    if text in lex.aliases:
        return lex.aliases[text]
    tokens = _tokens(text, lex)
    joined = " ".join(tokens)
    if joined in lex.aliases:
        return lex.aliases[joined]
    if joined in lex.capitals:
        return lex.capitals[joined]
    if not tokens:
        return None
    if tokens[0] in _INDEFINITE:
        return joined
    country, rest = _pull_countries(tokens, lex)
    words = [w for w in rest if w not in lex.fillers]
    if not words:
        return country
    match = _match_institution(words, lex) or _institution_with_voice(words, lex)
    if match is not None:
        return _with_country(country, match)
    # a titled person: strip leading titles, keep the name
    i, titled = 0, False
    while i < len(words):
        n = _starts_with(words, lex.titles, i)
        if not n:
            break
        i, titled = i + n, True
    if titled and i < len(words):
        name = " ".join(words[i:])
        return lex.aliases.get(name, name)
    body = " ".join(rest)
    key = f"{country}:{body}" if country else body
    return lex.aliases.get(key, key)


@lru_cache(maxsize=65536)
def country_of(word: str | None) -> str | None:
    """Country key of a country name, adjective or demonym, else None.

    >>> country_of("Ukrainian"), country_of("russia's"), country_of("foreign")
    ('ukraine', 'russia', None)
    """
    lex = lexicon()
    text = fold(word)
    if text is None:
        return None
    return lex.countries.get(tuple(_tokens(text, lex)))


def side_of(source_key: str | None, affiliation: str | None = None) -> str | None:
    """Which party of the conflict a normalized source speaks for; None for third parties and media.

    In order: a named source in ``[source_sides]``; the ``country:`` prefix of the key,
    if that country is a party (``[sides]``); a bare country key; an indefinite speaker
    whose description names a party (``a ukrainian commander``); and last, a local
    authority (governor, mayor, ...) with no country of its own takes the side of the
    counted people's ``affiliation``, since local authorities report their own
    population's losses. Anything else (outlets, NGOs, the article's own voice) is None.

    >>> side_of("ukraine:general staff", "russian"), side_of("reuters", "ukrainian")
    ('ukraine', None)
    >>> side_of("kharkiv regional governor", "ukrainian"), side_of("united states:officials", None)
    ('ukraine', None)
    """
    if source_key is None:
        return None
    lex = lexicon()
    if source_key in lex.source_sides:
        return lex.source_sides[source_key]
    prefix, sep, rest = source_key.partition(":")
    if sep:
        return lex.sides.get(prefix)
    if source_key in lex.sides:
        return lex.sides[source_key]
    tokens = source_key.split()
    if tokens and tokens[0] in _INDEFINITE:
        country, _ = _pull_countries(tokens, lex)
        if country:
            return lex.sides.get(country)
    if affiliation is not None and any(word in source_key for word in lex.local_authorities):
        country = country_of(affiliation)
        if country:
            return lex.sides.get(country)
    return None


@lru_cache(maxsize=65536)
def counted_group(counted: str | None) -> str | None:
    """The group a counted head noun belongs to, for compatibility; None stays None.

    >>> [counted_group(c) for c in ["Soldiers", "military personnel", "militants", "civilians", "deaths", "belarusians"]]
    ['soldiers', 'soldiers', 'fighters', 'civilians', 'people', 'belarusian']
    """
    lex = lexicon()
    text = fold(counted)
    if text is None:
        return None
    key = " ".join(_phrase(text, lex.fillers, lex.spelling))
    if key in lex.counted:
        return lex.counted[key]
    single = _singular(key)
    return lex.counted.get(single, single)


def _singular(phrase: str) -> str:
    words = phrase.split()
    if not words:
        return phrase
    last = words[-1]
    if last.endswith("men"):
        last = last[:-3] + "man"
    elif last.endswith("ies") and len(last) > 4:
        last = last[:-3] + "y"
    elif last.endswith("s") and not last.endswith("ss") and len(last) > 3:
        last = last[:-1]
    return " ".join([*words[:-1], last])


def groups_compatible(a: str | None, b: str | None) -> bool:
    """Counted groups are compatible if either is unknown or generic (``people``) or they are equal.

    >>> groups_compatible("soldiers", "people"), groups_compatible("soldiers", "civilians")
    (True, False)
    """
    if a is None or b is None or a == b:
        return True
    generic = lexicon().generic_groups
    return a in generic or b in generic


@lru_cache(maxsize=65536)
def normalize_place(text: str | None) -> str | None:
    """Folded place or unit name, leading ``the`` and filler words dropped, spelling variants unified.

    >>> normalize_place("the Kharkov Oblast"), normalize_place("Kastus Kalinouski Regiment")
    ('kharkiv region', 'kastus kalinouski regiment')
    """
    lex = lexicon()
    folded = fold(text)
    if folded is None:
        return None
    words = [w for w in _tokens(folded, lex) if w not in lex.fillers]
    return " ".join(words) or None


@lru_cache(maxsize=65536)
def normalize_affiliation(text: str | None) -> str | None:
    """Affiliation as a country key where it names one (``ukrainian`` -> ``ukraine``), else folded.

    >>> normalize_affiliation("Ukrainian"), normalize_affiliation("foreign")
    ('ukraine', 'foreign')
    """
    return country_of(text) or normalize_place(text)


def names_compatible(a: str | None, b: str | None) -> bool:
    """Null is compatible with anything; otherwise equal, or all words of one appear in the other.

    >>> names_compatible("kharkiv", "kharkiv region"), names_compatible("kharkiv region", "kharkiv city")
    (True, False)
    >>> names_compatible(None, "bakhmut"), names_compatible("lyman", "lymanske")
    (True, False)
    """
    if a is None or b is None or a == b:
        return True
    wa, wb = set(a.split()), set(b.split())
    return wa <= wb or wb <= wa


def conservative_vague(text: str | None) -> int | None:
    """ACLED-style figure for a vague quantity (``dozens`` -> 12), None if the table has none.

    The exact folded text is looked up first, then the longest table phrase it contains.

    >>> conservative_vague("Dozens"), conservative_vague("several hundred"), conservative_vague("many")
    (12, 300, None)
    """
    table = lexicon().conservative_vague
    folded = fold(text)
    if folded is None:
        return None
    if folded in table:
        return table[folded]
    hits = [k for k in table if re.search(rf"\b{re.escape(k)}\b", folded)]
    return table[max(hits, key=len)] if hits else None
