"""Files → validated, sanitised :class:`~cvtui.core.model.Person` records → a Library.

One pass per file: read, decode, parse (compiled ``tomli``), clean every string, validate by
converting to the model. Every problem is collected with its file, line and key path; a broken
file or field never stops the rest from loading.
"""

from __future__ import annotations

import datetime as _dt
import difflib
import os
import re
import typing
from collections.abc import Callable, Iterable, Sequence
from pathlib import Path
from typing import Any

import msgspec
import tomli

from .dates import PartialDate, parse_date
from .files import FileTooLarge, NotRegularFile, read_regular
from .grouping import Grouping
from .ids import id_problem
from .locate import locator
from .model import EXPERIENCE_KINDS, PAPER_TYPES, Library, Person
from .problems import Problem
from .text import UNSAFE_RE, display_name, one_line, sanitize

__all__ = [
    "dec_hook",
    "discover",
    "load_file",
    "load_paths",
    "load_text",
    "paper_ids",
    "slugify",
]

MAX_FIXES = 500  # a file with more broken fields than this is reported, not repaired
MAX_FILE_BYTES = 16 * 1024 * 1024
"""A profile file larger than this is reported and skipped unread (one person is ~10 KB)."""
MAX_STRING_CHARS = 100_000
"""A longer string is cut to this length (with a warning): no one reads more, and widgets
that wrap text must not be handed megabytes."""
_AT_RE = re.compile(r"^(.*) - at `\$(.*)`$", re.S)
_SEGMENT_RE = re.compile(r"\.([^.\[]+)|\[(\d+)\]")
_UNKNOWN_RE = re.compile(r"^Object contains unknown field `(.*)`$", re.S)
_MISSING_RE = re.compile(r"^Object missing required field `(.*)`$", re.S)
_ENUMS = {"kind": EXPERIENCE_KINDS, "type": PAPER_TYPES}
_ESCAPE_HINT_RE = re.compile(r"\\[uUexbfr]")  # escapes that can make a control character


def dec_hook(kind: type, value: Any) -> Any:
    """Build the model's custom types while converting (dates from strings, ints, dates)."""
    if kind is PartialDate:
        if isinstance(value, (str, int, _dt.date)):
            return parse_date(value)
        raise ValueError(f"expected a date such as 2024-09, got {type(value).__name__}")
    raise NotImplementedError(kind)


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


# --- discovery --------------------------------------------------------------------------


def discover(paths: Iterable[str | os.PathLike[str]]) -> tuple[list[Path], list[Problem]]:
    """Every ``*.toml`` file under ``paths`` (files taken as given), sorted, no repeats.

    Directory symlink loops are detected and reported instead of followed forever. A file is
    a repeat when it resolves to a path already found (a symlink to it, or the same file
    named twice); a walked directory is resolved once, not each of its files.
    """
    files: list[tuple[str, str | None]] = []
    problems: list[Problem] = []
    for raw in paths:
        path = Path(raw)
        if path.is_dir():
            _walk(str(path), files, problems, set())
        elif path.exists():
            files.append((str(path), None))
        else:
            problems.append(Problem(display_name(str(path)), "no such file or directory"))
    unique = []
    seen_files: set[str] = set()
    for name, key in files:
        if key is None:
            try:
                key = str(Path(name).resolve())
            except (OSError, RuntimeError):  # a symlink loop: load_file reports it
                key = os.path.abspath(name)
        if key not in seen_files:
            seen_files.add(key)
            unique.append(Path(name))
    return unique, problems


def _walk(
    directory: str,
    files: list[tuple[str, str | None]],
    problems: list[Problem],
    visiting: set[tuple[int, int]],
) -> None:
    try:
        st = os.stat(directory)
    except OSError as exc:
        problems.append(
            Problem(display_name(str(directory)), f"cannot read directory: {exc.strerror or exc}")
        )
        return
    ident = (st.st_dev, st.st_ino)
    if ident in visiting:
        problems.append(
            Problem(
                display_name(str(directory)),
                "directory symlink loop: this folder contains itself; skipped",
                severity="warning",
            )
        )
        return
    visiting = visiting | {ident}
    try:
        entries = sorted(os.scandir(directory), key=lambda e: e.name)
    except OSError as exc:
        problems.append(
            Problem(display_name(str(directory)), f"cannot read directory: {exc.strerror or exc}")
        )
        return
    real = os.path.realpath(directory)
    for entry in entries:
        if entry.name.startswith("."):
            continue
        try:
            is_dir = entry.is_dir()
        except OSError:
            is_dir = False
        if is_dir:
            _walk(entry.path, files, problems, visiting)
        elif entry.name.endswith(".toml"):
            # Resolved: the directory's real path and the name, unless it is a symlink.
            key = None if entry.is_symlink() else os.path.join(real, entry.name)
            files.append((entry.path, key))


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

    person = _convert(doc, default_id, report)
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


def _convert(doc: dict[str, Any], default_id: str, report: Callable[..., None]) -> Person | None:
    """Convert with the fast C path; on failure, repair field by field and report each."""
    try:
        return msgspec.convert(doc, Person, dec_hook=dec_hook)
    except msgspec.ValidationError:
        pass
    origins: dict[int, list[int]] = {}
    fixes = _repair_entries(doc, default_id, origins, report)
    while fixes >= 0:
        try:
            return msgspec.convert(doc, Person, dec_hook=dec_hook)
        except msgspec.ValidationError as exc:
            if fixes >= MAX_FIXES:
                break
            if not _repair(doc, str(exc), default_id, origins, report):
                return None
        fixes += 1
    report("", f"more than {MAX_FIXES} problems; the profile was not loaded")
    return None


def _entry_types() -> dict[str, Any]:
    """Person's list fields of records (``papers`` → Paper), for repairing entry by entry."""
    out: dict[str, Any] = {}
    for info in msgspec.structs.fields(Person):
        args = typing.get_args(info.type)
        if typing.get_origin(info.type) is tuple and len(args) == 2 and args[0] is not str:
            out[info.name] = args[0]
    return out


_ENTRY_TYPES = _entry_types()


def _repair_entries(
    doc: dict[str, Any], default_id: str, origins: dict[int, list[int]], report: Callable[..., None]
) -> int:
    """Validate and repair list entries one at a time; the number of fixes, -1 if too many.

    Converting the whole profile again after each fix costs its full size per problem: a
    profile of 20,000 papers with a bad year in each would take minutes. One entry at a time,
    each fix costs only that entry.
    """
    fixes = 0
    for key, entry_type in _ENTRY_TYPES.items():
        entries = doc.get(key)
        if not isinstance(entries, list):
            continue
        i = 0
        while i < len(entries):
            try:
                msgspec.convert(entries[i], entry_type, dec_hook=dec_hook)
            except msgspec.ValidationError as exc:
                if fixes >= MAX_FIXES:
                    return -1
                fixes += 1
                if _repair(doc, _rebase(str(exc), f"$.{key}[{i}]"), default_id, origins, report):
                    continue  # fixed (check it again) or dropped (the next one is at i now)
            i += 1
    return fixes


def _rebase(error: str, prefix: str) -> str:
    """A validation error for one entry, re-addressed from the profile's root."""
    match = _AT_RE.match(error)
    if match is None:
        return f"{error} - at `{prefix}`"
    return f"{match.group(1)} - at `{prefix}{match.group(2)}`"


def _segments(path: str) -> list[str | int]:
    return [
        m.group(1) if m.group(1) is not None else int(m.group(2))
        for m in _SEGMENT_RE.finditer(path)
    ]


def _original(doc: Any, segments: list[str | int], origins: dict[int, list[int]]) -> str:
    """The key path as written in the file (list indices before any entries were dropped)."""
    out = ""
    node = doc
    for seg in segments:
        if isinstance(seg, int):
            mapping = origins.get(id(node))
            original = mapping[seg] if mapping is not None and seg < len(mapping) else seg
            out += f"[{original}]"
            node = node[seg] if isinstance(node, list) and seg < len(node) else None
        else:
            out += f".{seg}" if out else seg
            node = node.get(seg) if isinstance(node, dict) else None
    return out


def _drop(parent: Any, key: str | int, origins: dict[int, list[int]]) -> bool:
    if isinstance(parent, list) and isinstance(key, int) and key < len(parent):
        mapping = origins.setdefault(id(parent), list(range(len(parent))))
        mapping.pop(key)
        parent.pop(key)
        return True
    if isinstance(parent, dict) and key in parent:
        del parent[key]
        return True
    return False


def _node(doc: Any, segments: Sequence[str | int]) -> Any:
    node = doc
    for seg in segments:
        if isinstance(seg, int):
            node = node[seg] if isinstance(node, list) and seg < len(node) else None
        else:
            node = node.get(seg) if isinstance(node, dict) else None
    return node


def _repair(
    doc: dict[str, Any],
    error: str,
    default_id: str,
    origins: dict[int, list[int]],
    report: Callable[..., None],
) -> bool:
    """Report one validation error and remove its cause; False when it cannot be removed."""
    match = _AT_RE.match(error)
    message, path = (match.group(1), match.group(2)) if match else (error, "")
    segments = _segments(path)
    where = _original(doc, segments, origins)
    unknown = _UNKNOWN_RE.match(message)
    missing = _MISSING_RE.match(message)
    if unknown:
        key = unknown.group(1)
        field = f"{where}.{key}" if where else key
        hint = _suggest(key, segments)
        report(field, f"unknown key `{key}`{hint}; ignored")
        return _drop(_node(doc, segments), key, origins)
    if missing:
        key = missing.group(1)
        if not segments:
            if key == "name":
                report("name", f"missing required key `name`; using the id `{default_id}` instead")
                doc["name"] = doc.get("id") if isinstance(doc.get("id"), str) else default_id
                return True
            report(key, f"missing required key `{key}`")
            return False
        report(where, f"missing required key `{key}`; this entry was skipped")
        return _drop(_node(doc, segments[:-1]), segments[-1], origins)
    if not segments:
        report("", message)
        return False
    last = segments[-1]
    if isinstance(last, str) and last in _ENUMS and message.startswith("Invalid enum value"):
        message += f"; expected one of: {', '.join(_ENUMS[last])}"
    elif message.startswith("Expected"):
        message = _plain_types(message)
    if isinstance(last, str) and last == "name" and len(segments) == 1:
        report(where, f"{message}; using the id `{default_id}` as the name")
        doc["name"] = default_id
        return True
    report(where, f"{message}; ignored")
    return _drop(_node(doc, segments[:-1]), last, origins)


_TYPE_WORDS = {
    "int": "a whole number",
    "float": "a number",
    "str": "a string",
    "bool": "true or false",
    "array": "a list",
    "object": "a table",
}


def _plain_types(message: str) -> str:
    """``Expected `int | null`, got `str``` → ``expected a whole number, got a string``."""
    match = re.match(r"Expected `(.*)`, got `(.*)`$", message)
    if not match:
        return message.replace("`", "")
    wanted = [
        _TYPE_WORDS.get(t.strip(), t.strip())
        for t in match.group(1).split("|")
        if t.strip() != "null"
    ]
    got = _TYPE_WORDS.get(match.group(2), match.group(2))
    return f"expected {' or '.join(wanted)}, got {got}"


def _struct_for(segments: Sequence[str | int]) -> type | None:
    """The record type of the table at ``segments`` (so typos can be matched to its keys)."""
    from . import model

    lists = {
        "papers": model.Paper,
        "education": model.Education,
        "experience": model.Experience,
        "awards": model.Award,
        "service": model.Service,
        "metrics": model.Metric,
        "skills": model.SkillGroup,
        "languages": model.Language,
        "interests": model.Interest,
        "topics": model.Topic,
    }
    names = [s for s in segments if isinstance(s, str)]
    if not names:
        return model.Person
    last = names[-1]
    if last == "links":
        return model.Links if len(names) == 1 else model.PaperLinks
    if last == "topics" and names[0] == "interests":
        return model.Interest
    return lists.get(last)


def _suggest(key: str, segments: Sequence[str | int]) -> str:
    struct = _struct_for(segments)
    fields = list(getattr(struct, "__struct_fields__", ()))
    close = difflib.get_close_matches(key, fields, n=1, cutoff=0.6)
    return f" (did you mean `{close[0]}`?)" if close else ""


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
) -> Library:
    """Build the Library, dropping (and reporting) people whose id is already taken.

    Source paths are kept as :func:`~cvtui.core.text.display_name` shows them: they are shown
    on screen, and a file name is as untrusted as the file's content.
    """
    kept: list[Person] = []
    kept_sources: list[str] = []
    first: dict[str, str] = {}
    for person, source in zip(people, sources, strict=True):
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
