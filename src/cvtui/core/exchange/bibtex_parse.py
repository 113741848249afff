"""A ``.bib`` text → its entries, each field's value resolved, with every problem on its line.

``bibtexparser`` splits the text into blocks; everything after that is done here, the same
way for every block, because real files need it: Jekyll front matter, CRLF, a missing comma
after the key, ``@string`` macros and ``#`` concatenation, undefined macros, a field given
twice, a key used twice, ``crossref`` and biblatex ``xdata`` inheritance. Nothing is dropped
silently: whatever cannot be read is reported with its line and skipped.
"""

from __future__ import annotations

import logging
import re
from dataclasses import dataclass, field

from ..problems import Problem
from ..text import one_line, sanitize

__all__ = ["ParsedBibtex", "RawEntry", "parse_bibtex"]

_FRONT_MATTER_RE = re.compile(r"\A---[ \t]*\n.*?^---[ \t]*$", re.S | re.M)
_MISSING_COMMA_RE = re.compile(
    r"^([ \t]*@[ \t]*[A-Za-z]+[ \t]*\{[ \t]*[^\s,{}()=\"]+)[ \t]*\n(?=[ \t]*[A-Za-z][\w:.+-]*[ \t]*=)",
    re.M,
)
_HEAD_RE = re.compile(r"\s*@\s*(\w+)\s*[{(]\s*([^,\s]*)")
_MONTH_MACROS = {
    name: full
    for name, full in zip(
        ["jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec"],
        [
            "January",
            "February",
            "March",
            "April",
            "May",
            "June",
            "July",
            "August",
            "September",
            "October",
            "November",
            "December",
        ],
        strict=True,
    )
}
# Fields a child takes from its crossref/xdata parent only under another name, or never.
_NOT_INHERITED = frozenset(
    ("crossref", "xdata", "xref", "ids", "key", "label", "shorthand", "sortkey", "entryset")
)
_CONTAINED_TYPES = frozenset(
    ("inproceedings", "incollection", "inbook", "bookinbook", "suppbook", "inreference")
)


@dataclass
class RawEntry:
    """One entry: type and field names lower-cased, values resolved but still LaTeX."""

    entry_type: str
    key: str
    fields: dict[str, str]
    line: int
    field_lines: dict[str, int] = field(default_factory=dict)
    inherited: set[str] = field(default_factory=set)
    resolved: set[str] = field(default_factory=set)  # "crossref", "xdata" when found


@dataclass
class ParsedBibtex:
    entries: list[RawEntry] = field(default_factory=list)
    problems: list[Problem] = field(default_factory=list)
    skipped: list[tuple[int, str, str]] = field(default_factory=list)  # (line, key, why)


def _prepare(text: str, source: str, problems: list[Problem]) -> str:
    """Normalise what the parser trips on, keeping line numbers as they are in the file."""
    text = text.lstrip("\ufeff").replace("\r\n", "\n").replace("\r", "\n")
    front = _FRONT_MATTER_RE.match(text)
    if front:
        text = "\n" * front.group(0).count("\n") + text[front.end() :]

    def add_comma(match: re.Match[str]) -> str:
        line = text.count("\n", 0, match.start()) + 1
        problems.append(
            Problem(
                source,
                f"`{one_line(match.group(1).strip())}` has no comma after its key; "
                "read as if it had one",
                line,
                severity="warning",
            )
        )
        return match.group(1) + ",\n"

    return _MISSING_COMMA_RE.sub(add_comma, text)


def _pieces(raw: str) -> list[str]:
    """The parts of ``a # "b" # {c}`` (``#`` outside braces and quotes)."""
    pieces: list[str] = []
    depth = 0
    quoted = False
    start = 0
    for i, ch in enumerate(raw):
        if ch == "{":
            depth += 1
        elif ch == "}":
            depth -= 1
        elif ch == '"' and depth == 0:
            quoted = not quoted
        elif ch == "#" and depth == 0 and not quoted:
            pieces.append(raw[start:i])
            start = i + 1
    pieces.append(raw[start:])
    return [p.strip() for p in pieces]


class _Values:
    """Resolves raw field values against the ``@string`` macros defined so far."""

    def __init__(self, source: str, problems: list[Problem]) -> None:
        self.macros: dict[str, str] = dict(_MONTH_MACROS)
        self.source = source
        self.problems = problems
        self.undefined: set[str] = set()

    def resolve(self, raw: str, line: int, month: bool = False) -> str:
        if "#" not in raw:
            return self._piece(raw.strip(), line, month)
        return "".join(self._piece(p, line, month) for p in _pieces(raw))

    def _piece(self, piece: str, line: int, month: bool) -> str:
        if len(piece) >= 2 and (
            (piece[0] == "{" and piece[-1] == "}") or (piece[0] == '"' and piece[-1] == '"')
        ):
            return piece[1:-1]
        if not piece or piece.isdigit():
            return piece
        name = piece.lower()
        if month and name in _MONTH_MACROS:
            return name
        if name in self.macros:
            return self.macros[name]
        if name not in self.undefined:
            self.undefined.add(name)
            self.problems.append(
                Problem(
                    self.source,
                    f"`{one_line(piece)}` is used as a macro but no @string defines it; "
                    "kept as text",
                    line,
                    severity="warning",
                )
            )
        return piece


def parse_bibtex(text: str, source: str) -> ParsedBibtex:
    """Every entry of a ``.bib`` text in file order, with crossref and xdata resolved."""
    import bibtexparser
    from bibtexparser.model import (
        DuplicateBlockKeyBlock,
        DuplicateFieldKeyBlock,
        Entry,
        ParsingFailedBlock,
        String,
    )

    logging.getLogger("bibtexparser").setLevel(logging.CRITICAL)
    result = ParsedBibtex()
    text = _prepare(text, source, result.problems)
    library = bibtexparser.parse_string(text, parse_stack=[])
    values = _Values(source, result.problems)
    seen_keys: dict[str, int] = {}
    for block in library.blocks:
        line = (block.start_line or 0) + 1
        if isinstance(block, String):
            values.macros[str(block.key).lower()] = values.resolve(str(block.value), line)
            continue
        entry: Entry | None = None
        if isinstance(block, Entry):
            entry = block
        elif isinstance(block, (DuplicateBlockKeyBlock, DuplicateFieldKeyBlock)):
            recovered = getattr(block, "ignore_error_block", None)
            entry = recovered if isinstance(recovered, Entry) else None
        if entry is None:
            if isinstance(block, ParsingFailedBlock):
                _report_failed(block, line, source, result)
            continue
        raw = _entry(entry, line, values, source, result.problems)
        if raw is None:
            continue
        folded = raw.key.lower()
        if folded in seen_keys:
            result.problems.append(
                Problem(
                    source,
                    f"entry `{one_line(raw.key)}` uses the key of the entry on line "
                    f"{seen_keys[folded]}; read as another entry",
                    line,
                    severity="warning",
                )
            )
        else:
            seen_keys[folded] = line
        result.entries.append(raw)
    _inherit(result, source)
    return result


def _entry(
    entry: object, line: int, values: _Values, source: str, problems: list[Problem]
) -> RawEntry | None:
    from bibtexparser.model import Entry

    assert isinstance(entry, Entry)
    key = str(entry.key).strip()
    fields: dict[str, str] = {}
    lines: dict[str, int] = {}
    for f in entry.fields:
        name = str(f.key).strip().lower()
        field_line = (f.start_line or 0) + 1 if f.start_line is not None else line
        if name in fields:
            problems.append(
                Problem(
                    source,
                    f"entry `{one_line(key)}` gives `{one_line(name)}` twice (lines "
                    f"{lines[name]} and {field_line}); the first is kept",
                    field_line,
                    field=one_line(name),
                    severity="warning",
                )
            )
            continue
        fields[name] = values.resolve(str(f.value), field_line, month=name == "month")
        lines[name] = field_line
    return RawEntry(str(entry.entry_type).strip().lower(), key, fields, line, lines)


def _report_failed(block: object, line: int, source: str, result: ParsedBibtex) -> None:
    raw = getattr(block, "raw", "") or ""
    head = _HEAD_RE.match(raw)
    key = one_line(head.group(2)) if head else ""
    error = getattr(block, "error", None)
    message = getattr(error, "abort_reason", None) or str(error or "")
    lines = [ln.strip() for ln in message.splitlines() if ln.strip()]
    reason = lines[-1] if lines else f"{type(error).__name__ if error else 'syntax error'}"
    reason = sanitize(re.sub(r"\s+", " ", reason))
    label = f"entry `{key}`" if key else "a block"
    result.problems.append(Problem(source, f"malformed {label} skipped: {reason}", line))
    result.skipped.append((line, key, f"malformed: {reason}"))


def _inherit(result: ParsedBibtex, source: str) -> None:
    """Fill entries from their ``xdata`` and ``crossref`` parents (biblatex's rules)."""
    by_key = {e.key.lower(): e for e in reversed(result.entries)}

    def fill(child: RawEntry, parent: RawEntry, as_container: bool) -> None:
        for name, value in parent.fields.items():
            target = name
            if as_container and name in ("title", "subtitle", "titleaddon"):
                target = "book" + name
            if name in _NOT_INHERITED or target in child.fields:
                continue
            child.fields[target] = value
            child.inherited.add(target)

    for entry in result.entries:
        refs = [r.strip() for r in entry.fields.get("xdata", "").split(",") if r.strip()]
        found = 0
        for ref in refs:
            parent = by_key.get(ref.lower())
            if parent is not None and parent is not entry:
                fill(entry, parent, as_container=False)
                found += 1
            else:
                _missing(result, source, entry, "xdata", ref)
        if refs and found == len(refs):
            entry.resolved.add("xdata")
    for entry in result.entries:
        ref = entry.fields.get("crossref", "").strip()
        if not ref:
            continue
        parent = by_key.get(ref.lower())
        if parent is None or parent is entry:
            _missing(result, source, entry, "crossref", ref)
            continue
        fill(entry, parent, as_container=entry.entry_type in _CONTAINED_TYPES)
        entry.resolved.add("crossref")


def _missing(result: ParsedBibtex, source: str, entry: RawEntry, kind: str, ref: str) -> None:
    result.problems.append(
        Problem(
            source,
            f"entry `{one_line(entry.key)}`: {kind} `{one_line(ref)}` is not in this file; "
            "nothing inherited",
            entry.field_lines.get(kind, entry.line),
            field=kind,
            severity="warning",
        )
    )
