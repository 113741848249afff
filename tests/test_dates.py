"""Partial ISO dates: parsing, precision, ordering and spans."""

from __future__ import annotations

import datetime as dt

import pytest

from cvtui.core.dates import PRESENT, PartialDate, parse_date


@pytest.mark.parametrize(
    ("text", "expected", "precision"),
    [
        ("2024", PartialDate(2024), "year"),
        ("2024-09", PartialDate(2024, 9), "month"),
        ("2024-9", PartialDate(2024, 9), "month"),
        ("2024-09-01", PartialDate(2024, 9, 1), "day"),
        ("present", PRESENT, "present"),
        ("Present", PRESENT, "present"),
        (" 2021 ", PartialDate(2021), "year"),
    ],
)
def test_parses_partial_iso(text: str, expected: PartialDate, precision: str) -> None:
    parsed = parse_date(text)
    assert parsed == expected
    assert parsed.precision == precision


def test_accepts_integer_years_and_toml_dates() -> None:
    assert parse_date(2019) == PartialDate(2019)
    assert parse_date(dt.date(2023, 7, 10)) == PartialDate(2023, 7, 10)


def test_str_round_trips() -> None:
    for text in ("2024", "2024-09", "2024-09-01", "present"):
        assert str(parse_date(text)) == text


@pytest.mark.parametrize(
    ("value", "fragment"),
    [
        ("2024-13", "month 13"),
        ("2024-02-30", "not a real day"),
        ("yesterday", "not a date"),
        ("Sep 2024", "not a date"),
        ("", "not a date"),
        (99999, "out of range"),
        (True, "expected a date"),
        (3.5, "expected a date"),
    ],
)
def test_rejects_bad_dates_with_a_reason(value: object, fragment: str) -> None:
    with pytest.raises(ValueError, match=fragment):
        parse_date(value)


def test_orders_by_what_is_known_and_present_last() -> None:
    dates = [parse_date(t) for t in ("present", "2024-09", "2024", "2023-12-31", "2024-09-02")]
    assert [str(d) for d in sorted(dates)] == [
        "2023-12-31",
        "2024",
        "2024-09",
        "2024-09-02",
        "present",
    ]


def test_present_as_fraction_is_today() -> None:
    today = dt.date(2026, 7, 1)
    assert PRESENT.as_fraction(today) == pytest.approx(2026.5, abs=0.01)
    assert PartialDate(2024, 7).as_fraction() == pytest.approx(2024.5)
    assert PRESENT.to_date(today) == today
    assert PartialDate(2024).to_date() == dt.date(2024, 1, 1)
