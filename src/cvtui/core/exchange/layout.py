"""Where lines sit in a profile file: table headers, and the comments that head them.

An edit through ``tomlkit`` appends a new key or table at the end of its container, which in
the text is after any comment written above the next header (``# ---- awards below`` then
``[[awards]]``), and which container such a comment belongs to has changed between tomlkit's
releases. Rather than depend on either, the edited text is compared with the original line by
line and what was inserted between a heading comment and its header is moved up, to just
after the last value before the comment. Moving lines across comments and blank lines never
changes the data; the writer checks that anyway.
"""

from __future__ import annotations

import re
from difflib import SequenceMatcher

__all__ = ["HEADER_RE", "keep_heading_comments", "table_lines"]

HEADER_RE = re.compile(r"^[ \t]*\[\[?[ \t]*([^\]]+?)[ \t]*\]\]?[ \t]*(?:#.*)?$")

_BLANK, _COMMENT, _HEADER, _VALUE = "blank", "comment", "header", "value"


def _kinds(lines: list[str]) -> list[str]:
    """The kind of every line; lines inside a multi-line string are values."""
    kinds = []
    quote: str | None = None
    for line in lines:
        if quote:
            kinds.append(_VALUE)
            if line.count(quote) % 2 == 1:
                quote = None
            continue
        stripped = line.strip()
        if not stripped:
            kinds.append(_BLANK)
        elif stripped.startswith("#"):
            kinds.append(_COMMENT)
        elif HEADER_RE.match(line):
            kinds.append(_HEADER)
        else:
            kinds.append(_VALUE)
            for q in ('"""', "'''"):
                if line.count(q) % 2 == 1:
                    quote = q
                    break
    return kinds


def table_lines(text: str) -> list[tuple[int, str]]:
    """(line number, header name) of every table header, skipping multi-line strings."""
    lines = text.split("\n")
    return [
        (number, HEADER_RE.match(lines[number]).group(1).strip())  # type: ignore[union-attr]
        for number, kind in enumerate(_kinds(lines))
        if kind == _HEADER
    ]


def _heading_gaps(kinds: list[str]) -> dict[int, int]:
    """For every place an insertion would land below a heading comment (as an index of the line
    it would come before), the index of the last value line above that comment."""
    gaps: dict[int, int] = {}
    for header, kind in enumerate(kinds):
        if kind != _HEADER:
            continue
        last = header - 1
        while last >= 0 and kinds[last] in (_BLANK, _COMMENT):
            last -= 1
        comments = [i for i in range(last + 1, header) if kinds[i] == _COMMENT]
        if last >= 0 and comments:  # a comment at the top of the file stays on top
            for place in range(comments[0] + 1, header + 1):
                gaps[place] = last
    return gaps


def _tidy(chunk: list[str]) -> list[str]:
    """Moved lines without blank lines around them; a moved table gets one above it."""
    start, end = 0, len(chunk)
    while start < end and not chunk[start].strip():
        start += 1
    while end > start and not chunk[end - 1].strip():
        end -= 1
    lines = chunk[start:end]
    if lines and HEADER_RE.match(lines[0]):
        lines.insert(0, "")
    return lines


def keep_heading_comments(original: str, edited: str) -> str:
    """``edited`` with the lines it inserted below a comment that heads a table moved above it."""
    old, new = original.split("\n"), edited.split("\n")
    gaps = _heading_gaps(_kinds(old))
    if not gaps:
        return edited
    opcodes = SequenceMatcher(None, old, new, autojunk=False).get_opcodes()
    moved: dict[int, list[str]] = {}
    kept = []
    for opcode in opcodes:
        tag, i1, _, j1, j2 = opcode
        if tag == "insert" and i1 in gaps:
            moved.setdefault(gaps[i1], []).extend(new[j1:j2])
        else:
            kept.append(opcode)
    if not moved:
        return edited
    out: list[str] = []
    for tag, i1, i2, j1, j2 in kept:
        if tag == "equal":
            for offset in range(i2 - i1):
                out.append(new[j1 + offset])
                out.extend(_tidy(moved.get(i1 + offset, [])))
        else:
            out.extend(new[j1:j2])
            for place in range(i1, i2):
                out.extend(_tidy(moved.get(place, [])))
    return "\n".join(out)
