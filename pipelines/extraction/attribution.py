"""Who makes each sentence's claims (`source`) and which outlets relayed them (`via`).

Attribution is read once per article, sentence by sentence, carrying what the earlier sentences
said: the last person and organisation named as speakers (for "he", "it", "the ministry"), the
speaker whose quote a paragraph continues, a "Source:" line, and the outlets a speaker talked to.

>>> doc = segment("Strike near Varnesk\\nTwo soldiers died, Defence Ministry spokesman Ivan Petrov told Meridian News. "
...               "He said five more were hurt.")
>>> [(a.source, a.via) for a in attribute(doc)]
[(None, ()), ('Ivan Petrov', ('Meridian News',)), ('Ivan Petrov', ('Meridian News',))]
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from functools import cache

from .lexicon import Lexicon, alternation, load
from .text import Document, Sentence, ascii_lower, segment


@dataclass(frozen=True)
class Attribution:
    source: str | None = None
    via: tuple[str, ...] = ()
    side: str | None = None  # demonym of the speaker's side, for "our"/"we"
    explicit: bool = False  # named in this sentence, not carried over


@dataclass
class _State:
    last_person: Attribution | None = None
    last_org: Attribution | None = None
    paragraph: int = -1
    paragraph_speaker: Attribution | None = None
    source_line: Attribution | None = None
    relays: dict[str, tuple[str, ...]] = field(default_factory=dict)  # speaker -> outlets it spoke through
    speakers: list[Attribution] = field(default_factory=list)  # every named speaker so far, in order
    full_names: dict[tuple[str, str], str] = field(default_factory=dict)  # (name, kind) -> _fullest, for this article

    def fullest(self, name: str, text: str, kind: str) -> str:
        key = (name, kind)
        if key not in self.full_names:
            self.full_names[key] = _fullest(name, text, kind)
        return self.full_names[key]


# A capitalised word, or a name's part after a lowercase particle ("al-Maqtari", "el-Sisi").
_NAME = r"(?:(?:al|el|ad|ar|as|at|az|ash|bin|ibn|abu)-)?[A-Z][\w’'.-]*"
_LAST_DELIMITER = re.compile(r"(?s:.*)(?:[,;:“”\"()—–]|(?<=\s)-(?=\s))")  # greedy: up to the last delimiter; " - " is a dash
_CAP_WORD = re.compile(rf"^{_NAME}$")


@dataclass(frozen=True)
class _Patterns:
    according: re.Pattern
    subject_verb: re.Pattern
    verb_subject: re.Pattern
    citing: re.Pattern
    relayed_by: re.Pattern  # lowercase, on ascii_lower text: the speaker is read from the sentence at the same span
    interview: re.Pattern
    passive_this: re.Pattern
    by_agent: re.Pattern  # lowercase, on ascii_lower text, like relayed_by
    report_shows: re.Pattern
    report_verb: re.Pattern  # what report_shows needs besides names, on ascii_lower text
    capitalised_run: re.Pattern
    source_line: re.Pattern
    headline_credit: re.Pattern
    title_prefix: re.Pattern
    described_name: re.Pattern
    cue: re.Pattern
    demonym_or_country: re.Pattern
    title_word: re.Pattern  # any one-word title, on ascii_lower text: a sentence without one names nobody by title
    outlets: re.Pattern


_REPORT_VERB = r"(?:report|statement|update|briefing|estimate|assessment|summary|bulletin|data|figures)s?\s+(?:shows?|showed|says|said|indicates?|states?|suggests?)\b"


@cache
def _patterns() -> _Patterns:
    lex = load()
    verbs = alternation(v for v in lex.speech_verbs if v != "according")
    adverbs = r"(?:(?:also|had|has|have|earlier|later|then|previously|now|further|on\s+\w+|reportedly|separately|first|recently|in\s+a\s+statement)\s+)*"
    return _Patterns(
        according=re.compile(r"(?i)\baccording\s+to\s+(?P<who>(?:[A-Z]\.(?:[A-Z]\.)+|[^,.;:“”\"()])+?)(?=\s*(?:[,.;:“”\"()]|$|\s+(?:that|who|which|as|in|on|at|by|the\s+(?:number|toll)|there|some|more|over|about|around|up\s+to|at\s+least)\b))"),
        # The verb of "X said" (after a space): its subject is the text before it, back to the previous delimiter.
        subject_verb=re.compile(rf"(?<=\s){adverbs}(?P<verb>{verbs})\b"),
        by_agent=re.compile(r"\b(?:estimate|report|statement|figures|data|video|footage|assessment|tally|count|update|briefing|list|bulletin)s?\s+(?:\w+\s+){0,2}?(?:provided|released|published|issued|compiled|given|presented|posted|shared|circulated)\s+by\s+(?P<who>[^,.;:“”\"()]+?)(?=\s*(?:[,.;:]|$|\s+(?:earlier|later|on|in|this|last|suggests?|shows?|says?|said)\b))"),
        report_shows=re.compile(rf"\b(?:a|an|the)\s+(?P<who>(?:[A-Z][\w’'-]*\s+)+){_REPORT_VERB}"),
        report_verb=re.compile(_REPORT_VERB),
        capitalised_run=re.compile(r"\b[A-Z][\w’'-]*\.?(?:\s+[A-Z][\w’'-]*\.?){1,5}"),
        verb_subject=re.compile(rf"(?:[,”\"’']\s*|^)(?P<verb>{verbs})\s+(?P<who>(?:the\s+|a\s+|an\s+)?(?:[\w’'.-]+\s+){{0,8}}?[\w’'.-]+?)\s*(?=[,.;:]|\s+(?:on|in|at|during|after|late|early|this|last|said|told|adding|citing|quoting|who|which)\b|$)"),
        # The cue of "A, citing B": A is the text before it, back to the previous delimiter.
        citing=re.compile(r"(?i)\s*,?\s+(?:citing|quoting|cited|quoted)\s+(?P<who>[^,.;:“”\"()]+)"),
        relayed_by=re.compile(r"\b(?:as\s+)?(?:reported|quoted|cited|relayed|published)\s+by\s+(?P<who>[^,.;:“”\"()]+?)\s*(?=[,.;:]|$)"),
        interview=re.compile(rf"\b(?:[Ii]n\s+(?:an?\s+)?(?:interview|comments|remarks|statement)s?\s+(?:with|to)|told|(?:speaking|spoke|spoken|talking|talked)\s+(?:to|with)|in\s+comments\s+to)\s+(?P<outlet>(?:the\s+)?(?:{_NAME}\s+){{0,4}}{_NAME}|[\w-]+\.(?:ru|ua|com|net|org))"),
        passive_this=re.compile(rf"(?i)^\s*(?:this|that|it|the\s+information|the\s+news)\s+(?:was|is|has\s+been|had\s+been)\s+(?:reported|announced|stated|said|confirmed|published|posted)\s+by\s+(?P<who>[^,.;:]+)"),
        # Matched at a sentence's start in the article's text, to its end.
        source_line=re.compile(r"(?i)\s*(?:source|sources|information source)\s*:\s*(?P<who>.+?)\s*\.?\s*$"),
        headline_credit=re.compile(r"\s+[-–—|]\s+(?P<who>[^-–—|]{2,60})$"),
        title_prefix=re.compile(rf"(?i)^(?:(?:{alternation(lex.titles)})\b\.?\s*)+"),
        described_name=re.compile(rf"(?i:\b(?:{alternation(t for t in lex.titles if t[0].isalpha())}))\s+((?:[A-Z][\w’'.-]*\s+)*{_NAME})$"),
        # Any word that can start an attribution: sentences without one are skipped quickly.
        cue=re.compile(rf"\b(?:{verbs}|according|citing|quoting|cited|quoted|by|told|interview|spoke|speaking|talked|talking|comments|remarks)\b"),
        demonym_or_country=re.compile(  # on ascii_lower text
            rf"\b({alternation([*lex.demonyms, *(c for c, d in lex.country_names.items() if d != 'foreign')])})(?:['’]s)?\b"),
        outlets=re.compile(rf"(?i)^(?:the\s+)?(?:{alternation(lex.outlets)})$"),
        title_word=re.compile(rf"\b(?:{alternation(t.rstrip('.') for t in lex.titles if ' ' not in t)})\b"),
    )


def is_outlet(name: str, lex: Lexicon | None = None) -> bool:
    """A news outlet or wire, by the outlet list or the shape of its name.

    >>> is_outlet("RIA Novosti"), is_outlet("gazeta.ru"), is_outlet("Meridian News Agency"), is_outlet("Russian Defense Ministry")
    (True, True, True, False)
    """
    lex = lex or load()
    name = name.strip()
    return bool(_patterns().outlets.match(name) or lex.outlet_pattern.fullmatch(name))


def _side(phrase: str, lex: Lexicon) -> str | None:
    found = _patterns().demonym_or_country.search(ascii_lower(phrase))
    if found:
        word = found.group(1).lower()
        return word if word in lex.demonyms else lex.country_names[word]
    m = _LAND_POSSESSIVE.search(phrase)
    return m.group(1).lower() + "n" if m else None  # "Dravonia's" -> dravonian, the usual English form


def _kind(name: str, lex: Lexicon) -> str:
    """"person", "org", "pronoun" or "outlet": what a speaker phrase names."""
    low = name.lower()
    if low in lex.pronouns:
        return "pronoun"
    if is_outlet(name, lex):
        return "outlet"
    words = low.replace("’", "'").split()
    if any(w.strip("'s") in lex.organisation_heads or w in lex.organisation_heads for w in words) or (
            " ".join(words[-2:]) in lex.organisation_heads):
        return "org"
    if all(_CAP_WORD.match(w) for w in name.split()) and len(name.split()) >= 1:
        country = low.rstrip("'s’")
        return "org" if country in lex.country_names or low in lex.country_names else "person"
    return "org"


_CLAUSE_WORD_START = re.compile(r"(?i)^(?:and|but|while|so|as|however|meanwhile|also|that|which|who|when|where|then|yet|now)\b\s*")
_THE_START = re.compile(r"(?i)^the\s+")
_GROUP_AND_PLACE = re.compile(r"(?i)^((?:\w+\s+)?(?:officials|authorities|residents|witnesses|sources|medics|doctors|police|rescuers))"
                              r"\s+(?:in|from|at|near)\s+.*$")
_NAME_AND_PLACE = re.compile(r"^((?:[A-Z][\w’'-]+\s+){1,2}[A-Z][\w’'-]+)\s+(?:of|from|at)\s+")
_OFFICE_BEFORE_NAME = re.compile(r"^(?:[A-Z][a-z]+(?:’s|'s)\s+)?(?:(?:[A-Z][a-z]+\s+)?(?:President|Prime\s+Minister|Minister|Governor|"
                                 r"Mayor|General|Colonel|Spokesman|Chief|Commander)\s+)+(?=[A-Z])")
_TRAILING_ADVERB = re.compile(
    r"\s+(?:initially|later|also|earlier|previously|first|then|separately|again|wrongly|mistakenly|falsely|incorrectly"
    r"|erroneously|originally|officially|publicly|privately|recently|repeatedly|subsequently|finally|formally|openly"
    r"|jointly|personally|directly|immediately|anonymously)$")


def clean_speaker(phrase: str, lex: Lexicon | None = None) -> str | None:
    """A speaker phrase without leading articles, titles and clause words.

    >>> clean_speaker("Regional governor Oleksandr Prokudin"), clean_speaker("the State Border Guard Service")
    ('Oleksandr Prokudin', 'State Border Guard Service')
    >>> clean_speaker("a local politician"), clean_speaker("a local family"), clean_speaker("An earlier story wrongly")
    ('a local politician', 'a local family', 'An earlier story')
    """
    lex = lex or load()
    s = " ".join(phrase.split()).strip(" ,.;:'\"“”‘’-–—")
    s = _THE_START.sub("", _CLAUSE_WORD_START.sub("", s))
    if not s:
        return None
    # A descriptor before a name: "ministry's spokesman Lieutenant General Igor Konashenkov",
    # "Defence Ministry spokesman Ivan Petrov": the name after the last lowercase title word.
    described = _patterns().described_name.search(s)
    if described and described.start() > 0:
        tail = _patterns().title_prefix.sub("", described.group(1)).strip()
        if tail and _kind(tail, lex) == "person":
            s = tail
    # "Officials in the northern province of Varnek" -> "Officials": where a group is, not who it is.
    s = _GROUP_AND_PLACE.sub(r"\1", s)
    of = _NAME_AND_PLACE.match(s)
    if of and _kind(of.group(1), lex) == "person":
        s = of.group(1)
    stripped = _patterns().title_prefix.sub("", s)
    if stripped and stripped != s and _kind(stripped, lex) == "person" and stripped[0].isupper():
        s = stripped
    # "Ukraine's President Volodymyr Zelensky" -> the name; "Ukraine's General Staff" stays whole.
    named = _OFFICE_BEFORE_NAME.sub("", s)
    if named != s and _kind(named, lex) == "person":
        s = named
    return _TRAILING_ADVERB.sub("", s).strip() or None


def _role_word(word: str, lex: Lexicon) -> bool:
    """A word naming a kind of speaker, singular or plural: "official", "witnesses", "analysts"."""
    for form in (word, word[:-1] if word.endswith("s") else word, word[:-2] if word.endswith("es") else word):
        if form in lex.titles or form in _PERSON_ROLES:
            return True
    return False


@cache
def p_quantity_start() -> re.Pattern:
    """A phrase that opens with a number or a hedge ("At most 150 militants"): no speaker."""
    words = alternation(q.words for q in load().qualifiers if q.position == "before")
    return re.compile(rf"(?i)^(?:(?:{words})\b|between\b|\d)")


def _word_before(text: str, end: int) -> str:
    """The last whitespace-separated word of text[:end], or "".

    >>> _word_before("said spokesman Ivan", 15), _word_before("Ivan", 0)
    ('spokesman', '')
    """
    start = end
    while start > 0 and text[start - 1].isspace():
        start -= 1
    stop = start
    while start > 0 and not text[start - 1].isspace():
        start -= 1
    return text[start:stop]


def _titled_names(sentence: str, lex: Lexicon) -> list[tuple[str, int]]:
    """Names written after a title ("Colonel Arvid Lenz", "Governor Ada Moor"), with their offsets."""
    out = []
    for m in _patterns().capitalised_run.finditer(sentence):
        words = m.group(0).split()
        titled = 0
        while titled < len(words) - 2 and words[titled].lower().rstrip(".") in lex.titles:
            titled += 1
        if titled == 0 and m.start() > 0:
            titled = int(_word_before(sentence, m.start()).lower() in lex.titles)
            name = words
        else:
            name = words[titled:]
        if titled and 2 <= len(name) <= 3:
            text = " ".join(name)
            out.append((text, m.start() + m.group(0).find(name[0])))
    return out


_PREPOSITIONS = {"in", "on", "at", "from", "with", "for", "by", "after", "before", "during", "since", "under", "over"}
_VAGUE_SUBJECTS = {"it", "there", "this", "that", "which", "what", "who", "official", "officials", "authorities"}
_CAPITAL = re.compile(r"[A-Z]")
_LAND_POSSESSIVE = re.compile(r"\b([A-Z][a-z]+ia)['’]s\b")


def _plausible(who: str, lex: Lexicon) -> bool:
    words = who.split()
    if not words or len(words) > 12:
        return False
    low = who.lower()
    if low in lex.pronouns:
        return True
    if low in _VAGUE_SUBJECTS:
        return low not in ("there", "this", "which", "what", "who")
    first = words[0].lower()
    if first in {"it", "there", "this", "which", "what", "who", "i", "we", "you", "report", "reports"} | _PREPOSITIONS:
        return False  # "In our neighbourhood alone we counted": no speaker starts with a preposition
    if len(words) == 1 and first in {"a", "an", "the", "some", "many", "one"}:
        return False
    if p_quantity_start().match(who):
        return False  # a quantity, not a speaker
    if _role_word(words[-1].lower(), lex):
        return True  # "the provincial governor", "a local official", "witnesses"
    return bool(_CAPITAL.search(who)) or any(w.lower().strip("s") in lex.organisation_heads or w.lower() in lex.organisation_heads for w in words) or low.startswith(("a ", "an "))


_NAMES_BEFORE = re.compile(r"(?:[A-Z][\w’'-]+\s+){1,2}$")
_OF_NAME_AFTER = re.compile(r"\s+of\s+(?:the\s+)?[A-Z][\w’'-]+(?:\s+[A-Z][\w’'-]+)*")


def _occurrences(text: str, word: str):
    start = text.find(word)
    while start >= 0:
        end = start + len(word)
        if (start == 0 or not text[start - 1].isalnum()) and (end == len(text) or not text[end].isalnum()):
            yield start, end
        start = text.find(word, start + 1)


def _fullest(name: str, text: str, kind: str) -> str:
    """The fullest form of a name the article gives ("Prokudin" -> "Oleksandr Prokudin").

    >>> _fullest("Lenz", "Colonel Arvid Lenz spoke. Lenz said so.", "person")
    'Arvid Lenz'
    """
    best = name
    if _ACRONYM.fullmatch(name):
        return _spelled_out(name, text) or name
    if kind == "person":
        last = name.split()[-1]
        for start, end in _occurrences(text, last):
            before = _NAMES_BEFORE.search(text, max(0, start - 60), start)
            if before:
                candidate = clean_speaker(text[before.start():end])
                if candidate and candidate.endswith(last) and len(candidate) > len(best) and len(candidate.split()) <= 3:
                    best = candidate
    elif kind == "org" and len(name.split()) >= 2:
        for start, end in _occurrences(text, name):
            longer = _OF_NAME_AFTER.match(text, end)
            if longer and end - start + len(longer.group(0)) > len(best):
                best = text[start:longer.end()]
    return best


_ACRONYM = re.compile(r"[A-Z]{2,6}")
_CAPITALISED_RUN = re.compile(r"[A-Z][\w’'-]*(?:\s+(?:(?:of|for|the|and|on)\s+)*[A-Z][\w’'-]*)+")


def _spelled_out(acronym: str, text: str) -> str | None:
    """The name an acronym stands for in the article: the one it follows in brackets ("Kani People's Defence
    Force (PDF)"), else a capitalised name with its initials ("United Nations" for UN).

    >>> _spelled_out("PDF", "the Kani People's Defence Force (PDF) said"), _spelled_out("UN", "A United Nations envoy")
    ("Kani People's Defence Force", 'United Nations')
    """
    defined = re.search(rf"([A-Z][\w’'-]*(?:\s+(?:(?:of|for|the|and|on)\s+)*[A-Z][\w’'-]*)*)\s+\({acronym}\)", text)
    if defined:
        return defined.group(1)
    for m in _CAPITALISED_RUN.finditer(text):
        words = [w for w in m.group(0).split() if w[0].isupper()]
        for first in range(len(words) - len(acronym) + 1):  # "The United Nations": initials of a sub-run
            if "".join(w[0] for w in words[first:first + len(acronym)]) == acronym:
                run = words[first:first + len(acronym)]
                start = m.group(0).index(run[0])
                return m.group(0)[start:m.group(0).index(run[-1], start) + len(run[-1])]
    return None


# Words without which a pattern cannot match: a substring test is far cheaper than a regex search.
_LISTENER_WORDS = re.compile(alternation(["interview", "comments", "remarks", "statement", "told", "spok", "speaking", "talk"]))


def _may_name_listener(low: str) -> bool:
    return _LISTENER_WORDS.search(low) is not None


def _relays_in(sentence: str, low: str, lex: Lexicon, listener: bool | None = None) -> list[str]:
    """The outlets a sentence names as relays; `listener`: _may_name_listener(low), when known."""
    out = []
    p = _patterns()
    if "by" in low:
        for m in p.relayed_by.finditer(low):
            who = clean_speaker(sentence[m.start("who"):m.end("who")], lex)
            if who and is_outlet(who, lex):
                out.append(who)
    if _may_name_listener(low) if listener is None else listener:
        for m in p.interview.finditer(sentence):
            who = clean_speaker(m.group("outlet"), lex)
            if who and is_outlet(who, lex) and who not in out:
                out.append(who)
    if "media" in low and re.search(r"(?i)according\s+to\s+(?:\w+\s+)?media\s+reports|media\s+reports\s+said", sentence):
        out.append("media reports")
    return out


_NAME_CONNECTORS = {"of", "for", "the", "and", "de", "del", "la", "al", "el"}
_ACRONYM_AFTER = re.compile(r"\s*\([A-Z][\w.-]{1,9}\)\s*$")
_ASIDE = re.compile(r"\s*(?:who|which|in\s+(?:a|an|its|their|his|her)|on\s+(?:its|their|his|her)|(?:a|an|the)\s+(?=[a-z]))\s*")
_CLAUSE_START = re.compile(r"\b(?:and|but|while|as|because|that|which|when|after|before|since|so)\s+(?=[a-z])|[.!?]\s")
_PASSIVE_END = re.compile(r"(?i)\b(?:is|are|was|were|be|been|being)$")
_VERB_AT_END = re.compile(r"\s+(?:reported|reports|said|says|wrote|writes|added)\s*$")
_ARTICLE_END = re.compile(r"(?i)\b(?:a|an|the)\s*$")
_PRONOUN_END = re.compile(r"(?i)\b(he|she|they)$")
_PRONOUN_CLAUSE = re.compile(r"(?i)(?:it|they|he|she)\s+\w+")  # "they also", "it has": a clause, not a speaker


def _explicit(sentence: str, lex: Lexicon, low: str | None = None, listener: bool | None = None) -> tuple[str | None, list[str]]:
    """The speaker a sentence names itself, and the outlets it names as relays (`low`: the sentence in ascii_lower;
    `listener`: whether it may name one, when known)."""
    p = _patterns()
    low = ascii_lower(sentence) if low is None else low
    if not p.cue.search(low):
        return None, []
    via = _relays_in(sentence, low, lex, listener)
    m = p.citing.search(sentence) if ("cit" in low or "quot" in low) else None
    if m and m.start() > 0:
        # "the Kurdistan24 channel reported, citing ...": the relay without its verb
        last = _LAST_DELIMITER.match(sentence, 0, m.start())
        relay = clean_speaker(_VERB_AT_END.sub("", sentence[last.end() if last else 0:m.start()]), lex)
        who = clean_speaker(m.group("who"), lex)
        if relay and who and is_outlet(relay, lex) and _plausible(who, lex):
            chain = [relay, *[v for v in via if v != relay]]
            if is_outlet(who, lex):
                # "A, citing B, reported that C said": C is the source, B then A relayed it.
                later, _ = _explicit(sentence[m.end():], lex)
                if later and not is_outlet(later, lex):
                    return later, [who, *chain]
            return who, chain
    # "an estimate released by X", "a X report shows", "This was reported by X": X, wherever it stands.
    by = "by" in low
    for m in (p.by_agent.search(low) if by else None, p.report_verb.search(low) and p.report_shows.search(sentence),
              p.passive_this.search(sentence) if by else None):
        if m:
            who = clean_speaker(sentence[m.start("who"):m.end("who")], lex)
            if who and _plausible(who, lex) and not is_outlet(who, lex):
                return who, via
    candidates: list[tuple[int, str]] = []
    for m in p.according.finditer(sentence) if "according" in low else ():
        who = clean_speaker(m.group("who"), lex)
        if who and who.lower() not in ("media reports", "reports") and _plausible(who, lex):
            candidates.append((m.start(), who))
    inverted = {}  # verb position -> the speaker after it ("..., said a local official")
    for m in p.verb_subject.finditer(sentence):
        if m.group("verb").lower() in ("told", "tells"):
            continue  # "X, told BBC ...": the speaker is before the verb, the listener after it
        who = clean_speaker(m.group("who"), lex)
        if who and _plausible(who, lex) and (who[0].isupper() or _is_description(who, lex)) and who.lower() not in lex.pronouns:
            inverted[m.start("verb")] = who
            candidates.append((m.start("who"), who))
    for m in p.subject_verb.finditer(sentence):
        if candidates and m.start("verb") > min(candidates)[0]:
            break  # the first attribution wins, and the verbs come left to right
        subject_end = len(sentence[:m.start()].rstrip())
        comma = subject_end > 0 and sentence[subject_end - 1] == ","  # "Name, <apposition>, said"
        if comma:
            subject_end = len(sentence[:subject_end - 1].rstrip())
            if m.start("verb") in inverted:
                continue
        acronym = _ACRONYM_AFTER.search(sentence, max(0, subject_end - 14), subject_end) if sentence[subject_end - 1:subject_end] == ")" else None  # "the Group for ... (JNIM) claimed"
        if acronym:
            subject_end = acronym.start()
        last = _LAST_DELIMITER.match(sentence, 0, subject_end)
        chunk = sentence[last.end() if last else 0:subject_end]
        if comma and last and _ASIDE.match(chunk):
            # "Al-Shabaab, in a statement, said", "A health worker, who asked not to be named, told ...",
            # "the Sagwin Justice Network, a local rights group, said": the aside between the commas is
            # not the speaker; the phrase before it is.
            aside_start = last.end() - 1
            before = _LAST_DELIMITER.match(sentence, 0, aside_start)
            chunk = sentence[before.end() if before else 0:aside_start]
        if not chunk.strip():
            continue
        chunk = _CLAUSE_START.split(chunk)[-1]
        if _PASSIVE_END.search(chunk.strip()) or _ARTICLE_END.search(chunk):
            continue  # passive: "is said to have lost" names nobody; "an estimated 10,000" is no verb
        pronoun = _PRONOUN_END.search(chunk.strip())
        words = chunk.split()
        if len(words) > 9:
            # A long clause: its last words, and the rest of a name they end ("Group for the Support of ...").
            keep = 6
            while keep < min(len(words), 12) and (words[-keep - 1][:1].isupper() or words[-keep - 1] in _NAME_CONNECTORS):
                keep += 1
            chunk = " ".join(words[-keep:])
        who = pronoun.group(1) if pronoun else clean_speaker(chunk, lex)
        if comma and not (who and who[0].isupper() and _kind(who, lex) in ("person", "org")):
            continue  # "Name, <apposition>, said" only: a comma before the verb otherwise ends another clause
        if who and _plausible(who, lex) and not _PRONOUN_CLAUSE.match(who):
            candidates.append((m.start("verb"), who))
    if not candidates:
        return None, via
    return min(candidates)[1], via  # the first attribution of the sentence


def _is_description(phrase: str, lex: Lexicon) -> bool:
    """A lowercase description of a speaker: "the 44-year-old leader", "the ministry", "a local official"."""
    words = phrase.lower().split()
    return bool(words) and (words[-1] in lex.titles or words[-1] in lex.organisation_heads or words[-1] in _PERSON_ROLES)


_PERSON_ROLES = {"leader", "correspondent", "reporter", "journalist", "witness", "resident", "soldier", "fighter",
                 "medic", "doctor", "source", "analyst", "expert", "politician", "lawmaker", "diplomat", "activist"}


def attribute(doc: Document, until: int | None = None) -> list[Attribution]:
    """One Attribution per sentence of `doc`, in order.

    Sentences after index `until` (none of which holds a claim) are read only for what reaches back to
    earlier sentences: relays ("Petrov told Meridian News") and backfills ("This was reported by X").
    The attributions of those not read are left empty.
    """
    lex = load()
    p = _patterns()
    state = _State()
    out: list[Attribution] = []
    headline_source = None
    for s in doc.sentences:
        line = p.source_line.match(doc.text, s.start, s.end)
        if line and clean_speaker(line.group("who"), lex):
            state.source_line = Attribution(clean_speaker(line.group("who"), lex), (), _side(line.group("who"), lex))
    headline = doc.headline or (doc.paragraphs[0] if len(doc.paragraphs) == 1 and not re.search(r"[.!?…][\"”’)']?$", doc.text.rstrip()) else None)
    if headline is not None:
        m = p.headline_credit.search(doc.text[headline.start:headline.end])
        if m and _plausible(m.group("who"), lex):
            headline_source = clean_speaker(m.group("who"), lex)
    if until is not None and any(p.passive_this.search(doc.sentence_text(s)) for s in doc.sentences[until + 1:]):
        until = None  # a backfill stops at the first attributed sentence: every sentence must be read
    for index, s in enumerate(doc.sentences):
        text = doc.sentence_text(s)
        if s.paragraph != state.paragraph:
            state.paragraph, state.paragraph_speaker = s.paragraph, None
        if p.source_line.match(doc.text, s.start, s.end):
            out.append(Attribution())
            continue
        low = doc.lower[s.start:s.end]
        listener = _may_name_listener(low)
        talked = p.interview.search(text) if listener else None
        if talked:
            outlet = clean_speaker(talked.group("outlet"), lex)
            person = re.match(r"\s*((?:[A-Z][\w’'-]+\s+){0,3}[A-Z][\w’'-]+)\s+(?:also\s+)?$", text[:talked.start()])
            if outlet and person and is_outlet(outlet, lex) and _kind(clean_speaker(person.group(1), lex) or "", lex) == "person":
                name = state.fullest(clean_speaker(person.group(1), lex), doc.text, "person")
                state.relays[name] = tuple(dict.fromkeys([*state.relays.get(name, ()), outlet]))
        if until is not None and index > until and not (p.cue.search(low) and _relays_in(text, low, lex, listener)):
            out.append(Attribution())
            continue
        for name, start in _titled_names(text, lex) if p.title_word.search(low) else ():
            # "Colonel Arvid Lenz commands the legion. He said...": a titled name is who "he" is.
            state.last_person = Attribution(state.fullest(name, doc.text, "person"), (), _side(text[max(0, start - 30):start + len(name)], lex))
        who, via = _explicit(text, lex, low, listener)
        if headline is not None and s.start == headline.start and who is None and headline_source:
            who = headline_source
        attribution = None
        if who is not None:
            attribution = _resolve(who, via, text, doc, state, lex)
            if p.passive_this.search(text):
                _backfill(out, doc, s, attribution)
        elif via:
            carried = state.paragraph_speaker
            attribution = Attribution(carried.source if carried else None, tuple(via), carried.side if carried else None)
        elif state.paragraph_speaker is not None:
            attribution = Attribution(state.paragraph_speaker.source, state.paragraph_speaker.via, state.paragraph_speaker.side)
        elif state.source_line is not None:
            attribution = state.source_line
        out.append(attribution or Attribution())
    # Outlets a speaker talked to count for all of the speaker's claims, wherever they are named.
    return [Attribution(a.source, tuple(dict.fromkeys([*a.via, *state.relays.get(a.source, ())])), a.side, a.explicit)
            if a.source in state.relays else a for a in out]


def _backfill(out: list[Attribution], doc: Document, s: Sentence, attribution: Attribution) -> None:
    """"This was reported by X" attributes the unattributed sentences just before it."""
    for i in range(len(out) - 1, -1, -1):
        earlier = doc.sentences[i]
        if earlier.paragraph < s.paragraph - 1 or out[i].source is not None:
            break
        out[i] = Attribution(attribution.source, attribution.via, attribution.side, False)


def _described(who: str, state: _State, lex: Lexicon) -> Attribution | None:
    """The earlier speaker a lowercase description stands for: "the ministry" -> the last speaker whose
    name holds "ministry"; "the group" -> the last organisation; "the 44-year-old leader" -> the last person."""
    if not who or not who.islower() or who.startswith(("a ", "an ")):
        return None
    head = who.split()[-1]
    known = [a for a in state.speakers if a.source and head in a.source.lower()]
    if known:
        return known[-1]
    if head in _PERSON_ROLES or head in lex.titles:
        return state.last_person
    if head in ("group", "organisation", "organization", "movement", "network", "coalition", "monitor", "agency",
                "militia", "rebels", "militants", "insurgents", "army", "military", "authorities"):
        return state.last_org
    return None


def _resolve(who: str, via: list[str], text: str, doc: Document, state: _State, lex: Lexicon) -> Attribution:
    kind = _kind(who, lex)
    if kind == "pronoun":
        low = who.lower()
        ref = state.last_person if low in ("he", "she", "him", "her") else (state.last_org or state.last_person)
        ref = ref or state.last_person or state.last_org
        if ref is None:
            return Attribution(None, tuple(via))
        merged = tuple(dict.fromkeys([*ref.via, *via]))
        attribution = Attribution(ref.source, merged, ref.side, True)
    else:
        ref = _described(who, state, lex)
        if ref is not None:
            attribution = Attribution(ref.source, tuple(dict.fromkeys([*ref.via, *via])), ref.side, True)
            state.paragraph_speaker = attribution
            return attribution
        name = state.fullest(who, doc.text, kind)
        at = text.find(who)
        side = _side(text[max(0, at - 40):at + len(who) + 60] if at >= 0 else who, lex) or _side(name, lex)
        relays = tuple(dict.fromkeys([*state.relays.get(name, ()), *via]))
        attribution = Attribution(name, relays, side, True)
        if via:
            state.relays[name] = relays
        if kind == "person":
            state.last_person = attribution
        elif kind != "outlet" or not state.last_org:
            state.last_org = attribution
        state.speakers.append(attribution)
    state.paragraph_speaker = attribution
    return attribution
