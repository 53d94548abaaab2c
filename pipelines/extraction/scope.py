"""The time a casualty number covers: incident, daily, period or cumulative (CLAIMS.md "Scope").

>>> scope_of(["Five soldiers were killed in a missile strike on Tuesday."])
'incident'
>>> scope_of(["We lose up to 100 soldiers every day."]), scope_of(["Since the start of the invasion 900 died."])
('daily', 'cumulative')
>>> scope_of(["Four were killed.", "Shelling last week hit the town."])
'period'
>>> scope_of(["Russia said 498 soldiers had been killed."]), scope_of(["Ten died."], default="incident")
('cumulative', 'incident')
>>> scope_of(["Since the siege began, 300 have died."])
'period'
>>> scope_of(["So far 31 have died.", "Dolsk was shelled for two days. So far 31 have died."])
'period'
"""

from __future__ import annotations

import re
from functools import lru_cache

from .lexicon import alternation, load


@lru_cache(maxsize=4096)  # a paragraph or headline is read for each of its claims
def scope_in(text: str) -> str | None:
    """The scope the time words of one piece of text give, by the rule order of scope.toml."""
    low = text.lower()
    for scope, pattern in load().scope_rules:
        for m in pattern.finditer(low):
            if not (scope in ("period", "incident") and _dates_a_statement(low, m.start(), m.end())):
                return scope
    return None


def scope_near(text: str, position: int) -> str | None:
    """The scope of the time span nearest to `position` in `text`; event words only when no span is named.

    A span ("every day", "since the war began", "last week") says what the number covers; an event word
    ("strike", "on Tuesday") only says something happened. Rule order breaks ties.

    >>> scope_near("30 died in the past 24 hours, bringing the toll since the war began to 900", 70)
    'cumulative'
    >>> scope_near("We lose 60 to 100 soldiers in battle every day", 8)
    'daily'
    """
    low = text.lower()
    best: tuple[int, int, str] | None = None
    for scope, pattern in load().scope_rules:
        for m in pattern.finditer(low):
            if scope in ("period", "incident") and _dates_a_statement(low, m.start(), m.end()):
                continue
            distance = 0 if m.start() <= position <= m.end() else min(abs(m.start() - position), abs(m.end() - position))
            rank = (scope == "incident", distance)
            if best is None or rank < best[:2]:
                best = (*rank, scope)
    return best[2] if best else None


@lru_cache(maxsize=1)
def _speech() -> re.Pattern:
    verbs = alternation(v for v in load().speech_verbs if v != "according")
    return re.compile(rf"\b(?:{verbs})\b")


def _dates_a_statement(low: str, start: int, end: int) -> bool:
    """ "said on Tuesday", "Last week, Russia claimed": the time words date the statement, not the count.

    >>> _dates_a_statement("the ministry said on tuesday that 40 died", 18, 28)
    True
    """
    before = " ".join(low[max(0, start - 40):start].split()[-2:])
    after = " ".join(low[end:end + 40].split()[:3])
    return bool(_speech().search(before) or _speech().search(after))


_EVENT_FREE = "cumulative"


def scope_of(contexts: list[str | tuple[str, int]], default: str | None = None) -> str:
    """The first scope found reading the contexts in order (clause, sentence, paragraph, headline).

    A context given as (text, position) is read by the time words nearest the position (the claim);
    a plain text by rule order. With no time or event words at all, the number is a count of all
    known cases: `cumulative`, unless the caller knows better (`default`).
    """
    for i, context in enumerate(contexts):
        found = scope_near(*context) if isinstance(context, tuple) else scope_in(context)
        if found == "cumulative" and _only_episode_total(context[0] if isinstance(context, tuple) else context):
            # "so far" inside an episode the wider context bounds keeps the episode's span
            if any(load().episode_spans.search((c[0] if isinstance(c, tuple) else c).lower()) for c in contexts[i + 1:]):
                return "period"
        if found:
            return found
    return default or _EVENT_FREE


def _only_episode_total(text: str) -> bool:
    """The text's only running-total words are "so far"-like: they give no start of their own."""
    low = text.lower()
    if not load().episode_totals.search(low):
        return False
    rest = load().episode_totals.sub(" ", low)
    return not any(scope == "cumulative" and pattern.search(rest) for scope, pattern in load().scope_rules)
