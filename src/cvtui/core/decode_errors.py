"""Parsed TOML → a :class:`~cvtui.core.model.Person`, with every decoding error made a problem.

``msgspec`` converts a valid document in one fast pass but stops at its first error, worded
for programmers (``Expected `int | null`, got `str` - at `$.papers[3].year```). This module
turns each such error into a problem that names the key as written in the file, says what was
wanted in plain words (suggesting the key meant when one is mistyped), and removes the cause
so the rest of the profile still loads.
"""

from __future__ import annotations

import datetime as _dt
import difflib
import re
import typing
from collections.abc import Callable, Sequence
from typing import Any

import msgspec

from .dates import PartialDate, parse_date
from .model import EXPERIENCE_KINDS, PAPER_TYPES, Person

__all__ = ["MAX_FIXES", "convert", "dec_hook"]

MAX_FIXES = 500  # a file with more broken fields than this is reported, not repaired
_AT_RE = re.compile(r"^(.*) - at `\$(.*)`$", re.S)
_SEGMENT_RE = re.compile(r"\.([^.\[]+)|\[(\d+)\]")
_UNKNOWN_RE = re.compile(r"^Object contains unknown field `(.*)`$", re.S)
_MISSING_RE = re.compile(r"^Object missing required field `(.*)`$", re.S)
_ENUMS = {"kind": EXPERIENCE_KINDS, "type": PAPER_TYPES}


def dec_hook(kind: type, value: Any) -> Any:
    """Build the model's custom types while converting (dates from strings, ints, dates)."""
    if kind is PartialDate:
        if isinstance(value, (str, int, _dt.date)):
            return parse_date(value)
        raise ValueError(f"expected a date such as 2024-09, got {type(value).__name__}")
    raise NotImplementedError(kind)


def convert(doc: dict[str, Any], default_id: str, report: Callable[..., None]) -> Person | None:
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
