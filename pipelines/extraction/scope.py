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
>>> scope_of([("30 died in the past 24 hours, bringing the toll since the war began to 900", 70)])
'cumulative'
>>> scope_of([("We lose 60 to 100 soldiers in battle every day", 8)])
'daily'
"""

from __future__ import annotations

import re
from bisect import bisect_left, bisect_right
from collections.abc import Sequence
from functools import lru_cache

from .lexicon import alternation, load
from .text import ascii_lower

# A context: a span (start, end) of the article, read by rule order, or (start, end, position), read by
# the time words nearest the position (the claim).
Context = tuple[int, int] | tuple[int, int, int]

_EVENT_FREE = "cumulative"


class TimeWords:
    """The time and event phrases of one article, by the rules of scope.toml.

    Contexts are spans of the article: a phrase counts for a context when it lies inside it, and the
    words that date a statement ("said on Tuesday") are looked for inside the context too. The article
    is read in pieces (its sentences), each once, when a context first reaches it; no phrase crosses pieces.
    """

    def __init__(self, low: str, pieces: Sequence[tuple[int, int]]):
        self.low = low  # the article in ascii_lower
        self._pieces = pieces
        self._piece_starts = [start for start, _ in pieces]
        self._read: dict[int, tuple[list[tuple[int, int, int, str]], list[int]]] = {}
        self._dated: dict[tuple[int, int, int, int], bool] = {}  # (phrase span, window span) -> dates a statement

    def _phrases_of(self, piece: int) -> tuple[list[tuple[int, int, int, str]], list[int]]:
        if piece not in self._read:
            start, end = self._pieces[piece]
            found = sorted((m.start(), m.end(), rule, scope) for rule, (scope, pattern) in enumerate(load().scope_rules)
                           for m in pattern.finditer(self.low, start, end))
            self._read[piece] = found, [f[0] for f in found]
        return self._read[piece]

    def _within(self, start: int, end: int):
        piece = max(0, bisect_right(self._piece_starts, start) - 1)
        while piece < len(self._pieces) and self._pieces[piece][0] < end:
            phrases, starts = self._phrases_of(piece)
            for i in range(bisect_left(starts, start), bisect_left(starts, end)):
                phrase = phrases[i]
                if phrase[1] <= end and not (phrase[3] in ("period", "incident") and self._dates_a_statement(phrase, start, end)):
                    yield phrase
            piece += 1

    def _dates_a_statement(self, phrase: tuple, start: int, end: int) -> bool:
        # Contexts of one claim share phrases: the answer depends only on the text the windows see.
        key = (phrase[0], phrase[1], max(start, phrase[0] - 40), min(end, phrase[1] + 40))
        if key not in self._dated:
            self._dated[key] = _dates_a_statement(self.low, phrase, start, end)
        return self._dated[key]

    def first(self, start: int, end: int) -> str | None:
        """The scope of the span's time words by the rule order of scope.toml."""
        best = min(self._within(start, end), key=lambda phrase: phrase[2], default=None)
        return best[3] if best else None

    def nearest(self, start: int, end: int, position: int) -> str | None:
        """The scope of the time span nearest to `position`; event words only when no span is named.

        A span ("every day", "since the war began", "last week") says what the number covers; an event
        word ("strike", "on Tuesday") only says something happened. Rule order breaks ties.
        """
        best = None
        for phrase_start, phrase_end, rule, scope in self._within(start, end):
            distance = 0 if phrase_start <= position <= phrase_end else min(abs(phrase_start - position), abs(phrase_end - position))
            rank = (scope == "incident", distance, rule)
            if best is None or rank < best[:3]:
                best = (*rank, scope)
        return best[3] if best else None

    def scope(self, contexts: list[Context], default: str | None = None) -> str:
        """The first scope found reading the contexts in order (clause, sentence, paragraph, headline).

        With no time or event words at all, the number is a count of all known cases: `cumulative`,
        unless the caller knows better (`default`).
        """
        return self.scope_and_context(contexts, default)[0]

    def scope_and_context(self, contexts: list[Context], default: str | None = None) -> tuple[str, int | None]:
        """`scope`, and the index of the context whose time words gave it (None: the default)."""
        for i, context in enumerate(contexts):
            found = self.nearest(*context) if len(context) == 3 else self.first(*context)
            if found == "cumulative" and _only_episode_total(self.low[context[0]:context[1]]):
                # "so far" inside an episode the wider context bounds keeps the episode's span
                if any(load().episode_spans.search(self.low, c[0], c[1]) for c in contexts[i + 1:]):
                    return "period", i
            if found:
                return found, i
        return default or _EVENT_FREE, None


def scope_of(contexts: list[str | tuple[str, int]], default: str | None = None) -> str:
    """`TimeWords.scope` for contexts given as texts, or as (text, position) pairs."""
    texts = [c[0] if isinstance(c, tuple) else c for c in contexts]
    spans: list[Context] = []
    pieces = []
    offset = 0
    for context, text in zip(contexts, texts):
        pieces.append((offset, offset + len(text)))
        spans.append((*pieces[-1], offset + context[1]) if isinstance(context, tuple) else pieces[-1])
        offset += len(text) + 1
    return TimeWords(ascii_lower("\n".join(texts)), pieces).scope(spans, default)


@lru_cache(maxsize=1)
def _speech() -> re.Pattern:
    verbs = alternation(v for v in load().speech_verbs if v != "according")
    return re.compile(rf"\b(?:{verbs})\b")


def _dates_a_statement(low: str, phrase: tuple, start: int, end: int) -> bool:
    """ "said on Tuesday", "Last week, Russia claimed": the time words date the statement, not the count.

    `low` is read between `start` and `end` only, the context the phrase was found in.

    >>> _dates_a_statement("the ministry said on tuesday that 40 died", (18, 28, 0, "incident"), 0, 42)
    True
    """
    before = " ".join(low[max(start, phrase[0] - 40):phrase[0]].split()[-2:])
    after = " ".join(low[phrase[1]:min(end, phrase[1] + 40)].split()[:3])
    return bool(_speech().search(before) or _speech().search(after))


def _only_episode_total(low: str) -> bool:
    """The text's only running-total words are "so far"-like: they give no start of their own."""
    if not load().episode_totals.search(low):
        return False
    rest = load().episode_totals.sub(" ", low)
    return not any(scope == "cumulative" and pattern.search(rest) for scope, pattern in load().scope_rules)
