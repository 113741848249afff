"""Files → validated, sanitised :class:`~cvtui.core.model.Person` records → a Library.

One pass per file: read, decode, parse (compiled ``tomli``), clean every string, validate by
converting to the model. Every problem is collected with its file, line and key path; a broken
file or field never stops the rest from loading. Which files to read is
:mod:`.discovery`; turning a failed conversion into problems is :mod:`.decode_errors`.
"""

from __future__ import annotations

import os
import re
from collections.abc import Callable, Iterable, Sequence
from pathlib import Path
from typing import Any

import msgspec
import tomli

from .decode_errors import convert
from .discovery import discover
from .files import FileTooLarge, NotRegularFile, read_regular
from .grouping import Grouping
from .ids import id_problem
from .locate import locator
from .model import Library, Person
from .problems import Problem
from .text import UNSAFE_RE, display_name, one_line, sanitize

__all__ = [
    "load_file",
    "load_paths",
    "load_text",
    "paper_ids",
    "slugify",
]

MAX_FILE_BYTES = 16 * 1024 * 1024
"""A profile file larger than this is reported and skipped unread (one person is ~10 KB)."""
MAX_STRING_CHARS = 100_000
"""A longer string is cut to this length (with a warning): no one reads more, and widgets
that wrap text must not be handed megabytes."""
_ESCAPE_HINT_RE = re.compile(r"\\[uUexbfr]")  # escapes that can make a control character


def slugify(text: str, limit: int = 60) -> str:
    """A short, readable id from a title or name: ``Safe RLHF: ...`` → ``safe-rlhf``.

    Other scripts are transliterated (``Ångström`` → ``angstrom``, ``李雷`` → ``li-lei``,
    ``Привет`` → ``privet``), so ids stay readable and two names rarely share one.
    """
    if not text.isascii():
        from anyascii import anyascii

        # A CJK character is a syllable or a word of its own: keep them apart (李雷 → li-lei).
        text = "".join(f" {anyascii(ch)} " if ord(ch) >= 0x2E80 else anyascii(ch) for ch in text)
    slug = re.sub(r"[^a-z0-9]+", "-", text.lower()).strip("-")
    if len(slug) > limit:
        slug = slug[:limit].rsplit("-", 1)[0] or slug[:limit]
    return slug or "untitled"


# --- one file ----------------------------------------------------------------------------


def load_file(
    path: str | os.PathLike[str], parse: Callable[[str], dict[str, Any]] | None = None
) -> tuple[Person | None, list[Problem]]:
    """Load one profile file; never raises. ``None`` when nothing usable was in it.

    ``parse`` replaces ``tomli.loads`` (a faster parser that defers to tomli on errors).
    """
    name = display_name(str(path))  # a file name can hold escape sequences, or not be UTF-8
    try:
        data = read_regular(path, MAX_FILE_BYTES)
    except FileTooLarge as exc:
        limit = f"the {MAX_FILE_BYTES // 2**20} MiB limit for one profile"
        what = (
            f"file is {exc.size / 1e6:.1f} MB, over {limit}"
            if exc.size > exc.limit
            else f"file holds more than {limit} (its size reads {exc.size:,} bytes)"
        )
        return None, [Problem(name, f"{what}; skipped (one file per person)")]
    except NotRegularFile as exc:
        if exc.kind == "a directory":
            return None, [Problem(name, "is a directory, not a profile file")]
        return None, [Problem(name, f"is {exc.kind}, not a profile file; skipped")]
    except OSError as exc:
        return None, [Problem(name, f"cannot read file: {exc.strerror or exc}")]
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        line = data.count(b"\n", 0, exc.start) + 1
        col = exc.start - (data.rfind(b"\n", 0, exc.start) + 1) + 1
        return None, [
            Problem(
                name,
                f"not UTF-8 text: byte 0x{data[exc.start]:02x} cannot be decoded; "
                "save the file as UTF-8",
                line,
                col,
            )
        ]
    return load_text(text, name, Path(name).stem, parse)  # name is sanitised: so is the id


def load_text(
    text: str, name: str, default_id: str, parse: Callable[[str], dict[str, Any]] | None = None
) -> tuple[Person | None, list[Problem]]:
    """Parse and validate profile source ``text`` (``name`` is used in problems)."""
    if not text.strip():
        return None, [Problem(name, 'file is empty: a profile needs at least `name = "..."`')]
    try:
        doc = (parse or tomli.loads)(text)
    except tomli.TOMLDecodeError as exc:
        line = getattr(exc, "lineno", 0) or 0
        col = getattr(exc, "colno", 0) or 0
        message = getattr(exc, "msg", None) or str(exc)
        return None, [Problem(name, f"TOML syntax error: {one_line(message)}", line, col)]
    except RecursionError:
        return None, [
            Problem(name, "nested too deeply to read (arrays or tables inside each other)")
        ]
    try:
        return _build(doc, text, name, default_id)
    except RecursionError:
        return None, [
            Problem(name, "nested too deeply to read (arrays or tables inside each other)")
        ]
    except Exception as exc:  # a bug of ours must not take the other files down
        return None, [
            Problem(name, f"could not be loaded: {type(exc).__name__}: {one_line(str(exc))}")
        ]


def _build(
    doc: dict[str, Any], text: str, name: str, default_id: str
) -> tuple[Person | None, list[Problem]]:
    problems: list[Problem] = []
    find = locator(text)

    def report(field: str, message: str, severity: str = "error") -> None:
        line, col = find(field) if field else (0, 0)
        problems.append(Problem(name, one_line(message), line, col, one_line(field), severity))

    if UNSAFE_RE.search(text) or _ESCAPE_HINT_RE.search(text) or _may_hold_long_string(text):
        doc = _clean(doc, "", report)

    person = convert(doc, default_id, report)
    if person is None:
        return None, problems
    person = _finish(person, default_id, report)
    problems.sort(key=lambda p: (p.line == 0, p.line, p.col))
    return person, problems


def _may_hold_long_string(text: str) -> bool:
    """Whether a value in ``text`` could exceed ``MAX_STRING_CHARS``, cheaply.

    A one-line string lies on one line; a multi-line string lies between triple quotes.
    Checking those two shapes avoids walking every value of every large file. (Triple quotes
    inside a comment could hide a long string; the cost is then only memory, not safety:
    control characters are still caught by the other checks.)
    """
    if len(text) <= MAX_STRING_CHARS:
        return False
    if max(map(len, text.split("\n"))) > MAX_STRING_CHARS:
        return True
    for quote in ('"""', "'''"):
        if quote in text and max(map(len, text.split(quote)[1::2]), default=0) > MAX_STRING_CHARS:
            return True
    return False


def _clean(value: Any, field: str, report: Callable[..., None]) -> Any:
    """Sanitise every string (keys too), reporting where control characters were."""
    if isinstance(value, str):
        if len(value) > MAX_STRING_CHARS:
            report(
                field,
                f"text is {len(value):,} characters long; only the first "
                f"{MAX_STRING_CHARS:,} are kept",
                "warning",
            )
            value = value[:MAX_STRING_CHARS]
        if UNSAFE_RE.search(value):
            report(field, "control or bidirectional characters replaced by placeholders", "warning")
            return sanitize(value)
        return value
    if isinstance(value, dict):
        out = {}
        for key, item in value.items():
            clean_key = one_line(key)
            sub = f"{field}.{clean_key}" if field else clean_key
            out[clean_key] = _clean(item, sub, report)
        return out
    if isinstance(value, list):
        return [_clean(item, f"{field}[{i}]", report) for i, item in enumerate(value)]
    return value


def paper_ids(papers: Iterable[tuple[str, str]]) -> list[str]:
    """The id each paper gets, from its (written id, title) in profile order.

    A written id is kept, else the title's slug; a repeat gets ``-2``, ``-3``… Imports use
    this too, so they know the ids a profile will have once loaded.
    """
    seen: set[str] = set()
    out: list[str] = []
    for written, title in papers:
        pid = written or slugify(title)
        if pid in seen:
            n = 2
            while f"{pid}-{n}" in seen:
                n += 1
            pid = f"{pid}-{n}"
        seen.add(pid)
        out.append(pid)
    return out


def _finish(person: Person, default_id: str, report: Callable[..., None]) -> Person:
    """Fill derived values: the person's id, paper ids and years from dates."""
    changes: dict[str, Any] = {}
    if not person.id.strip():
        changes["id"] = default_id
    elif (why := id_problem(person.id)) is not None:
        report("id", f"id `{person.id}` cannot name a profile file: {why}; using `{default_id}`")
        changes["id"] = default_id
    if not person.name.strip():
        person_id = changes.get("id", person.id)
        report("name", f"`name` is empty; using the id `{person_id}` instead")
        changes["name"] = person_id
    papers = []
    changed = False
    ids = paper_ids((paper.id, paper.title) for paper in person.papers)
    for i, (paper, pid) in enumerate(zip(person.papers, ids, strict=True)):
        updates: dict[str, Any] = {}
        if paper.id and pid != paper.id:
            report(
                f"papers[{i}].id",
                f"paper id `{paper.id}` is used twice in this profile; renamed",
                "warning",
            )
        if pid != paper.id:
            updates["id"] = pid
        if paper.year is None and paper.date is not None and not paper.date.is_present:
            updates["year"] = paper.date.year
        if updates:
            paper = msgspec.structs.replace(paper, **updates)
            changed = True
        papers.append(paper)
    if changed:
        changes["papers"] = tuple(papers)
    return msgspec.structs.replace(person, **changes) if changes else person


# --- many files --------------------------------------------------------------------------


def load_paths(paths: Iterable[str | os.PathLike[str]]) -> Library:
    """Load every profile under ``paths`` into a Library; problems are kept on it."""
    files, problems = discover(paths)
    people: list[Person] = []
    sources: list[str] = []
    for path in files:
        person, file_problems = load_file(path)
        problems.extend(file_problems)
        if person is not None:
            people.append(person)
            sources.append(str(path))
    return assemble(people, sources, problems)


def assemble(
    people: Sequence[Person],
    sources: Sequence[str],
    problems: list[Problem],
    grouping: Grouping | None = None,
    previous: Library | None = None,
    partial: bool = False,
    shown: bool = False,
) -> Library:
    """Build the Library, dropping (and reporting) people whose id is already taken.

    Source paths are kept as :func:`~cvtui.core.text.display_name` shows them: they are shown
    on screen, and a file name is as untrusted as the file's content (``shown``: they are
    given so already).
    """
    kept: list[Person] = []
    kept_sources: list[str] = []
    first: dict[str, str] = {}
    for person, source in zip(people, sources, strict=True):
        if not shown:
            source = display_name(source)
        if person.id in first:
            problems.append(
                Problem(
                    source,
                    f"duplicate id `{person.id}`: already used by {first[person.id]}; "
                    "this profile was skipped",
                    field="id",
                )
            )
            continue
        first[person.id] = source
        kept.append(person)
        kept_sources.append(source)  # shown on screen, like any profile text
    return Library(
        kept, problems, kept_sources, grouping=grouping, previous=previous, partial=partial
    )
