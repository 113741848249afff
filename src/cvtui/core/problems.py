"""Problems found while loading: collected and reported, never raised at the user."""

from __future__ import annotations

import msgspec

__all__ = ["Problem"]


class Problem(msgspec.Struct, frozen=True):
    """One thing wrong (or suspicious) in one file.

    ``field`` is a key path such as ``papers[3].year``; ``line``/``col`` are 1-based and 0
    when unknown. ``severity`` is ``error`` (something was skipped) or ``warning``
    (loaded, but changed or doubtful).
    """

    path: str
    message: str
    line: int = 0
    col: int = 0
    field: str = ""
    severity: str = "error"

    def location(self) -> str:
        """``path:line:col`` with the unknown parts left out."""
        where = self.path
        if self.line:
            where += f":{self.line}"
            if self.col:
                where += f":{self.col}"
        return where

    def __str__(self) -> str:
        prefix = "warning: " if self.severity == "warning" else ""
        field = f"{self.field}: " if self.field and self.field not in self.message else ""
        return f"{self.location()}: {prefix}{field}{self.message}"
