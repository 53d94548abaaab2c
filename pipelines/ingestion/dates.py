"""Reading a publication date written in one of the common ways news sites write it."""

from __future__ import annotations

import re
from datetime import date

_MONTHS = {
    name: number
    for number, names in enumerate(
        [
            "january jan января январь січня січень",
            "february feb февраля февраль лютого лютий",
            "march mar марта март березня березень",
            "april apr апреля апрель квітня квітень",
            "may мая май травня травень",
            "june jun июня июнь червня червень",
            "july jul июля июль липня липень",
            "august aug августа август серпня серпень",
            "september sep sept сентября сентябрь вересня вересень",
            "october oct октября октябрь жовтня жовтень",
            "november nov ноября ноябрь листопада листопад",
            "december dec декабря декабрь грудня грудень",
        ],
        start=1,
    )
    for name in names.split()
}

_ISO = re.compile(r"(\d{4})-(\d{1,2})-(\d{1,2})(?:[T ][0-9:.]+(?:Z|[+-]\d{2}:?\d{2})?)?")
_DOTTED = re.compile(r"(\d{1,2})[./](\d{1,2})[./](\d{4})")
_DAY_MONTH_YEAR = re.compile(r"(\d{1,2})(?:st|nd|rd|th)?\s+([^\W\d_]+)\.?,?\s+(\d{4})(?:\s*(?:г\.?|р\.?|року|года))?")
_MONTH_DAY_YEAR = re.compile(r"([^\W\d_]+)\.?\s+(\d{1,2})(?:st|nd|rd|th)?,?\s+(\d{4})")


def _make(year: int, month: int, day: int) -> date | None:
    try:
        return date(year, month, day)
    except ValueError:
        return None


def parse_date(value: object) -> date | None:
    """A date from a string that is exactly a date (ISO, `01.04.2023`, `1 April 2023`, `April 1, 2023`,
    `1 апреля 2023`); None for anything else. Day-first for dotted/slashed dates.

    >>> parse_date("2023-04-01"), parse_date("2023-04-01T10:00:00Z")
    (datetime.date(2023, 4, 1), datetime.date(2023, 4, 1))
    >>> parse_date("01 April 2023"), parse_date("April 1, 2023"), parse_date("1 квітня 2023 року")
    (datetime.date(2023, 4, 1), datetime.date(2023, 4, 1), datetime.date(2023, 4, 1))
    >>> parse_date("12 killed on 1 April 2023") is None, parse_date("2023-02-30") is None
    (True, True)
    """
    if isinstance(value, date):
        return value if type(value) is date else value.date()  # type: ignore[attr-defined]
    if not isinstance(value, str):
        return None
    text = value.strip()
    if match := _ISO.fullmatch(text):
        return _make(int(match[1]), int(match[2]), int(match[3]))
    if match := _DOTTED.fullmatch(text):
        return _make(int(match[3]), int(match[2]), int(match[1]))
    if match := _DAY_MONTH_YEAR.fullmatch(text):
        month = _MONTHS.get(match[2].lower())
        return _make(int(match[3]), month, int(match[1])) if month else None
    if match := _MONTH_DAY_YEAR.fullmatch(text):
        month = _MONTHS.get(match[1].lower())
        return _make(int(match[3]), month, int(match[2])) if month else None
    return None
