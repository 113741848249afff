"""Edit a profile's sections other than papers, keeping everything else as it was written.

A :class:`SectionEdit` says what to add: top-level fields the profile lacks, other spellings
of the name, links, interests, entries of ``education``, ``experience``, ``awards`` and
``service``, and metrics (a new reading of a metric the same source gave before replaces its
value and date). The file is edited through ``tomlkit``, so comments and layout stay; the
result is parsed again and must hold exactly the old data plus the edit.
"""

from __future__ import annotations

import copy
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

import tomli
import tomlkit
from tomlkit.items import AoT, Array, InlineTable, Table

from ..exchange.layout import keep_heading_comments
from ..exchange.writer import finished_edit
from .adapter import ProfileWriteError

__all__ = ["SectionEdit", "apply_sections"]


@dataclass
class SectionEdit:
    top: dict[str, Any] = field(default_factory=dict)
    aliases: list[str] = field(default_factory=list)
    links: dict[str, str] = field(default_factory=dict)
    interests: list[str] = field(default_factory=list)
    entries: dict[str, list[dict[str, Any]]] = field(default_factory=dict)
    metric_updates: dict[int, dict[str, Any]] = field(default_factory=dict)
    metrics: list[dict[str, Any]] = field(default_factory=list)

    def __bool__(self) -> bool:
        return any(
            (
                self.top,
                self.aliases,
                self.links,
                self.interests,
                any(self.entries.values()),
                self.metric_updates,
                self.metrics,
            )
        )


def _value(value: Any, inline: bool = False) -> Any:
    if isinstance(value, Mapping):
        table = tomlkit.inline_table() if inline else tomlkit.table()
        for key, sub in value.items():
            if sub not in (None, "", [], {}):
                table[key] = _value(sub, inline=True)
        return table
    if isinstance(value, (list, tuple)):
        array = tomlkit.array()
        for item in value:
            array.append(_value(item, inline=True))
        if len(value) > 3 or sum(len(str(v)) + 4 for v in value) > 80:
            array.multiline(True)
        return array
    return value


def _spaced_table(entry: Mapping[str, Any]) -> Table:
    """A ``[[section]]`` table followed by a blank line, as the other tables are."""
    table = _value(entry)
    table.add(tomlkit.nl())
    return table


def _append_entries(doc: Any, key: str, entries: list[dict[str, Any]]) -> None:
    existing = doc.get(key)
    if existing is None:
        aot = tomlkit.aot()
        for entry in entries:
            aot.append(_spaced_table(entry))
        doc[key] = aot
    elif isinstance(existing, AoT):
        for entry in entries:
            existing.append(_spaced_table(entry))
    elif isinstance(existing, Array):
        for entry in entries:
            existing.append(_value(entry, inline=True))
    else:
        raise ProfileWriteError(f"`{key}` in this profile is not a list; fix it first")


def _extend_list(doc: Any, key: str, values: list[Any]) -> None:
    existing = doc.get(key)
    if existing is None:
        doc[key] = _value(values)
    elif isinstance(existing, Array):
        for value in values:
            existing.append(_value(value, inline=True))
    else:
        raise ProfileWriteError(f"`{key}` in this profile is not a list; fix it first")


def apply_sections(text: str, edit: SectionEdit) -> str:
    """``text`` with ``edit`` applied; raises :class:`ProfileWriteError` if that cannot be
    done exactly (a section of the wrong kind, or an edit that would change more)."""
    if not edit:
        return text
    crlf = "\r\n" in text
    bom = text.startswith("\ufeff")
    source = text.lstrip("\ufeff").replace("\r\n", "\n")
    try:
        expected = tomli.loads(source)
        doc = tomlkit.parse(source)
    except Exception as exc:
        raise ProfileWriteError(f"the profile is not valid TOML ({exc}); fix it first") from None
    expected = copy.deepcopy(expected)
    for key, value in edit.top.items():
        doc[key] = value
        expected[key] = value
    if edit.aliases:
        _extend_list(doc, "aliases", edit.aliases)
        expected.setdefault("aliases", []).extend(edit.aliases)
    if edit.interests:
        _extend_list(doc, "interests", edit.interests)
        expected.setdefault("interests", []).extend(edit.interests)
    if edit.links:
        links = doc.get("links")
        if links is None:
            doc["links"] = _value(edit.links)
        elif isinstance(links, (Table, InlineTable)):
            for key, value in edit.links.items():
                links[key] = value
        else:
            raise ProfileWriteError("`links` in this profile is not a table; fix it first")
        expected.setdefault("links", {}).update(edit.links)
    metrics = doc.get("metrics")
    for index, changes in edit.metric_updates.items():
        if not isinstance(metrics, (AoT, Array)):
            raise ProfileWriteError("`metrics` in this profile is not a list; fix it first")
        for key, value in changes.items():
            metrics[index][key] = value
        expected["metrics"][index].update(changes)
    if edit.metrics:
        _append_entries(doc, "metrics", edit.metrics)
        expected.setdefault("metrics", []).extend(copy.deepcopy(edit.metrics))
    for key, entries in edit.entries.items():
        if entries:
            _append_entries(doc, key, entries)
            expected.setdefault(key, []).extend(copy.deepcopy(entries))
    return finished_edit(keep_heading_comments(source, doc.as_string()), expected, crlf, bom)
