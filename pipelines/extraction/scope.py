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
"""

from __future__ import annotations

from functools import lru_cache

from .lexicon import load


@lru_cache(maxsize=4096)  # a paragraph or headline is read for each of its claims
def scope_in(text: str) -> str | None:
    """The scope the time words of one piece of text give, by the rule order of scope.toml."""
    low = text.lower()
    for scope, pattern in load().scope_rules:
        if pattern.search(low):
            return scope
    return None


_EVENT_FREE = "cumulative"


def scope_of(contexts: list[str], default: str | None = None) -> str:
    """The first scope found reading the contexts in order (clause, sentence, paragraph, headline).

    With no time or event words at all, the number is a count of all known cases: `cumulative`,
    unless the caller knows better (`default`).
    """
    for text in contexts:
        found = scope_in(text)
        if found:
            return found
    return default or _EVENT_FREE
