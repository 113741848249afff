"""Partial ISO dates (``2024``, ``2024-09``, ``2024-09-01``, ``present``) and spans.

CVs state dates at the precision the author knew them; we keep that precision instead of
inventing a day, and order them by what is known.
"""

from __future__ import annotations

import datetime as _dt
import re
from functools import total_ordering

__all__ = ["PRESENT", "PartialDate", "parse_date", "today"]

_DATE_RE = re.compile(r"^(\d{4})(?:-(\d{1,2})(?:-(\d{1,2}))?)?$")
_PRESENT_WORDS = frozenset({"present", "now", "current", "ongoing", "today"})
_PRESENT_YEAR = 9999


@total_ordering
class PartialDate:
    """A date known to a year, a month or a day; or the open end ``present``."""

    __slots__ = ("day", "month", "year")

    def __init__(self, year: int, month: int = 0, day: int = 0) -> None:
        self.year = year
        self.month = month
        self.day = day

    @property
    def is_present(self) -> bool:
        return self.year == _PRESENT_YEAR

    @property
    def precision(self) -> str:
        """``year``, ``month``, ``day`` or ``present``."""
        if self.is_present:
            return "present"
        return "day" if self.day else "month" if self.month else "year"

    def key(self) -> tuple[int, int, int]:
        """A sort key; unknown month/day sort first within their year."""
        return (self.year, self.month, self.day)

    def as_fraction(self, today: _dt.date | None = None) -> float:
        """The date as a fractional year (``2024-07`` → 2024.5), ``present`` as today."""
        if self.is_present:
            t = today or _dt.date.today()
            return t.year + (t.timetuple().tm_yday - 1) / 365.25
        month = self.month or 1
        day = self.day or 1
        return self.year + (month - 1) / 12 + (day - 1) / 365.25

    def to_date(self, today: _dt.date | None = None) -> _dt.date:
        """The first day the partial date can mean (today for ``present``)."""
        if self.is_present:
            return today or _dt.date.today()
        return _dt.date(self.year, self.month or 1, self.day or 1)

    def __str__(self) -> str:
        if self.is_present:
            return "present"
        if self.day:
            return f"{self.year:04d}-{self.month:02d}-{self.day:02d}"
        if self.month:
            return f"{self.year:04d}-{self.month:02d}"
        return f"{self.year:04d}"

    def __repr__(self) -> str:
        return f"PartialDate({str(self)!r})"

    def __eq__(self, other: object) -> bool:
        if not isinstance(other, PartialDate):
            return NotImplemented
        return self.key() == other.key()

    def __lt__(self, other: object) -> bool:
        if not isinstance(other, PartialDate):
            return NotImplemented
        return self.key() < other.key()

    def __hash__(self) -> int:
        return hash(self.key())

    def __reduce__(self) -> tuple[type, tuple[int, int, int]]:
        return (PartialDate, (self.year, self.month, self.day))


PRESENT = PartialDate(_PRESENT_YEAR)


def parse_date(value: object) -> PartialDate:
    """Read a partial date from TOML: a string, an integer year or a TOML date.

    Raises ``ValueError`` with a message that says what was expected.
    """
    if isinstance(value, PartialDate):
        return value
    if isinstance(value, bool):
        raise ValueError(f"expected a date such as 2024, 2024-09 or 2024-09-01, got {value!r}")
    if isinstance(value, int):
        if 1000 <= value <= 2999:
            return PartialDate(value)
        raise ValueError(f"year {value} is out of range (1000-2999)")
    if isinstance(value, _dt.datetime):
        return PartialDate(value.year, value.month, value.day)
    if isinstance(value, _dt.date):
        return PartialDate(value.year, value.month, value.day)
    if isinstance(value, str):
        text = value.strip()
        if text.lower() in _PRESENT_WORDS:
            return PRESENT
        match = _DATE_RE.match(text)
        if match:
            year = int(match.group(1))
            month = int(match.group(2) or 0)
            day = int(match.group(3) or 0)
            if not 1000 <= year <= 2999:
                raise ValueError(f"year {year} is out of range (1000-2999) in {text!r}")
            if match.group(2) is not None and not 1 <= month <= 12:
                raise ValueError(f"month {month} is not 1-12 in {text!r}")
            if match.group(3) is not None:
                try:
                    _dt.date(year, month, day)
                except ValueError:
                    raise ValueError(f"{text!r} is not a real day") from None
            return PartialDate(year, month, day)
        shown = text if len(text) <= 40 else text[:37] + "..."
        raise ValueError(f"{shown!r} is not a date; write 2024, 2024-09, 2024-09-01 or present")
    raise ValueError(
        f"expected a date such as 2024, 2024-09 or 2024-09-01, got {type(value).__name__}"
    )


def today() -> PartialDate:
    """Today's date as a day-precision partial date."""
    t = _dt.date.today()
    return PartialDate(t.year, t.month, t.day)
