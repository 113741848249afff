"""Find the line of a key path (``papers[3].year``) in TOML source text.

The TOML parser gives values without positions; this light scan recovers them so that a
problem can point at a line. It only runs when there is a problem to report.
"""

from __future__ import annotations

import re
from collections.abc import Callable

__all__ = ["locate", "locator"]

_HEADER = re.compile(r"^\s*(\[\[?)\s*([^\]]+?)\s*(\]\]?)\s*(?:#.*)?$")
_KEY = re.compile(
    r"""^\s*((?:[A-Za-z0-9_-]+|"[^"]*"|'[^']*')(?:\s*\.\s*(?:[A-Za-z0-9_-]+|"[^"]*"|'[^']*'))*)\s*="""
)
_PART = re.compile(r"""[A-Za-z0-9_-]+|"[^"]*"|'[^']*'""")


def _parts(dotted: str) -> list[str]:
    return [p.strip("\"'") for p in _PART.findall(dotted)]


def _line_index(text: str) -> dict[str, tuple[int, int]]:
    """Map every key path that starts a line (or a table) to its (line, column)."""
    found: dict[str, tuple[int, int]] = {}
    arrays: dict[str, int] = {}
    current = ""
    in_multiline: str | None = None
    for number, line in enumerate(text.splitlines(), start=1):
        if in_multiline:
            if in_multiline in line:
                in_multiline = None
            continue
        header = _HEADER.match(line)
        if header:
            parts = _parts(header.group(2))
            path = ""
            for j, part in enumerate(parts):
                path = f"{path}.{part}" if path else part
                last = j == len(parts) - 1
                if last and header.group(1) == "[[":
                    arrays[path] = arrays.get(path, -1) + 1
                    path = f"{path}[{arrays[path]}]"
                elif path in arrays:
                    path = f"{path}[{arrays[path]}]"
            current = path
            found.setdefault(current, (number, line.index("[") + 1))
            continue
        key = _KEY.match(line)
        if key:
            path = ".".join(_parts(key.group(1)))
            full = f"{current}.{path}" if current else path
            found.setdefault(full, (number, len(line) - len(line.lstrip()) + 1))
            rest = line[key.end() :]
            for quote in ('"""', "'''"):
                if rest.count(quote) == 1:
                    in_multiline = quote
    return found


def locate(text: str, field: str) -> tuple[int, int]:
    """The (line, column) where ``field`` is written, or of its nearest written parent.

    ``(0, 0)`` when nothing on the path is found.
    """
    return locator(text)(field)


def locator(text: str) -> Callable[[str], tuple[int, int]]:
    """:func:`locate` for many fields of one text: the text is scanned once, on first use.

    A file with hundreds of problems would otherwise be scanned once per problem.
    """
    index: dict[str, tuple[int, int]] | None = None

    def find(field: str) -> tuple[int, int]:
        nonlocal index
        if index is None:
            index = _line_index(text)
        return _find(index, field)

    return find


def _find(index: dict[str, tuple[int, int]], field: str) -> tuple[int, int]:
    path = field
    while path:
        if path in index:
            return index[path]
        cut = max(path.rfind("."), path.rfind("["))
        if cut <= 0:
            break
        path = path[:cut]
    return index.get(path, (0, 0))
