"""Promise: the extractor never raises, and every claim it returns is internally consistent.

Two kinds of input: arbitrary Unicode (control characters, RTL, emoji, digits of many scripts, number
words) and news-like sentences written for this suite, mutated the way scraped text gets mangled
(characters inserted, deleted or swapped, digits replaced, case flipped, words doubled).
"""

from __future__ import annotations

import subprocess
import sys

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from pipelines.extraction import extract
from tests.reliability.helpers import FUZZ_PROFILE, ROOT
from pipelines.extraction.lexicon import load

LEX = load()
BIGINT_MAX = 2**63 - 1
HEDGES = set(LEX.hedges)
CATEGORIES = set(LEX.categories)
SCOPES = set(LEX.scopes)

# Written for this suite (not taken from any corpus).
SENTENCES = [
    "At least 37 soldiers were killed when a drone struck the barracks near Lorvik on Tuesday, the ministry said.",
    "Almost 40 mercenaries were eliminated in the forest outside Dunmere, according to the regional governor.",
    "More than 90 civilians have died since the start of the siege, the city council reported.",
    "Up to 250 fighters were wounded in two days of shelling, a military spokesman told reporters.",
    "Between 1,000 and 3,000 troops are believed to have been captured during the retreat.",
    "Dozens of villagers were injured when the market was hit by rockets.",
    "About 2,700 of these soldiers remain in the brigade, its commander said.",
    "The death toll from the attack on the railway station has risen to 52, officials said on Sunday.",
    "Hundreds of recruits are missing after the convoy was ambushed on the coastal road.",
    "No fewer than 18 police officers were taken prisoner by the rebels, the interior ministry said.",
    "Some 500 foreign volunteers joined the legion last year.",
    "Three medics and a driver were killed in the strike on the ambulance, the health ministry said.",
    "Over the past 24 hours, 61 enemy servicemen were killed and 104 wounded, the general staff claimed.",
    "Fewer than 40 defenders were still holding the plant when the ceasefire began.",
    "Thirty-seven people lost their lives in the bombing of the bus depot in Marrow.",
    "An estimated 1.5 million soldiers have been killed or wounded since the war began, analysts estimate.",
    "The battalion numbered roughly 600 men before the offensive.",
    "Twelve hostages were released in an exchange overnight, the mediators announced.",
    "In total, 4,120 troops have been reported missing in action, a defence ministry report shows.",
    "Several journalists were hurt when the shell landed near the hotel.",
    "From 30 to 40 insurgents were neutralized in the operation, the army said in a statement.",
    "As many as 75 sailors are feared dead after the cruiser sank, the navy said.",
    "A soldier was killed and two others were injured by a landmine east of Tarrow on Friday.",
    "The rebels said they had detained 14 government soldiers, a claim the army denied.",
    "Scores of protesters were killed by security forces over the weekend, rights groups said.",
    "Half a thousand militants were wiped out in the raid, the ministry claimed, citing field commanders.",
    "Nearly 2,000 civilians were evacuated, but at least 11 died of their wounds in hospital.",
]

NUMBER_WORDS = ["one", "two", "three", "twelve", "forty", "thirty-seven", "hundred", "thousand", "million",
                "dozen", "dozens", "scores", "hundreds", "thousands", "several", "a few", "half", "at least",
                "up to", "almost", "more than", "between", "and", "-", "to", "1,000", "3.5", "2020", "20th",
                "killed", "wounded", "soldiers", "civilians", "captured", "missing", "said", "according to"]

# A wide alphabet: ASCII, Latin-1, control characters, Cyrillic, Arabic/Hebrew (RTL) with their
# bidi marks, CJK, emoji, and the decimal digits of several scripts.
WIDE_ALPHABET = st.one_of(
    st.characters(min_codepoint=0, max_codepoint=0x24F),
    st.characters(min_codepoint=0x400, max_codepoint=0x4FF),
    st.characters(min_codepoint=0x590, max_codepoint=0x6FF),
    st.sampled_from(["\u200e", "\u200f", "\u202a", "\u202b", "\u202e", "\u2066", "\u2069", "\ufeff", "\u00a0",
                     "\u2028", "\u2029", "\u0085", "\r", "\n", "\t", "\x00", "\x1b"]),
    st.characters(min_codepoint=0x4E00, max_codepoint=0x4FFF),
    st.characters(min_codepoint=0x1F300, max_codepoint=0x1FAFF),
    st.sampled_from(list("٠١٢٣٤٥٦٧٨٩۰۱۲۳०१२३४५६७८९０１２３４５６７８９")),
    st.characters(),  # anything, surrogates excluded by hypothesis
)

unicode_text = st.text(alphabet=WIDE_ALPHABET, max_size=300)
word_soup = st.lists(st.one_of(st.sampled_from(NUMBER_WORDS), st.text(alphabet=WIDE_ALPHABET, max_size=6),
                               st.integers(0, 10**7).map(str)), max_size=40).map(" ".join)


@st.composite
def mutated_news(draw) -> str:
    """One to three of the suite's sentences, then a few random edits."""
    picked = draw(st.lists(st.sampled_from(SENTENCES), min_size=1, max_size=3))
    text = draw(st.sampled_from([" ", "\n", "\n\n"])).join(picked)
    for _ in range(draw(st.integers(0, 6))):
        kind = draw(st.sampled_from(["insert", "delete", "swap", "digit", "case", "dup_word", "swap_words"]))
        if not text:
            break
        i = draw(st.integers(0, len(text) - 1))
        if kind == "insert":
            text = text[:i] + draw(st.text(alphabet=WIDE_ALPHABET, min_size=1, max_size=3)) + text[i:]
        elif kind == "delete":
            j = draw(st.integers(i, min(len(text), i + 4)))
            text = text[:i] + text[j:]
        elif kind == "swap" and i + 1 < len(text):
            text = text[:i] + text[i + 1] + text[i] + text[i + 2:]
        elif kind == "digit":
            digits = [k for k, ch in enumerate(text) if ch.isdigit()]
            if digits:
                k = draw(st.sampled_from(digits))
                text = text[:k] + draw(st.sampled_from(list("0123456789٣९"))) + text[k + 1:]
        elif kind == "case":
            j = draw(st.integers(i, min(len(text), i + 30)))
            text = text[:i] + draw(st.sampled_from([str.upper, str.lower, str.swapcase]))(text[i:j]) + text[j:]
        elif kind in ("dup_word", "swap_words"):
            words = text.split(" ")
            w = draw(st.integers(0, len(words) - 1))
            if kind == "dup_word":
                words.insert(w, words[w])
            elif w + 1 < len(words):
                words[w], words[w + 1] = words[w + 1], words[w]
            text = " ".join(words)
    return text


NOUNS = ["soldiers", "civilians", "troops", "mercenaries", "fighters", "people", "servicemen", "police officers",
         "militants", "children", "of them", "Ukrainian soldiers", "Russian troops", "members of the brigade"]
VERBS = ["were killed", "died", "were wounded", "were injured", "were captured", "went missing", "were taken prisoner",
         "were eliminated", "serve in the unit", "remain in the city", "lost their lives", "were neutralized",
         "have been killed since the start of the war", "were killed over the past 24 hours", "were killed last week"]
TAILS = ["", ", the ministry said", ", according to the governor", ", Reuters reported, citing officials",
         " in the strike on the depot", " near Lorvik on Monday", ", officials told AFP"]
NUMBER_WORDING = st.one_of(
    st.integers(0, 10**9).map(str),
    st.integers(1000, 10**7).map("{:,}".format),
    st.integers(0, 99).map(lambda n: (list(LEX.units) + list(LEX.tens))[n % (len(LEX.units) + len(LEX.tens))]),
    st.tuples(st.integers(1, 9), st.sampled_from(sorted(LEX.scales))).map(lambda t: f"{t[0]}.5 {t[1]}"),
    st.sampled_from(["a dozen", "half a thousand", "thirty-seven", "two hundred", "a hundred", "one", "a"]),
)


@st.composite
def composed_claims(draw) -> str:
    """A sentence built from the lexicon's own wordings: [qualifier] number [after] noun verb [tail]."""
    shape = draw(st.sampled_from(["qualified", "range", "vague", "plain"]))
    if shape == "range":
        a, b = draw(NUMBER_WORDING), draw(NUMBER_WORDING)
        joiner = draw(st.sampled_from(LEX.range_joiners))
        opener = draw(st.sampled_from(["", *LEX.range_openers, "about", "up to"]))
        sep = "" if joiner in "-–—" and draw(st.booleans()) else " "
        number = f"{opener} {a}{sep}{joiner}{sep}{b}".strip()
    elif shape == "vague":
        number = draw(st.sampled_from(sorted(LEX.vague)))
    else:
        number = draw(NUMBER_WORDING)
        if shape == "qualified":
            q = draw(st.sampled_from(LEX.qualifiers))
            number = f"{q.words} {number}" if q.position == "before" else f"{number} {q.words}"
    sentence = f"{number} {draw(st.sampled_from(NOUNS))} {draw(st.sampled_from(VERBS))}{draw(st.sampled_from(TAILS))}."
    if draw(st.booleans()):
        sentence = sentence[0].upper() + sentence[1:]
    return sentence


def check_claims(text: str) -> list:
    """Run the extractor and assert every invariant of CLAIMS.md on its output; return the claims."""
    claims = extract(text)
    assert isinstance(claims, list)
    for c in claims:
        where = f"{c!r} in {text!r}"
        assert isinstance(c.start, int) and isinstance(c.end, int), where
        assert 0 <= c.start < c.end <= len(text), where
        assert text[c.start:c.end] == c.text, where
        for bound in (c.value, c.low, c.high):
            # value/low/high are BIGINT columns of the store and ge=0 in ClaimSchema.
            assert bound is None or (isinstance(bound, int) and 0 <= bound <= BIGINT_MAX), where
        if c.low is not None and c.high is not None:
            assert c.low <= c.high, where
        assert c.hedge in HEDGES, where
        assert c.category in CATEGORIES, where
        assert (c.scope is None) == (c.category == "strength"), where
        assert c.scope is None or c.scope in SCOPES, where
        assert isinstance(c.counted, str) and c.counted, where
        assert isinstance(c.via, tuple) and all(isinstance(v, str) for v in c.via), where
        v, lo, hi = c.value, c.low, c.high
        if c.hedge == "exact":
            assert v is not None and v == lo == hi, where
        elif c.hedge == "lower_bound":
            assert v is not None and hi is None and lo in (v, v + 1), where
        elif c.hedge == "upper_bound":
            assert v is not None and lo is None and hi in (v, v - 1), where
        elif c.hedge == "approximate":
            assert v is not None and lo is None and hi is None, where
        elif c.hedge == "range":
            assert v is None and lo is not None and hi is not None and lo < hi, where
        elif c.hedge == "vague":
            assert v is None and hi is None, where
    assert [c.start for c in claims] == sorted(c.start for c in claims), "claims are not in order of position"
    assert extract(text) == claims, "same input, different output"
    return claims


@pytest.mark.parametrize("sentence", SENTENCES)
def test_every_seed_sentence_satisfies_the_invariants(sentence):
    check_claims(sentence)


def test_the_seed_sentences_do_give_claims():
    # Otherwise the mutation fuzzing below would only exercise the "no claim" path.
    with_claims = [s for s in SENTENCES if extract(s)]
    assert len(with_claims) >= 0.8 * len(SENTENCES), [s for s in SENTENCES if not extract(s)]


@settings(FUZZ_PROFILE)
@given(unicode_text)
def test_arbitrary_unicode_never_breaks_the_extractor(text):
    check_claims(text)


@settings(FUZZ_PROFILE)
@given(word_soup)
def test_number_word_soup_never_breaks_the_extractor(text):
    check_claims(text)


@settings(FUZZ_PROFILE)
@given(mutated_news())
def test_mutated_news_sentences_never_break_the_extractor(text):
    check_claims(text)


@settings(FUZZ_PROFILE)
@given(st.lists(composed_claims(), min_size=1, max_size=3).map(" ".join))
def test_composed_hedged_claims_follow_the_hedge_table(text):
    check_claims(text)


@pytest.mark.parametrize("text", [
    "", " ", "\x00", "\n\n\n", "\ufeff", "٣٧ جنديا قتلوا", "37\u202e soldiers were killed", "𝟑𝟕 soldiers were killed",
    "between 5 and 5 soldiers were killed", "between 9 and 3 soldiers were killed", "up to 0 soldiers were killed",
    "almost 0 soldiers were killed", "almost 1 soldier was killed", "under 1 soldier was killed",
    "more than 9,223,372,036,854,775,806 soldiers were killed", "-5 soldiers were killed", "1e9 soldiers were killed",
    "1,2,3,4 soldiers were killed", "3-2-1 soldiers were killed", "Ⅻ soldiers were killed", "0 soldiers were killed",
    "between 0 and 0 soldiers were killed", "1.5 billion billion soldiers were killed", "٣٧ soldiers were killed",
    pytest.param("1" * 400 + " soldiers were killed", id="400-digits"),
    pytest.param("99999999999999999999 soldiers were killed", id="20-digits"),
])
def test_edge_numbers_satisfy_the_invariants(text):
    check_claims(text)


_TIME_EXTRACT = """
import sys, time
from pipelines.extraction import extract
text = sys.stdin.read()
started = time.monotonic()
extract(text)
print(f"{time.monotonic() - started:.2f}")
"""

_TABLE_ROW = "Kesk 12 30 Brill 7 14 Varnek 30 2 Lorvik 5 9 "
LONG_INPUTS = {
    # ~30 KB of figures on one line: a flattened table
    "flattened-table": (_TABLE_ROW * (30_000 // len(_TABLE_ROW) + 1))[:30_000],
    # ~56 KB, 2,000 short claim sentences in one paragraph (a JSON text without newlines)
    "one-paragraph-of-2000-sentences": "Three soldiers were killed. " * 2000,
}


@pytest.mark.parametrize("shape", list(LONG_INPUTS))
def test_a_long_sentence_or_paragraph_is_extracted_in_bounded_time(shape):
    try:
        done = subprocess.run([sys.executable, "-c", _TIME_EXTRACT], input=LONG_INPUTS[shape], cwd=ROOT,
                              capture_output=True, text=True, timeout=3)
    except subprocess.TimeoutExpired:
        pytest.fail(f"extracting {len(LONG_INPUTS[shape]):,} characters ({shape}) took more than 3 s")
    assert done.returncode == 0, done.stderr[-2000:]
