"""What every ranked row of a figure shares: the works it counts and their years."""

from __future__ import annotations

__all__ = ["CountedWorks"]


class CountedWorks:
    """A mixin for rows with ``works`` (indexes into ``library.papers``) and ``years``
    (year → how many of them; 0 for works without a year)."""

    works: list[int]
    years: dict[int, int]

    @property
    def count(self) -> int:
        return len(self.works)

    @property
    def first_year(self) -> int:
        return min((y for y in self.years if y), default=0)

    @property
    def last_year(self) -> int:
        return max((y for y in self.years if y), default=0)

    def add(self, work: int, year: int) -> None:
        self.works.append(work)
        self.years[year] = self.years.get(year, 0) + 1
