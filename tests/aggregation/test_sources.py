"""normalize_source and side_of: one key per speaker, one side per party."""

from __future__ import annotations

import pytest

from pipelines.aggregation import normalize_source, side_of
from pipelines.aggregation.lexicon import counted_group, lexicon, names_compatible, normalize_place


@pytest.mark.parametrize(
    "source, key",
    [
        ("Russia's Defense Ministry", "russia:defence ministry"),
        ("Russian Ministry of Defence", "russia:defence ministry"),
        ("Russia\u2019s Ministry of Defense", "russia:defence ministry"),
        ("the Russian defence ministry", "russia:defence ministry"),
        ("MoD of Russia", "russia:defence ministry"),
        ("Ministry of Defence of the Russian Federation", "russia:defence ministry"),
        ("Russian Defence Ministry spokesman Igor Konashenkov", "russia:defence ministry"),
        ("Russia's Ministry of Defense Telegram channel", "russia:defence ministry"),
        ("Ukrainian General Staff", "ukraine:general staff"),
        ("General Staff of the Armed Forces of Ukraine", "ukraine:general staff"),
        ("Ukraine's Armed Forces General Staff", "ukraine:general staff"),
        ("the press service of the Ukrainian General Staff", "ukraine:general staff"),
        ("the General Staff", "general staff"),
        ("Ukraine's military", "ukraine:armed forces"),
        ("Ukrainian military intelligence (HUR)", "ukraine:military intelligence"),
        ("the SBU", "ukraine:security service"),
        ("Kremlin spokesman Dmitry Peskov", "russia:presidency"),
        ("President Volodymyr Zelenskyy", "volodymyr zelensky"),
        ("Ukrainian President Volodymyr Zelensky", "volodymyr zelensky"),
        ("Zelensky", "volodymyr zelensky"),
        ("Lt. Gen. Ivan Petrenko-Sydorenko", "ivan petrenko sydorenko"),
        ("Military analyst Jane Roe", "jane roe"),
        ("Ukrainian officials", "ukraine:officials"),
        ("U.S. officials", "united states:officials"),
        ("Moscow", "russia"),
        ("the Kyiv Independent", "kyiv independent"),
        ("TASS", "tass"),
        ("gazeta.ru", "gazeta.ru"),
        ("Newsweek", "newsweek"),
        ("ISW", "institute for the study of war"),
        ("Institute for the Study of War", "institute for the study of war"),
        ("a soldier of the 20th Army", "a soldier of the 20th army"),
        ("a Ukrainian commander", "a ukrainian commander"),
        (None, None),
        ("   ", None),
    ],
)
def test_normalize_source(source, key):
    assert normalize_source(source) == key


@pytest.mark.parametrize(
    "source, affiliation, side",
    [
        ("Russia's Defense Ministry", "ukrainian", "russia"),
        ("General Staff of the Armed Forces of Ukraine", "russian", "ukraine"),
        ("Kremlin spokesman Dmitry Peskov", None, "russia"),
        ("President Volodymyr Zelensky", None, "ukraine"),
        ("a Ukrainian commander", "russian", "ukraine"),
        ("Moscow", None, "russia"),
        # local authorities report their own population's losses
        ("Regional governor Ivan Testenko", "ukrainian", "ukraine"),
        ("Regional governor Ivan Testenko", None, None),
        # media, NGOs, third countries and unplaced bodies take no side
        ("Reuters", "ukrainian", None),
        ("Institute for the Study of War", "russian", None),
        ("U.S. officials", "ukrainian", None),
        ("the General Staff", "ukrainian", None),
        (None, "ukrainian", None),
    ],
)
def test_side_of(source, affiliation, side):
    assert side_of(normalize_source(source), affiliation) == side


def test_lexicon_loaded_once():
    assert lexicon() is lexicon()


@pytest.mark.parametrize(
    "a, b, same",
    [
        ("soldiers", "troops", True),
        ("servicemen", "military personnel", True),
        ("Soldier", "soldiers", True),
        ("militants", "fighters", True),
        ("civilians", "soldiers", False),
        ("mercenaries", "soldiers", False),
    ],
)
def test_counted_groups(a, b, same):
    assert (counted_group(a) == counted_group(b)) is same


@pytest.mark.parametrize(
    "a, b, compatible",
    [
        ("Kharkiv", "Kharkiv Oblast", True),
        ("Kharkov region", "the Kharkiv Oblast", True),
        ("Kharkiv region", "Kharkiv city", False),
        ("Lyman", "Lymanske", False),
        (None, "Bakhmut", True),
    ],
)
def test_places(a, b, compatible):
    assert names_compatible(normalize_place(a), normalize_place(b)) is compatible
