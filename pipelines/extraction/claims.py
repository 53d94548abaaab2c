"""Which quantities are casualty or strength claims, and every field of each (CLAIMS.md).

>>> [(c.text, c.category, c.counted, c.hedge) for c in extract("At least 37 soldiers were killed and 12 others wounded.")]
[('At least 37', 'killed', 'soldiers', 'lower_bound'), ('12', 'wounded', 'soldiers', 'exact')]
>>> extract("The 41st Brigade lost 12 tanks in 2022; 30% of homes burned.")
[]
>>> [(c.text, c.category, c.counted) for c in extract("Shelling killed a 70-year-old woman.")]
[('a', 'killed', 'woman')]
"""

from __future__ import annotations

import re
from bisect import bisect_left
from dataclasses import asdict, dataclass, fields
from functools import cache, lru_cache
from typing import NamedTuple

from .attribution import Attribution, attribute
from .entities import affiliation_of, demonym_of, locations_in, units_in
from .lexicon import Lexicon, alternation, load, phrase_key
from .numbers import Quantity, find_quantities
from .scope import Context, TimeWords
from .text import Document, Sentence, ascii_lower, segment


@dataclass(frozen=True)
class Claim:
    """One claim, with the fields of CLAIMS.md; `start`/`end` index the article text."""

    text: str
    start: int
    end: int
    value: int | None
    low: int | None
    high: int | None
    hedge: str
    qualifier: str | None
    category: str
    counted: str
    affiliation: str | None
    unit: str | None
    location: str | None
    source: str | None
    via: tuple[str, ...]
    scope: str | None
    sentence: str

    def as_dict(self) -> dict:
        row = asdict(self)
        row["via"] = list(self.via)
        return row


_TOKEN = re.compile(r"[\w’'.-]*\w|[^\w\s]")
_NATIONALITY_NOUN = re.compile(r"^[A-Z][a-z]+(?:ians|eans|ans|ese|is)$")
_COMPASS = {"South", "North", "East", "West", "Central", "New"}
_MONTH_NAMES = ("January", "February", "March", "April", "May", "June", "July", "August", "September", "October", "November",
                "December", "Jan", "Feb", "Mar", "Apr", "Jun", "Jul", "Aug", "Sep", "Sept", "Oct", "Nov", "Dec")
_MONTHS = rf"(?:{'|'.join(_MONTH_NAMES)})\.?"
# Month names are matched as written (capitalised): "12 may have died" is a count, "12 May" a date.
_NOT_A_COUNT_AFTER = re.compile(
    rf"""(?x)(?:
        (?i:[-\s]*(?:year|month|week|day)s?[-\s]old\b | \s*years?\s+(?:old|of\s+age)\b
      | \s*(?:%|per\s*cent|percent|pc\b) | \s*(?:dollars|euros|pounds|rubles|roubles|hryvnias?|usd|eur|\$)
      | \s*(?:a\.m\.|p\.m\.|am\b|pm\b|gmt|utc|:\d\d|h\b) | \s*(?:st|nd|rd|th)\b
      | \s*(?:km|kilometres|kilometers|miles|metres|meters|kg|tonnes|tons|mm|hectares)\b
      | \s*(?:times|fold|hours?|minutes?|seconds?)\b | [-–]\s*(?:strong|man|member|person)\b(?=\s+(?:delegation|team|committee)))
      | \s*{_MONTHS}(?!\w)
    )"""
)
# Read on the 30 characters before a number.
_NOT_A_COUNT_BEFORE = re.compile(
    rf"""(?x)(?:
        [$€£¥₽₴] | (?i:\b(?:aged|age\s+of|ages\s+of|under\s+the\s+age\s+of|no\.|resolution|article|protocol|route|road|highway|page|room|flight|bus|channel)\s*)
      | \b(?:Battalion|Brigade|Regiment|Division|Company|Squadron|Unit|Corps|Army|Group|Number|Resolution)\s+ | \d: 
      | \b{_MONTHS}\s+ | \b{_MONTHS}\s+\d{{1,2}}\s*(?:and|to|-|–|,)\s* | (?i:\bhow\s+ | \b(?:one|1)\s+(?:in|out\s+of)\s+)
    )$"""
)
# How a text ending in one of _NOT_A_COUNT_BEFORE's wordings ends (in ascii_lower, one space between words,
# no trailing space): a window ending otherwise needs no regex search.
_NOT_A_COUNT_BEFORE_ENDINGS = (
    *"$€£¥₽₴", "aged", "age of", "ages of", "resolution", "article", "protocol", "route", "road", "highway", "page",
    "room", "flight", "bus", "channel", "no.", "battalion", "brigade", "regiment", "division", "company", "squadron",
    "unit", "corps", "army", "group", "number", *(m.lower() for m in _MONTH_NAMES), *(m.lower() + "." for m in _MONTH_NAMES),
    "how", "one in", "1 in", "out of",
)
_DAY_JOINERS = ("and", "to", "-", "–", ",")  # "May 12 and 13": after a day of the month
# "Among the dead was a soldier": the group named gives the category.
_AMONG = re.compile(r"(?i)\bamong\s+the\s+(dead|killed|victims|wounded|injured|missing|captured)\s+(?:were|was|are|is)\s+$")
_CAPITALISED_WORD = re.compile(r"\b[A-Z][\w’'-]+\b")
_OF_THE_SUPERLATIVE = re.compile(r"(?i)\s+of\s+the\s+(?:first|last|few|most|main|best|worst|largest|biggest)\b")  # "one of the first"
_TAIL_CLAUSE_END = re.compile(r"[;,.]\s|\s(?:were|was|have|had|are|is|who|in|on|at|near)\s")  # where a noun phrase's tail ends
_FIRST_PERSON = re.compile(r"(?i)\b(?:we|our|us)\b")
_OWN = re.compile(r"\b(?:its|their)\b")  # "2,908 of its servicemen": the speaker's (the army's) own
# A faction named right before the counted noun: "HTS fighters", "al-Shabaab militants", 'Fano "extremists"'.
_FACTION_BEFORE = re.compile(r"((?:(?:al|el|ad|as)-)?[A-Z][\w’'-]*(?:\s+(?:(?:al|el|ad|as)-)?[A-Z][\w’'-]*){0,2})\s*$")
# The owner of a force in a strength claim: "Turkey keeps", "the Polisario has", "Rwanda ... says it has".
_FORCE_OWNER = re.compile(
    r"(?:^|[,;:]\s*|\b(?:while|and|but)\s+)(?:the\s+)?(?P<owner>(?:(?:al|el)-)?[A-Z][\w’'-]*(?:\s+[A-Z][\w’'-]*){0,3})(?:['’]s)?"
    r"(?:\s+(?:army|military|forces))?(?:,[^,]{0,60},)?\s+(?:says\s+it\s+|said\s+it\s+)?"
    r"(?:has|have|had|keeps|kept|maintains|fields|deployed|stationed)\s+(?:\w+\s+){0,3}$")
_RATIO = re.compile(r"(?i)\bfor\s+every\b|\bout\s+of\s+every\b|\bratio\b|\bper\s+capita\b|\bone\s+in\s+(?:every\s+)?\w+\b")
_YEAR = re.compile(r"^(?:1[89]|20|21)\d\d$")
_BLOCK = re.compile(r"(?i)\b(?:fled|flee|flees|fleeing|desert(?:ed|ing|ers)?|defect(?:ed|ing|ors?)?|escaped|survived|survivors?|displaced|spoke\s+(?:to|with)|talked\s+(?:to|with)|interviewed|photographed|met\s+with|voted|voters)\b")
# Words that open another clause: a category word before them is not this number's.
_CLAUSE_OPENER = re.compile(r"(?i)\b(?:when|while|because|whereas|although|though|until)\b")
_SINGLE = re.compile(r"(?<![\w’'-])(?P<det>[Aa]n?)\s+(?P<words>[\w’'-]+(?:\s+[\w’'-]+){0,3})")
# Words that can follow a number whose noun is left out ("killed 25 when...", "100 more on Tuesday").
_ELIDED_BEFORE = {",", ".", ";", ":", "”", "\"", "'", ")", "and", "but", "or", "in", "on", "at", "near", "once", "after",
                  "before", "when", "as", "since", "by", "with", "according", "including", "while", "from", "following",
                  "during", "because", "overnight", "yesterday", "today", "last", "this", "so", "—", "–", "-", "over",
                  "across", "throughout", "within", "inside", "outside", "around"}
_AUX = {"were", "was", "are", "is", "have", "has", "had", "been", "being", "died", "remain", "remained", "remains",
        "will", "would", "could", "may", "might", "reportedly", "also", "who", "that", "got", "did", "-", "—", "–"}


@dataclass(frozen=True)
class _NounPhrase:
    kind: str  # "person", "event", "anaphor", "elided"
    head: str | None  # lowercased as written
    end: int  # where the phrase ends in the text
    words: tuple[str, ...]  # modifiers and head, lowercased
    category: str | None  # a category word inside the phrase ("dead Belarusians", "civilian deaths")


@cache
def _category_pattern() -> re.Pattern:
    lex = load()
    return re.compile(rf"(?<![\w-])({alternation(lex.category_words)})(?![\w-])")  # on ascii_lower text


@dataclass(frozen=True)
class _Patterns:
    """Lexicon patterns, all lowercase: they run on ascii_lower(text)."""

    verb_follows: re.Pattern  # a subject's verb right after its number: "25 were killed", "others wounded"
    category_just_before: re.Pattern  # "killed a soldier"
    fate_after_person: re.Pattern  # "a woman had died", "a soldier was among the dead"
    category_soon: re.Pattern  # "Many died", "some were killed"
    figure_of_subject: re.Pattern  # "... stands at", "... rose to": the number is the value of the clause's subject


@cache
def _patterns() -> _Patterns:
    words = alternation(load().category_words)
    return _Patterns(
        verb_follows=re.compile(rf"\s*(?:were|was|are|is|have|has|had|died|remain|been|also|later|reportedly|{words})\b"),
        category_just_before=re.compile(rf"({words})\s+(?:only\s+)?$"),
        fate_after_person=re.compile(
            rf"(?:\s*,?\s*(?:who\s+|that\s+)?(?:[\w’'-]+\s+){{0,2}}?)(?:(?:was|were|is|has|had|have|got|been|being|also|"
            rf"reportedly|later|too|badly|seriously|critically|among|the|reported|confirmed|to\s+have|known\s+to|believed\s+to)\s+)*"
            rf"({words})(?![\w-])"),
        category_soon=re.compile(rf"\s*(?:\w+\s+){{0,2}}?(?:{words})\b"),
        figure_of_subject=re.compile(
            r"\b(?:bringing|brings|brought|raising|raises|raised|pushing|pushed|taking|took)\b[^;]{0,160}\bto\s*$|"
            r"\b(?:stands?|stood|rose|risen|climbed|jumped|increased|reached|reaches|totals?|totalled|totaled|hit|"
            r"amounts?|amounted|is|was|are|were)\s+(?:now\s+)?(?:at|to)?\s*$"),
    )


@cache
def _person_pattern() -> re.Pattern:
    lex = load()
    plural = [n for n in lex.person_nouns if n.endswith(("s", "men", "people", "children", "personnel", "staff", "police"))]
    demonym_nouns = [d + "s" for d in lex.demonyms if re.search(r"(?:an|i)$", d)]
    return re.compile(rf"(?<![\w-])({alternation([*plural, *demonym_nouns])})(?![\w-])")  # on ascii_lower text


def _phrase_at(words: list[str], i: int, vocabulary) -> str | None:
    if i >= len(words) or words[i].lower() not in _first_words(vocabulary):
        return None
    for n in (3, 2, 1):
        if i + n <= len(words):
            phrase = " ".join(words[i:i + n]).lower()
            if phrase in vocabulary:
                return phrase
    return None


_QUOTES = {"'", "‘", "’", '"', "“", "”"}
_THINGS_AFTER_PERSON_NOUN = {"carrier", "carriers", "mine", "mines", "vehicle", "vehicles"}
# What an "N-strong" number can be the size of, besides combatants.
_FORCE_NOUNS = {"force", "forces", "contingent", "unit", "battalion", "brigade", "regiment", "division", "company",
                "army", "garrison", "crew", "column", "detachment", "militia", "group", "corps", "legion", "squad"}
# A phrase is read over at most 9 words; reading word i looks at most at word i + 4.
_PHRASE_WORDS = 9
_LOOKAHEAD = 4
# Most phrases end within two words: the words are first read for that, and read again further if not.
_SHORT_READ = 7
_POSSESSIVE = re.compile(r"[\w]+['’]s$")


@lru_cache(maxsize=8)  # one per vocabulary (person nouns, event nouns)
def _first_words(vocabulary: frozenset[str]) -> frozenset[str]:
    return frozenset(phrase.split()[0] for phrase in vocabulary)


def _tokens(text: str, start: int, end: int, count: int) -> list[tuple[str, int, int]]:
    """The first `count` words and marks after `start`, each (token, start, end); quote marks around a word
    ('terrorists', "extremists") are not part of it."""
    tokens = []
    for m in _TOKEN.finditer(text, start, end):
        token = m.group(0)
        if token not in _QUOTES:
            tokens.append((token.strip("'‘’\"“”"), m.start(), m.end()))
            if len(tokens) == count:
                break
    return tokens


def _noun_phrase(text: str, q: Quantity, limit: int, lex: Lexicon) -> _NounPhrase | None:
    """The phrase a quantity counts, read to its right: "37 dead Belarusians", "Many of them", "25 were"."""
    end = min(limit, q.end + 160)
    phrase = _read_noun_phrase(_tokens(text, q.end, end, _SHORT_READ), q, lex, _SHORT_READ)
    if phrase is _READ_FURTHER:
        phrase = _read_noun_phrase(_tokens(text, q.end, end, _PHRASE_WORDS + _LOOKAHEAD), q, lex, None)
    return phrase


_READ_FURTHER = _NounPhrase("elided", None, -1, (), None)  # a marker: the words read so far do not decide


def _read_noun_phrase(tokens: list[tuple[str, int, int]], q: Quantity, lex: Lexicon, read: int | None) -> _NounPhrase | None:
    """The phrase of `tokens`; `read`: how many were asked for, when more may follow."""
    words = [t[0] for t in tokens]
    mods: list[str] = []
    category = None
    i = 0
    if words[:1] and words[0].lower() == "of":
        i = 1
        nxt = words[1].lower() if len(words) > 1 else ""
        after = words[2].lower() if len(words) > 2 else ""
        if nxt in ("them", "us", "whom") or (nxt in ("those", "these") and (after in _AUX or not after[:1].isalpha())):
            return _NounPhrase("anaphor", None, tokens[1][2], tuple(mods), None)
    if words and words[0].lower() in ("-strong", "strong"):
        # "a 400-strong battalion", "a 2,000-strong force": the number is the size of what follows.
        for j in range(1, min(len(words), 5)):
            noun = words[j].lower()
            if noun in _FORCE_NOUNS or noun in lex.combatant_nouns:
                return _NounPhrase("person", noun, tokens[j][2], tuple(w.lower() for w in words[1:j + 1]), "strength")
        return None
    while i < len(words) and i < _PHRASE_WORDS:
        if read is not None and len(words) == read and i + _LOOKAHEAD >= read:
            return _READ_FURTHER
        word = words[i]
        low = word.lower()
        if low in ("others", "other") and (i + 1 >= len(words) or _phrase_at(words, i + 1, lex.person_nouns) is None):
            if low == "other" and i + 1 < len(words) and words[i + 1][:1].isalpha():
                return None  # "380 other vehicles": other things, not other people
            return _NounPhrase("anaphor", None, tokens[i][2], tuple(mods), category)
        person = _phrase_at(words, i, lex.person_nouns)
        event = _phrase_at(words, i, lex.event_nouns)
        if event and (not person or len(event) >= len(person)) and not (event in ("injured", "wounded", "dead", "missing", "killed") and i + 1 < len(words) and _phrase_at(words, i + 1, lex.person_nouns)):
            n = len(event.split())
            civilian = next((m for m in mods if m + "s" in lex.person_nouns and m not in ("military",)), None)
            head = (civilian + "s") if civilian else "people"
            return _NounPhrase("event", head, tokens[i + n - 1][2], tuple([*mods, event]), lex.category_of(event) or category)
        if person:
            n = len(person.split())
            if i + n < len(words) and words[i + n].lower() in _THINGS_AFTER_PERSON_NOUN:
                return None  # "armoured personnel carriers", "anti-personnel mines": things, not people
            head = " ".join(words[i:i + n]).lower()
            fate = lex.category_of(head)  # "17 POWs", "40 hostages": the noun names their fate
            return _NounPhrase("person", head, tokens[i + n - 1][2], tuple([*mods, head]),
                               category or (fate if fate != "strength" else None))
        demonym = demonym_of(word, lex) if (word[0].isupper() and low not in lex.side_words) else None
        if demonym and (low != demonym or q.kind == "single"):
            return _NounPhrase("person", low, tokens[i][2], tuple([*mods, low]), category)
        if _NATIONALITY_NOUN.match(word) and low not in lex.country_names:
            # "nine South Africans", "three Malawians": nationality nouns the lexicon lacks.
            head = f"{words[i - 1].lower()} {low}" if i and words[i - 1] in _COMPASS else low
            return _NounPhrase("person", head, tokens[i][2], tuple([*mods, low]), category)
        if low in lex.category_words and lex.category_words[low] in ("killed", "wounded", "captured", "missing") and low.endswith("ed"):
            category = category or lex.category_words[low]
            mods.append(low)
        elif word in (",", "and", "or") and mods and i + 1 < len(words) and words[i + 1][:1].isupper():
            mods.append(low)  # a list of adjectives: "Colombian, Georgian and Canadian volunteers"
        elif (low in lex.modifiers or demonym_of(word, lex) or word[0].isupper() or "-" in word
              or low.endswith("ly") or _POSSESSIVE.match(low)
              or (word[:1].isalpha() and _before_person_noun(words, i, lex))) and word not in (",", "."):
            mods.append(low)
        else:
            break
        i += 1
    first = words[0].lower() if words else ""
    if not words or first in _AUX or first in _ELIDED_BEFORE or first == "more" or (
            first in lex.category_words and lex.category_words[first] != "strength"):
        end = q.end
        if first == "more":
            end = tokens[0][2]
        return _NounPhrase("elided", None, end, tuple(), None)
    return None


def _category_near(text: str, q: Quantity, np: _NounPhrase, left_limit: int, right_limit: int) -> tuple[str | None, str]:
    """The category word that governs a quantity, and where it was found ("np", "left", "right").

    `text` is the article's ascii_lower form: only lexicon words are read here.
    """
    lex = load()
    pattern = _category_pattern()
    if np.category:
        return np.category, "np"
    left = text[left_limit:q.start]
    hits = [m for m in pattern.finditer(left) if lex.category_words[phrase_key(m.group(1))] != "strength"]
    subject = np.kind in ("elided", "anaphor") and _patterns().verb_follows.match(text, np.end, right_limit)
    if hits and not subject:
        last = hits[-1]
        between = left[last.end():]
        if len(between.split()) <= 3 and not re.search(r"[,;:]", between) and not _BLOCK.search(between):
            word = last.group(1).lower()
            return lex.category_words[phrase_key(word)], "left"
    right = text[np.end:right_limit]
    for m in pattern.finditer(right):
        before = right[:m.start()]
        if _BLOCK.search(before):
            return None, "blocked"
        word = phrase_key(m.group(1))
        category = lex.category_words[word]
        if category == "strength" or re.search(r"(?i)\b(?:to|of|from|risk|threat)\s+(?:certain\s+|their\s+|the\s+)?$", before):
            continue
        # "flocked to Ukraine ... killed" is another clause: a category word past a full stop or a clause verb is not ours.
        if len(before.split()) > 14:
            break
        return category, "right"
    if subject and _BLOCK.match(text, np.end, min(right_limit, np.end + 40)) is None and re.match(
            r"(?i)\s*(?:(?:have|has|had|were|was|are|is|reportedly|also)\s+)*(?:fled|flee|escaped|survived|deserted|been\s+displaced)\b",
            text[np.end:right_limit]):
        return None, "blocked"  # "300,000 have fled": the number's own verb says it is no casualty
    if hits and subject:
        last = hits[-1]
        between = left[last.end():]
        if len(between.split()) <= 3 and not re.search(r"[,;:]", between) and not _BLOCK.search(between):
            return lex.category_words[phrase_key(last.group(1))], "left"
    if hits:
        last = hits[-1]
        between = left[last.end():]
        word = phrase_key(last.group(1))
        # "the number of soldiers killed since ... now stands at N": a figure linked to its subject.
        linked = _patterns().figure_of_subject.search(left)
        if not _BLOCK.search(between) and ";" not in between and not _CLAUSE_OPENER.search(between) and (
                len(between.split()) <= 8 or linked):
            return lex.category_words[word], "left-far"
    return None, "none"


def _strength(text: str, q: Quantity, np: _NounPhrase, left_limit: int, right_limit: int, counted: str | None) -> bool:
    lex = load()
    if counted is None or (counted not in lex.combatant_nouns and counted.rstrip("s") + "s" not in lex.combatant_nouns
                           and not demonym_of(counted, lex) and counted not in ("citizens", "nationals", "foreigners")):
        return False
    window = ascii_lower(text[left_limit:right_limit])
    if _BLOCK.search(window):
        return False
    if np.kind != "person":
        # No noun of its own ("who number about 1,500"): only words that state a size make it a strength.
        return bool(re.search(r"(?i)\b(?:number(?:s|ed)?|estimated|strength|size|contingent|force|crew)\b[^.;]{0,40}$",
                              text[left_limit:q.start]))
    for m in _category_pattern().finditer(window):
        if lex.category_words[phrase_key(m.group(1))] == "strength":
            return True
    return bool(re.search(r"(?i)\b(?:numbers?|estimated|strength|size|contingent|force)\b", text[left_limit:q.start]))


def _antecedent(doc: Document, sentence: Sentence, before: int, lex: Lexicon) -> tuple[str | None, str]:
    """The nearest earlier people noun of the sentence or paragraph (for "them", "others", "25 were")."""
    pattern = _person_pattern()
    paragraph = doc.paragraphs[sentence.paragraph]
    previous = doc.paragraphs[max(0, sentence.paragraph - 1)]
    read_from = before  # each reach goes further back; only the text the nearer ones did not read is read
    for lo in (sentence.start, max(paragraph.start, before - 2000), max(previous.start, before - 3000)):
        if lo >= read_from:
            continue
        hits = [m for m in pattern.finditer(doc.lower, lo, read_from)
                if m.group(1) != "others" and (doc.text[m.start():m.end()].islower() or demonym_of(m.group(1), lex))]
        read_from = lo
        if hits:
            m = hits[-1]
            return m.group(1), doc.text[max(lo, m.start() - 40):min(len(doc.text), m.end() + 60)]
    return None, ""


def _clause_bounds(sentence_text: str, offset: int, q: Quantity, others: list[Quantity]) -> tuple[int, int]:
    left = offset
    right = offset + len(sentence_text)
    for o in others:
        if o.end <= q.start:
            left = max(left, o.end)
        elif o.start >= q.end:
            right = min(right, o.start)
    return left, right


@lru_cache(maxsize=256)  # cleared for each article: its claims ask about the same paragraphs
def _paragraph_units(paragraph: str) -> tuple[str, ...]:
    return tuple(units_in(paragraph))


def _faction_before(np_text: str, counted: str, unit: str | None = None) -> str | None:
    """A faction or group named right before the counted noun, lowercased (CLAIMS.md: factions as written);
    not a formation, which is the claim's unit ("Wagner Group fighters", "Azov fighters").

    >>> _faction_before(" HTS fighters", "fighters"), _faction_before(' Fano "extremists"', "extremists")
    ('hts', 'fano')
    >>> _faction_before(" civilians", "civilians"), _faction_before(" May fighters", "fighters")
    (None, None)
    """
    lex = load()
    words = np_text.replace("“", " ").replace("”", " ").replace('"', " ").split()
    if len(words) <= len(counted.split()):
        return None
    m = _FACTION_BEFORE.search(" ".join(words[:len(words) - len(counted.split())]))
    if not m:
        return None
    name = m.group(1)
    if demonym_of(name.split()[0], lex) or name in lex.not_places or name.lower() in lex.country_names:
        return None
    if name.split()[-1] in lex.faction_heads:
        return name.lower()
    if any(w in lex.formation_heads for w in name.split()) or (unit and name.split()[0] in unit.split()):
        return None
    return name.lower()


def _owner_of_force(before: str, lex: Lexicon) -> str | None:
    """Who keeps or has the force a strength claim counts: a country gives its demonym, a group its name.

    >>> _owner_of_force("Turkey keeps ", load()), _owner_of_force("while the Polisario has ", load())
    ('turkish', 'polisario')
    """
    m = _FORCE_OWNER.search(before)
    if not m:
        return None
    owner = m.group("owner")
    if owner.split()[0] in lex.not_places:
        return None
    return lex.country_names.get(owner.lower()) or demonym_of(owner.split()[0], lex) or owner.lower()


def _unit_for(doc: Document, np_text: str, tail: str) -> str | None:
    lex = load()
    found = units_in(np_text + " " + tail)
    if found:
        return found[0]
    for word in _CAPITALISED_WORD.findall(np_text):
        if demonym_of(word, lex) or word in lex.not_places:
            continue
        # A formation named elsewhere in the article: only paragraphs with the word can name it.
        named = [u for i in range(len(doc.paragraphs)) if word in doc.paragraph_text(i)
                 for u in _paragraph_units(doc.paragraph_text(i)) if word in u.split()]
        if named:
            return max(named, key=len)
    return None


def _location_for(doc: Document, sentence: Sentence, q: Quantity) -> str | None:
    text = doc.sentence_text(sentence)
    here = _sentence_locations(text)
    if here:
        position = q.start - sentence.start
        return min(here, key=lambda p: abs(p[0] - position))[1]
    if doc.headline is not None and sentence.start == doc.headline.start:
        return None
    siblings = doc.sentences_of(sentence.paragraph)
    here_at = siblings.index(sentence)
    for other in siblings[max(0, here_at - 3):here_at + 4]:  # the sentences around it, not a whole long paragraph
        if other is sentence:
            continue
        found = _sentence_locations(doc.sentence_text(other))
        if found:
            return found[0][1]
    return None


@lru_cache(maxsize=256)
def _sentence_locations(sentence: str) -> tuple[tuple[int, str], ...]:
    return tuple(locations_in(sentence))


def _before_person_noun(words: list[str], i: int, lex: Lexicon) -> bool:
    """An adjective or noun of a compound that a person noun follows closely: "pregnant woman", "truck driver"."""
    for j in range(i + 1, min(i + 3, len(words))):
        noun = _phrase_at(words, j, lex.person_nouns)
        if noun and noun not in _AMBIGUOUS_HEADS:
            return True
        if words[j].lower() in _FUNCTION_WORDS or not words[j][:1].isalpha():
            return False
    return False


# Person nouns that also name things or institutions ("units of military equipment").
_AMBIGUOUS_HEADS = {"military", "army", "forces", "staff", "crew", "members", "member", "agents", "agent"}
_FUNCTION_WORDS = {"of", "in", "on", "at", "for", "from", "with", "by", "to", "the", "a", "an", "and", "or", "their",
                   "its", "his", "her", "our", "that", "which", "who"}


def _single_person_quantities(text: str, sentence: Sentence, lex: Lexicon) -> list[Quantity]:
    """"a"/"an"/"One" before a person noun: a candidate exact-1 claim."""
    out = []
    for m in _SINGLE.finditer(text, sentence.start, sentence.end):
        words = m.group("words").split()
        for i, word in enumerate(words):
            if word.lower() in lex.person_nouns or (word[0].isupper() and demonym_of(word, lex)):
                start = m.start("det")
                out.append(Quantity(start, start + len(m.group("det")), m.group("det"), 1, 1, 1, "exact", None, "single", start))
                break
            if not (word.lower() in lex.modifiers or demonym_of(word, lex) or "-" in word or word[0].isupper()
                    or word.lower().endswith("ly") or _before_person_noun(words, i, lex)):
                break
    return out


def _single_is_casualty(text: str, q: Quantity, np: _NounPhrase, right_limit: int, lex: Lexicon) -> str | None:
    before = text[max(0, q.start - 40):q.start]
    if re.search(r"(?i)\b(?:body|bodies|corpse|remains|funeral|grave|named|photo|picture|image)\s+of\s*$|\b(?:as|like|become|became|is|was)\s*$", before):
        return None
    if re.search(r"[A-Z][\w’'-]+\s+[A-Z][\w’'-]+,\s*$", before):
        return None  # "Ilya Brann, a medic, was killed": a named person, not a count
    after = text[np.end:right_limit]
    if re.match(r"\s*(?:named|called|,\s*[A-Z][a-z]+\s+[A-Z])", after):
        return None
    left = _patterns().category_just_before.search(ascii_lower(before))
    if left and lex.category_words[phrase_key(left.group(1))] not in ("strength",):
        return lex.category_words[phrase_key(left.group(1))]
    m = _patterns().fate_after_person.match(ascii_lower(after))
    if m:
        category = lex.category_words[phrase_key(m.group(1))]
        if category != "strength":
            return category
    return None


# A claim before its attribution is read: classifying every candidate first tells how far into the article
# attribution must read. Its fields are the claim's, less those the attribution gives, plus what the
# attribution step needs: the sentence's index, whether the people are the speaker's own ("we", "our", "us" in
# the clause, "its soldiers": with no other affiliation, the speaker's side is theirs), and whether its
# sentence, paragraph or headline has time words (_shared_scopes).
_ATTRIBUTED = ("source", "via")
_Draft = NamedTuple("_Draft", [*((f.name, f.type) for f in fields(Claim) if f.name not in _ATTRIBUTED),
                               ("sentence_index", int), ("speakers_own", bool), ("timed", bool)])
# Where each field of a claim comes from, in Claim's order: the draft's field at an index, or the attribution.
_CLAIM_PARTS = tuple(f.name if f.name in _ATTRIBUTED or f.name == "affiliation" else _Draft._fields.index(f.name)
                     for f in fields(Claim))


def _claim(draft: _Draft, attribution: Attribution) -> Claim:
    affiliation = draft.affiliation
    if affiliation is None and draft.speakers_own:
        affiliation = attribution.side
    given = {"source": attribution.source, "via": attribution.via, "affiliation": affiliation}
    return Claim(*(draft[part] if isinstance(part, int) else given[part] for part in _CLAIM_PARTS))


def extract_document(doc: Document) -> list[Claim]:
    lex = load()
    _sentence_locations.cache_clear()  # the memos serve one article's claims, not a corpus
    _paragraph_units.cache_clear()
    text = doc.text
    times = TimeWords(doc.lower, [(s.start, s.end) for s in doc.sentences])
    drafts: list[_Draft] = []
    for index, (sentence, qs) in enumerate(zip(doc.sentences, _candidates(doc, lex))):
        if not qs:
            continue
        sentence_text = doc.sentence_text(sentence)
        previous: _Draft | None = None
        previous_q: Quantity | None = None
        inherited = drafts[-1] if drafts and _same_paragraph(doc, drafts[-1], sentence) else None
        found: dict[int, _Draft] = {}
        for q in qs:
            draft = _classify(doc, times, index, sentence, sentence_text, q, qs, previous, previous_q, lex, inherited)
            if draft:
                found[q.start] = draft
                previous, previous_q = draft, q
        # "a man and three women were treated": the first of a coordinated pair takes the second's category.
        for q, nxt in zip(qs, qs[1:]):
            if q.start not in found and nxt.start in found and re.fullmatch(r"(?i)\s+(?:and|or)\s+", text[_phrase_end(text, q, sentence, lex):nxt.start]):
                draft = _classify(doc, times, index, sentence, sentence_text, q, qs, None, None, lex, None,
                                  found[nxt.start].category)
                if draft:
                    found[q.start] = draft
        drafts.extend(found[k] for k in sorted(found))
    drafts = _shared_scopes(drafts)
    attributions = attribute(doc, until=drafts[-1].sentence_index if drafts else -1)
    return [_claim(d, attributions[d.sentence_index]) for d in drafts]


def _candidates(doc: Document, lex: Lexicon) -> list[list[Quantity]]:
    """For each sentence, the quantities that may be claims, left to right (none in captions)."""
    text = doc.text
    quantities = find_quantities(text)
    starts = [q.number_start for q in quantities]  # ascending: quantities come left to right
    out = []
    for sentence in doc.sentences:
        if sentence.caption:
            out.append([])
            continue
        qs = quantities[bisect_left(starts, sentence.start):bisect_left(starts, sentence.end)]
        singles = [s for s in _single_person_quantities(text, sentence, lex) if not any(q.start <= s.start < q.end for q in qs)]
        qs = [q for q in qs if not _not_a_count(text, q)]
        if singles:
            qs = sorted(qs + [s for s in singles if not _not_a_count(text, s)], key=lambda q: q.start)
        out.append(qs)
    return out


def _shared_scopes(claims: list[_Draft]) -> list[_Draft]:
    """A figure the article repeats (headline, lead, quote) is one claim: where only one of its mentions
    has time words, the others take that scope instead of the no-time-words default."""
    timed: dict[tuple, str] = {}
    untimed = []
    for i, c in enumerate(claims):
        if c.scope is None:
            continue
        key = (c.value, c.low, c.high, c.category)
        if c.timed:
            timed.setdefault(key, c.scope)
        else:
            untimed.append(i)
    for i in untimed:
        c = claims[i]
        scope = timed.get((c.value, c.low, c.high, c.category))
        if scope:
            claims[i] = c._replace(scope=scope)
    return claims


def _scope_contexts(doc: Document, sentence: Sentence) -> list[Context]:
    """The sentence, its paragraph and the headline: where a claim's time words may be."""
    headline = (doc.headline.start, doc.headline.end) if doc.headline else (0, 0)
    return [(sentence.start, sentence.end), doc.paragraph_around(sentence), headline]


def _same_paragraph(doc: Document, claim: _Draft, sentence: Sentence) -> bool:
    p = doc.paragraphs[sentence.paragraph]
    return p.start <= claim.start < p.end


def _phrase_end(text: str, q: Quantity, sentence: Sentence, lex: Lexicon) -> int:
    np = _noun_phrase(text, q, sentence.end, lex)
    return np.end if np else q.end


def _may_end_not_a_count(tail: str) -> bool:
    """Whether `tail` (lowered, spaces normalised) can end with a _NOT_A_COUNT_BEFORE wording.

    >>> _may_end_not_a_count("killed in"), _may_end_not_a_count("on may 12 and"), _may_end_not_a_count("a boy aged")
    (False, True, True)
    """
    if tail.endswith(_NOT_A_COUNT_BEFORE_ENDINGS) or (tail.endswith(":") and tail[-2:-1].isdigit()):
        return True
    joiner = next((j for j in _DAY_JOINERS if tail.endswith(j)), None)
    return joiner is not None and tail[:-len(joiner)].rstrip()[-1:].isdigit()


def _person_word_after(text: str, end: int) -> bool:
    """A person noun right after: "that one civilian" is a count, "the one who" is not."""
    m = _NEXT_WORD.match(text, end)
    return bool(m) and m.group(1).lower() in load().person_nouns


_NEXT_WORD = re.compile(r"\s+([\w’'-]+)")


def _not_a_count(text: str, q: Quantity) -> bool:
    if q.value == 0:
        return True
    number_text = text[q.number_start:q.end]
    if q.kind == "number" and _YEAR.match(number_text.strip("~")):
        return True
    if q.kind == "range" and _YEAR.match(str(q.low)) and _YEAR.match(str(q.high)):
        return True  # "from 1975 to 1991": years
    if _NOT_A_COUNT_AFTER.match(text, q.end):
        return True
    before = text[max(0, q.start - 30):q.start]
    if _may_end_not_a_count(" ".join(ascii_lower(before).split())) and _NOT_A_COUNT_BEFORE.search(before):
        return True
    # "their loved one", "the one who": "one" as a pronoun, not a count.
    if number_text.lower() == "one" and not _person_word_after(text, q.end) and re.search(r"(?i)\b(?:loved|the|this|that|every|each|any|no|which|another|last|first|only|little|young|dear)\s+$", text[max(0, q.start - 20):q.start]):
        return True
    return False


def _classify(doc: Document, times: TimeWords, index: int, sentence: Sentence, sentence_text: str, q: Quantity,
              qs: list[Quantity], previous: _Draft | None, previous_q: Quantity | None, lex: Lexicon,
              inherited: _Draft | None = None, hint: str | None = None) -> _Draft | None:
    text = doc.text
    np = _noun_phrase(text, q, sentence.end, lex)  # first: most numbers in news count no one ("12 tanks")
    if np is None:
        return None
    if _RATIO.search(text[sentence.start:q.start]):
        return None
    left, right = _clause_bounds(sentence_text, sentence.start, q, qs)
    if q.kind == "single" and np.kind != "person":
        return None
    if _OF_THE_SUPERLATIVE.match(text, q.end, q.end + 30):
        return None
    counted = np.head
    antecedent_context = ""
    if np.kind in ("anaphor", "elided"):
        counted, antecedent_context = _antecedent(doc, sentence, q.start, lex)
        if previous is not None and previous_q is not None and np.kind == "elided" and previous.counted:
            counted = previous.counted
    if q.kind == "single":
        category = _single_is_casualty(text, q, np, right, lex)
        source_of_category = "single"
    else:
        category, source_of_category = _category_near(doc.lower, q, np, max(left, sentence.start), right)
    if source_of_category == "blocked":
        return None
    if (q.kind == "vague" and np.kind == "elided" and q.low is None and source_of_category != "left"
            and not _patterns().category_soon.match(doc.lower, q.end, right)):
        return None  # "many" alone, "some" alone: not a count of anyone unless a verb takes it ("injured many more")
    if category is None and previous is not None and previous_q is not None:
        gap = text[previous_q.end:q.start]
        if (re.fullmatch(r"(?is)[^.;]*?\b(?:and|as\s+well\s+as|plus|including|while)\b[^.;]*|[\s,]*", gap) and len(gap.split()) <= 8) \
                or (re.search(r"(?i)\b(?:among\s+(?:them|whom|those)|of\s+whom|including)\b[^.;]*$", gap) and len(gap.split()) <= 12):
            category = previous.category
    if category is None and inherited and (
            re.search(r"(?i)\b(?:they|these|those|victims|dead|casualties|toll)\s+(?:also\s+)?(?:included|include|including|were|are)\s*$"
                      r"|\bamong\s+them\s+(?:were|was|are)\s*$"
                      r"|\b(?:it|that|the\s+(?:toll|number|figure))\s+(?:could|may|might|would|will)\s+be\s*$", text[left:q.start])
            or re.match(r"(?i)\s*(?:were|was|are)\s+(?:also\s+)?among\s+(?:them|those|the\s+victims)\b", text[np.end:right])):
        category = inherited.category
    among = _AMONG.search(text, max(sentence.start, q.start - 40), q.start) if category is None else None
    if among:
        category = lex.category_of(among.group(1)) or ("killed" if among.group(1).lower() == "victims" else None)
    if category is None and counted == "victims":
        category = "killed"  # victims with no other word for their fate: the dead of the event described
    if category is None and hint is not None:
        category = hint
    if category is None and q.value != 1 and _strength(text, q, np, sentence.start, sentence.end, counted):
        category = "strength"
    if category is None:
        return None
    if np.kind == "event":
        named = re.match(r"(?i)\s*(?:were|are)\s+(?:all\s+|mostly\s+)?([\w-]+)", text[np.end:right])
        if named and named.group(1).lower() in lex.person_nouns:
            counted = named.group(1).lower()  # "64 of the dead were children"
    if np.kind == "elided" and counted is None:
        counted = "people"
    if counted is None:
        counted = "people"
    np_text = text[q.end:np.end]
    tail = text[np.end:min(sentence.end, np.end + 90)]
    affiliation = affiliation_of(np_text + " " + _TAIL_CLAUSE_END.split(tail, 1)[0])
    if affiliation is None and np.kind == "person" and demonym_of(counted, lex):
        affiliation = demonym_of(counted, lex)
    if affiliation is None and np.kind == "anaphor" and antecedent_context:
        affiliation = affiliation_of(antecedent_context)
    unit = _unit_for(doc, np_text, tail)
    if affiliation is None and np.kind == "person":
        affiliation = _faction_before(np_text, counted, unit)
    if affiliation is None and category == "strength":
        affiliation = _owner_of_force(text[max(left, sentence.start):q.start], lex)
    speakers_own = affiliation is None and (_FIRST_PERSON.search(text[left:right]) is not None
                                            or _OWN.search(np_text) is not None)
    location = _location_for(doc, sentence, q)
    scope, timed = None, False
    if category != "strength":
        _, paragraph, headline = _scope_contexts(doc, sentence)
        scope, found_at = times.scope_and_context([(left, right, q.start), (sentence.start, sentence.end, q.start), paragraph, headline])
        # Time words in the sentence, paragraph or headline, read as _shared_scopes reads them: the clause's
        # own words count when the sentence, read whole, keeps them.
        timed = found_at is not None and (found_at > 0 or any(times.first(*c) for c in _scope_contexts(doc, sentence)))
    return _Draft(text=q.text, start=q.start, end=q.end, value=q.value, low=q.low, high=q.high, hedge=q.hedge,
                  qualifier=q.qualifier, category=category, counted=counted, affiliation=affiliation, unit=unit,
                  location=location, scope=scope, sentence=sentence_text, sentence_index=index,
                  speakers_own=speakers_own, timed=timed)


def extract(text: str) -> list[Claim]:
    """Every claim in an article's text, in order of position."""
    return extract_document(segment(text))
