"""ISO dates of varying precision: ``2017``, ``2017-09`` or ``2017-09-08``."""

from __future__ import annotations

import calendar
import re
from datetime import date

_PATTERN = re.compile(r"^(\d{4})(?:-(\d{2})(?:-(\d{2}))?)?$")
EARLIEST_YEAR = 1800


def parse_partial_date(value: object, *, today: date | None = None) -> str:
    """Return the canonical text of a partial date or raise ValueError with a readable reason."""
    if isinstance(value, bool):
        raise ValueError(f"expected a date like 2017, 2017-09 or 2017-09-08, got {value!r}")
    if isinstance(value, int):
        value = str(value)
    if isinstance(value, date):
        value = value.isoformat()
    if not isinstance(value, str):
        raise ValueError(f"expected a date like 2017, 2017-09 or 2017-09-08, got {value!r}")
    text = value.strip()
    match = _PATTERN.match(text)
    if not match:
        raise ValueError(f"expected a date like 2017, 2017-09 or 2017-09-08, got {value!r}")
    year, month, day = (int(g) if g else None for g in match.groups())
    if month is not None and not 1 <= month <= 12:
        raise ValueError(f"impossible date {text!r}: month {month} does not exist")
    if day is not None and not 1 <= day <= calendar.monthrange(year, month)[1]:
        raise ValueError(f"impossible date {text!r}: {calendar.month_name[month]} {year} has no day {day}")
    if year < EARLIEST_YEAR:
        raise ValueError(f"implausible date {text!r}: before {EARLIEST_YEAR}")
    today = today or date.today()
    if earliest_day(text) > today:
        raise ValueError(f"implausible date {text!r}: in the future")
    return text


def earliest_day(text: str) -> date:
    """The first day a partial date can mean: ``2017`` -> 2017-01-01."""
    parts = [int(p) for p in text.split("-")]
    while len(parts) < 3:
        parts.append(1)
    return date(*parts)


def latest_day(text: str) -> date:
    """The last day a partial date can mean: ``2017`` -> 2017-12-31, ``2017-02`` -> 2017-02-28."""
    parts = [int(p) for p in text.split("-")]
    if len(parts) == 1:
        return date(parts[0], 12, 31)
    if len(parts) == 2:
        return date(parts[0], parts[1], calendar.monthrange(parts[0], parts[1])[1])
    return date(*parts)


def precedes(first: str, second: str) -> bool:
    """Whether period ``first`` lies wholly before period ``second`` (its last day before the other's first):
    ``2016`` precedes ``2017-04``; ``2017`` does not precede ``2017-04`` (they overlap)."""
    return latest_day(first) < earliest_day(second)


def precision(text: str) -> str:
    return {1: "year", 2: "month", 3: "day"}[len(text.split("-"))]


def xsd_datatype(text: str) -> str:
    """The XML Schema datatype local name for a partial date."""
    return {"year": "gYear", "month": "gYearMonth", "day": "date"}[precision(text)]


def parse_as_of(value: str) -> date:
    """Parse an ``--as-of`` argument (any precision; a year or month means its last day)."""
    return latest_day(parse_partial_date(value, today=date.max))
