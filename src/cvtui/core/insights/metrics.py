"""Metrics as profiles report them (h-index, citations…): each with its source and date.

These are other services' numbers, copied into a profile: they are shown as reported,
never added up, compared with or mixed into the counts cvtui computes from the works.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from ..model import Person

__all__ = ["MetricRow", "Metrics", "reported_metrics"]

PEOPLE_LIMIT = 200
"""At most this many people's metrics (a whole community directory has thousands)."""


@dataclass
class MetricRow:
    person_id: str
    person: str
    name: str
    value: str
    source: str
    as_of: str
    """The date the value was read (``""``: the profile does not say)."""
    note: str
    raw: int | float | str = ""
    """The value as the profile gives it (``value`` is it written for reading)."""


@dataclass
class Metrics:
    rows: list[MetricRow]
    people: int
    """People in scope who report metrics (more than the rows hold when cut)."""


def _value(value: object) -> str:
    if isinstance(value, bool):
        return str(value).lower()
    if isinstance(value, int):
        return f"{value:,}"
    if isinstance(value, float):
        return f"{value:,.2f}".rstrip("0").rstrip(".")
    return str(value)


def reported_metrics(
    people: Sequence[Person], chosen: Iterable[int], limit: int = PEOPLE_LIMIT
) -> Metrics:
    """The metrics of the ``chosen`` people who report any, in their profile's order."""
    rows: list[MetricRow] = []
    reporting = 0
    for p in chosen:
        person = people[p]
        if not person.metrics:
            continue
        reporting += 1
        if reporting > limit:
            continue
        for metric in person.metrics:
            rows.append(
                MetricRow(
                    person.id,
                    person.name,
                    metric.name,
                    _value(metric.value),
                    metric.source,
                    str(metric.as_of) if metric.as_of is not None else "",
                    metric.note,
                    metric.value,
                )
            )
    return Metrics(rows, reporting)
