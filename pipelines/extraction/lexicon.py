"""The extractor's lexicons and patterns, loaded once from the TOML files in `data/` and validated.

Every word list the extractor uses lives in those files; this module only reads them, checks
them and turns them into lookups and compiled patterns.

>>> lex = load()
>>> lex.hedges
('exact', 'approximate', 'lower_bound', 'upper_bound', 'range', 'vague')
>>> lex.category_of("taken prisoner"), lex.category_of("killed or wounded")
('captured', 'casualties')
"""

from __future__ import annotations

import re
import tomllib
from dataclasses import dataclass
from functools import cache
from pathlib import Path

DATA = Path(__file__).parent / "data"

BOUND_RULES = ("low_n", "low_n_plus", "high_n", "high_n_minus", "none")


class LexiconError(ValueError):
    """A data file is malformed: raised at load time, never in the middle of an extraction."""


@dataclass(frozen=True)
class Qualifier:
    words: str
    hedge: str
    bound: str
    position: str  # "before" or "after"


@dataclass(frozen=True)
class Lexicon:
    hedges: tuple[str, ...]
    categories: tuple[str, ...]
    scopes: tuple[str, ...]
    units: dict[str, int]
    tens: dict[str, int]
    scales: dict[str, int]
    dozens: dict[str, int]
    vague: dict[str, int | None]
    qualifiers: tuple[Qualifier, ...]
    range_openers: tuple[str, ...]
    range_joiners: tuple[str, ...]
    category_words: dict[str, str]
    event_nouns: frozenset[str]
    combatant_nouns: frozenset[str]
    person_nouns: frozenset[str]
    anaphors: tuple[str, ...]
    modifiers: frozenset[str]
    side_words: dict[str, str]  # word -> affiliation it gives
    demonyms: dict[str, str]  # demonym -> country
    country_names: dict[str, str]  # lowercased country name or alias -> demonym
    speech_verbs: frozenset[str]
    titles: frozenset[str]
    pronouns: frozenset[str]
    organisation_heads: frozenset[str]
    outlets: tuple[str, ...]
    outlet_pattern: re.Pattern
    scope_rules: tuple[tuple[str, re.Pattern], ...]
    episode_totals: re.Pattern
    episode_spans: re.Pattern
    formation_heads: tuple[str, ...]
    faction_heads: frozenset[str]
    formation_prefixes: tuple[str, ...]
    not_formations: frozenset[str]
    location_prepositions: frozenset[str]
    place_suffixes: tuple[str, ...]
    place_directions: tuple[str, ...]
    organisation_suffixes: frozenset[str]
    not_places: frozenset[str]

    def category_of(self, phrase: str) -> str | None:
        return self.category_words.get(phrase.lower())


def _read(directory: Path, name: str) -> dict:
    path = directory / name
    try:
        return tomllib.loads(path.read_text(encoding="utf-8"))
    except (OSError, tomllib.TOMLDecodeError) as exc:
        raise LexiconError(f"{path}: {exc}") from exc


def _require(cond: bool, message: str) -> None:
    if not cond:
        raise LexiconError(message)


def _words(values, where: str) -> list[str]:
    _require(isinstance(values, list) and all(isinstance(v, str) and v.strip() for v in values),
             f"{where} must be a list of non-empty strings")
    return [v.strip() for v in values]


def phrase_key(text: str) -> str:
    """A matched phrase as the lexicons spell it: lowercase, one space between words.

    >>> phrase_key("Taken\\n  Prisoner")
    'taken prisoner'
    """
    return " ".join(text.lower().split())


def alternation(phrases) -> str:
    """A regex for any of the literal phrases, longest first, spaces matching any whitespace.

    Written as a prefix tree, so the regex engine reads each character once instead of trying
    every phrase in turn; it matches what the longest-first list of phrases would.

    >>> alternation(["up to", "up", "upon"])
    'up(?:\\\\s+to|on)?'
    >>> alternation(["kill", "killed", "kills", "dead"])
    '(?:dead|kill(?:ed|s)?)'
    """
    trie: dict = {}
    for phrase in {p for p in phrases}:
        node = trie
        for token in re.split(r"(\s+)", phrase):
            for char in ([" "] if token.isspace() else token):
                node = node.setdefault(char, {})
        node[""] = {}  # a phrase ends here
    return _trie_regex(trie)


def _trie_regex(node: dict) -> str:
    ends = "" in node
    branches = []
    for char in sorted(c for c in node if c):
        head = r"\s+" if char == " " else re.escape(char)
        branches.append(head + _trie_regex(node[char]))
    if not branches:
        return ""
    if len(branches) > 1:
        body = "(?:" + "|".join(branches) + ")"
    elif ends and len(branches[0]) > 1:
        body = f"(?:{branches[0]})"
    else:
        body = branches[0]
    return body + "?" if ends else body  # greedy: a longer phrase is tried before the shorter one


def _qualifiers(data: dict, hedges: tuple[str, ...]) -> tuple[Qualifier, ...]:
    out = []
    for row in data.get("qualifier", []):
        _require(row.get("hedge") in hedges, f"hedges.toml: unknown hedge {row.get('hedge')!r}")
        _require(row.get("bound") in BOUND_RULES, f"hedges.toml: unknown bound {row.get('bound')!r}")
        for position in ("before", "after"):
            for words in _words(row.get(position, []), f"hedges.toml {position}"):
                out.append(Qualifier(words.lower(), row["hedge"], row["bound"], position))
    seen: dict[tuple[str, str], Qualifier] = {}
    for q in out:
        _require((q.words, q.position) not in seen, f"hedges.toml: {q.words!r} listed twice")
        seen[(q.words, q.position)] = q
    return tuple(out)


@cache
def load() -> Lexicon:
    """The package's lexicons, read and validated once per process."""
    return load_from(DATA)


def load_from(directory: Path) -> Lexicon:
    """Read and validate the data files of `directory`: any fault is a LexiconError naming its file."""
    try:
        return _build(directory)
    except (KeyError, TypeError, AttributeError) as exc:
        raise LexiconError(f"{directory}: a data file lacks an entry or has one of the wrong type ({exc!r})") from exc


def _build(directory: Path) -> Lexicon:
    names = ("numbers", "hedges", "categories", "people", "attribution", "scope", "entities")
    numbers, hedges_doc, cats, people, attribution, scope, entities = (_read(directory, f"{n}.toml") for n in names)

    hedges = tuple(_words(hedges_doc.get("hedges"), "hedges.toml hedges"))
    categories = tuple(_words(cats.get("categories"), "categories.toml categories"))
    scopes = tuple(_words(scope.get("scopes"), "scope.toml scopes"))

    for table in ("units", "tens", "scales", "dozens"):
        _require(all(isinstance(v, int) and v >= 0 for v in numbers.get(table, {}).values()),
                 f"numbers.toml [{table}] values must be whole numbers")
    vague: dict[str, int | None] = {}
    for row in numbers.get("vague", []):
        _require(isinstance(row.get("words"), str), "numbers.toml [[vague]] needs words")
        _require(row.get("low") is None or isinstance(row["low"], int), "numbers.toml [[vague]] low must be an int")
        vague[row["words"].lower()] = row.get("low")

    category_words: dict[str, str] = {}
    for category, words in cats.get("words", {}).items():
        _require(category in categories, f"categories.toml: unknown category {category!r}")
        for w in _words(words, f"categories.toml {category}"):
            key = w.lower()
            _require(key not in category_words or category_words[key] == category,
                     f"categories.toml: {w!r} is in {category_words.get(key)} and {category}")
            category_words[key] = category

    nouns = people.get("nouns", {})
    combatant = {w.lower() for w in _words(nouns.get("combatant"), "people.toml combatant")}
    civilian = {w.lower() for w in _words(nouns.get("civilian"), "people.toml civilian")}
    demonyms = {k.lower(): v for k, v in people.get("demonyms", {}).items()}
    country_names = {country.lower(): demonym for demonym, country in demonyms.items()}
    for country, aliases in people.get("country_aliases", {}).items():
        demonym = next((d for d, c in demonyms.items() if c == country), None)
        for alias in _words(aliases, f"people.toml alias {country}"):
            country_names[alias.lower()] = demonym or "foreign"
    side_words = {}
    for side, words in people.get("sides", {}).items():
        for w in _words(words, f"people.toml sides.{side}"):
            side_words[w.lower()] = "foreign" if side == "foreign" else w.lower()

    scope_rules = []
    for row in scope.get("rule", []):
        _require(row.get("scope") in scopes, f"scope.toml: unknown scope {row.get('scope')!r}")
        _require("words" in row or "patterns" in row, f"scope.toml {row['scope']}: a rule needs words or patterns")
        try:
            # Lowercase patterns over lowercased text: much faster than re.I on long alternations.
            # A rule's plain `words` become one prefix tree, cheaper to scan than a regex alternation.
            words = [rf"\b(?:{alternation(_words(row['words'], 'scope.toml words'))})\b"] if "words" in row else []
            scope_rules.append((row["scope"], re.compile("|".join(f"(?:{p})" for p in [*words, *row.get("patterns", [])]))))
        except re.error as exc:
            raise LexiconError(f"scope.toml {row['scope']}: {exc}") from exc

    try:
        outlet_pattern = re.compile(attribution["outlet_pattern"])
    except (KeyError, re.error) as exc:
        raise LexiconError(f"attribution.toml outlet_pattern: {exc}") from exc

    return Lexicon(
        hedges=hedges,
        categories=categories,
        scopes=scopes,
        units={k.lower(): v for k, v in numbers["units"].items()},
        tens={k.lower(): v for k, v in numbers["tens"].items()},
        scales={k.lower(): v for k, v in numbers["scales"].items()},
        dozens={k.lower(): v for k, v in numbers["dozens"].items()},
        vague=vague,
        qualifiers=_qualifiers(hedges_doc, hedges),
        range_openers=tuple(_words(hedges_doc["range"]["openers"], "hedges.toml range openers")),
        range_joiners=tuple(_words(hedges_doc["range"]["joiners"], "hedges.toml range joiners")),
        category_words=category_words,
        event_nouns=frozenset(w.lower() for w in _words(cats.get("people_nouns"), "categories.toml people_nouns")),
        combatant_nouns=frozenset(combatant),
        person_nouns=frozenset(combatant | civilian),
        anaphors=tuple(_words(people.get("anaphors"), "people.toml anaphors")),
        modifiers=frozenset(w.lower() for w in _words(people.get("modifiers"), "people.toml modifiers")),
        side_words=side_words,
        demonyms=demonyms,
        country_names=country_names,
        speech_verbs=frozenset(_words(attribution.get("speech_verbs"), "attribution.toml speech_verbs")),
        titles=frozenset(w.lower() for w in _words(attribution.get("titles"), "attribution.toml titles")),
        pronouns=frozenset(_words(attribution.get("pronouns"), "attribution.toml pronouns")),
        organisation_heads=frozenset(_words(attribution.get("organisation_heads"), "attribution.toml organisation_heads")),
        outlets=tuple(_words(attribution.get("outlets"), "attribution.toml outlets")),
        outlet_pattern=outlet_pattern,
        scope_rules=tuple(scope_rules),
        episode_totals=re.compile("|".join(f"(?:{p})" for p in _words(scope.get("episode_totals"), "scope.toml episode_totals"))),
        episode_spans=re.compile("|".join(f"(?:{p})" for p in _words(scope.get("episode_spans"), "scope.toml episode_spans"))),
        formation_heads=tuple(_words(entities.get("formation_heads"), "entities.toml formation_heads")),
        faction_heads=frozenset(_words(entities.get("faction_heads"), "entities.toml faction_heads")),
        formation_prefixes=tuple(_words(entities.get("formation_prefixes"), "entities.toml formation_prefixes")),
        not_formations=frozenset(_words(entities.get("not_formations"), "entities.toml not_formations")),
        location_prepositions=frozenset(_words(entities.get("location_prepositions"), "entities.toml location_prepositions")),
        place_suffixes=tuple(_words(entities.get("place_suffixes"), "entities.toml place_suffixes")),
        place_directions=tuple(_words(entities.get("place_directions"), "entities.toml place_directions")),
        organisation_suffixes=frozenset(_words(entities.get("organisation_suffixes"), "entities.toml organisation_suffixes")),
        not_places=frozenset(_words(entities.get("not_places"), "entities.toml not_places")),
    )
