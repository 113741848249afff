"""A person's dated education and experience as lanes, labelled so that lanes can be told apart.

Five collaborations of one company would all read "Ant Group". Each entry that shares its
name with another gets what tells it apart — its unit, its collaborator or host, its degree
or role — and when the label is cut to its column the telling part is what stays: two lanes
read "× Peking University" and "× Peking University F…", never "Ant Group × Peki…" twice.
The event list names its rows the same way (:func:`event_tails`), so list and chart agree.
"""

from __future__ import annotations

import datetime as _dt
from collections.abc import Hashable, Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING, NamedTuple

from rich.cells import cell_len, set_cell_size

if TYPE_CHECKING:
    from ..core.dates import PartialDate
    from ..core.model import Event, Person

__all__ = [
    "Lane",
    "cut",
    "event_tails",
    "fit_labels",
    "fit_spans",
    "keep_tail",
    "lanes_of",
    "truncate",
]


@dataclass(frozen=True)
class Lane:
    """One education or experience entry as a span of fractional years."""

    person: int
    kind: str
    ref: int
    label: str
    start: float
    end: float
    open_end: bool
    expected_from: float | None
    """Where the planned (not yet lived) part begins, or None when it is all fact."""
    tail: str = ""
    """The end of ``label`` that tells it apart from a lane of the same name (`` × Peking
    University``), kept when the label is cut; empty when what tells it apart comes first."""


class _Telling(NamedTuple):
    """Something that may tell an entry apart: ``after`` when written after the name."""

    text: str
    after: bool


def _tellings(person: Person, kind: str, ref: int, with_role: bool = True) -> list[_Telling]:
    """What may tell an entry apart from another of the same name, most telling first."""
    if kind == "education":
        edu = person.education[ref]
        return [_Telling(x, False) for x in (edu.degree, edu.field, edu.unit) if x]
    if kind != "experience":
        return []
    exp = person.experience[ref]
    out = [_Telling(x, False) for x in (exp.unit,) if x]
    out += [_Telling(x, True) for x in (*exp.collaborators[:1], *exp.hosts[:1]) if x]
    if with_role:
        out += [_Telling(x, False) for x in (exp.role,) if x]
    return out


def _pick(options: Sequence[Sequence[_Telling]]) -> list[_Telling | None]:
    """One telling per member, of the same rank for all, at the first rank where they differ.

    A member with fewer options keeps its last one (or none); when no rank makes them all
    differ, the first is used.
    """
    depth = max((len(o) for o in options), default=0)
    for rank in [*range(depth), 0]:
        picked = [o[rank] if rank < len(o) else (o[-1] if o else None) for o in options]
        if len({p.text if p else None for p in picked}) == len(picked):
            return picked
    return [o[0] if o else None for o in options]


def _groups(keys: Sequence[Hashable]) -> list[list[int]]:
    """Positions sharing a key, for keys that more than one position has."""
    groups: dict[Hashable, list[int]] = {}
    for position, key in enumerate(keys):
        groups.setdefault(key, []).append(position)
    return [members for members in groups.values() if len(members) > 1]


_Entry = tuple[str, int, str, "PartialDate | None", "PartialDate | None", bool]
"""(kind, index in the person's list, name, start, end, end_expected) of a would-be lane."""


def _lane_labels(person: Person, entries: list[_Entry]) -> list[tuple[str, str]]:
    """(label, tail) per entry: entries of one name say what tells them apart.

    A degree and a visit at one university read "Ph.D., University of Washington" and
    "H2Lab, University of Washington"; collaborations of one company "Ant Group × Peking
    University", "Ant Group × UC Berkeley" (the tail, `` × …``, is kept when cut).
    """
    labels = [(entry[2], "") for entry in entries]
    for members in _groups([entry[2] for entry in entries]):
        options = [_tellings(person, entries[m][0], entries[m][1]) for m in members]
        for m, telling in zip(members, _pick(options), strict=True):
            name = entries[m][2]
            if telling is None:
                continue
            if telling.after:
                tail = f" × {telling.text}"
                labels[m] = (name + tail, tail)
            else:
                labels[m] = (f"{telling.text}, {name}", "")
    return labels


def lanes_of(person: Person, index: int, today: _dt.date) -> list[Lane]:
    """The person's dated education and experience entries as lanes, oldest first."""
    now = today.year + (today.timetuple().tm_yday - 1) / 365.25
    entries: list[_Entry] = []
    for i, edu in enumerate(person.education):
        name = edu.institution or edu.degree
        entries.append(("education", i, name, edu.start, edu.end, edu.end_expected))
    for i, exp in enumerate(person.experience):
        name = exp.organisation or exp.role
        entries.append(("experience", i, name, exp.start, exp.end, exp.end_expected))
    entries = [e for e in entries if e[3] is not None or e[4] is not None]
    lanes: list[Lane] = []
    for (kind, ref, _, start, end, expected), (label, tail) in zip(
        entries, _lane_labels(person, entries), strict=True
    ):
        first = start if start is not None else end
        assert first is not None
        open_end = end is None or end.is_present
        begin = first.as_fraction(today)
        finish = now if end is None or open_end else end.as_fraction(today)
        expected_from: float | None = None
        if expected and not open_end and finish > now:
            expected_from = max(begin, now)
        if finish < begin:
            begin, finish = finish, begin
        lanes.append(Lane(index, kind, ref, label, begin, finish, open_end, expected_from, tail))
    lanes.sort(key=lambda lane: (lane.start, lane.end))
    return lanes


def event_tails(person: Person, events: Sequence[Event]) -> list[str]:
    """For each of one person's events, what to add to its title to tell it from the others.

    Five "Research Leader" rows at "Ant Group" become "Research Leader × Peking University",
    "Research Leader × UC Berkeley"…; two "Intern" rows at one lab "Intern, Vision group".
    Events whose title and organisation are their own get "".
    """
    tails = [""] * len(events)
    keys = [(e.kind, e.title, e.organisation) for e in events]
    for members in _groups(keys):
        options = [
            [
                t
                for t in _tellings(person, events[m].kind, events[m].ref, with_role=False)
                if t.text not in events[m].title
            ]
            for m in members
        ]
        for m, telling in zip(members, _pick(options), strict=True):
            if telling is not None:
                tails[m] = f" × {telling.text}" if telling.after else f", {telling.text}"
    return tails


# -- cutting labels to a column -------------------------------------------------------------


def cut(text: str, width: int) -> str:
    """``text`` in at most ``width`` cells, with an ellipsis when cut (not padded)."""
    if width <= 0:
        return ""
    if cell_len(text) <= width:
        return text
    return set_cell_size(text, width - 1).rstrip() + "…"


def truncate(text: str, width: int) -> str:
    """``text`` cut to ``width`` cells with an ellipsis, padded to exactly ``width``."""
    text = " ".join(text.split())
    if width <= 0:
        return ""
    return set_cell_size(cut(text, width), width)


HEAD_ROOM = 4
"""The fewest cells worth keeping of a label's start before its tail (``Ant…``)."""


def keep_tail(label: str, tail: str, width: int, form: str = "head") -> str:
    """``label`` in ``width`` cells, keeping what its ``tail`` names.

    Forms: ``head`` keeps as much of the start as leaves the tail whole, ``Ant… × Peking
    University`` (when at least :data:`HEAD_ROOM` cells of it are left, else it is the
    ``tail`` form); ``tail`` the tail alone, ``× Peking University``; ``bare`` what the
    tail names, ``Peking Universit…``. Tails are cut at their end when even that is long.
    """
    if not tail or cell_len(label) <= width or not label.endswith(tail):
        return cut(label, width)
    if form == "head" and width - cell_len(tail) >= HEAD_ROOM:
        return cut(label[: len(label) - len(tail)], width - cell_len(tail)) + tail
    alone = tail.lstrip(" ,")
    return cut(_named(alone) if form == "bare" else alone, width)


def _named(tail: str) -> str:
    """What a tail names, without its mark: ``Peking University`` of ``× Peking University``."""
    return tail[2:] if tail.startswith("× ") else tail


def fit_labels(labels: Sequence[tuple[str, str]], width: int) -> list[str]:
    """Each (label, tail) in ``width`` cells.

    Where two would be cut to the same text, the labels that share their start keep their
    tails instead, all in the first form of :func:`keep_tail` (``head``, ``tail``,
    ``bare``) that tells every one of them apart.
    """
    shown = [cut(label, width) for label, _ in labels]
    clashing = {
        i
        for members in _groups(shown)
        if len({labels[m][0] for m in members}) > 1
        for i in members
        if labels[i][1]
    }
    heads = {_head(*labels[i]) for i in clashing}
    for head in heads:
        members = [
            i for i, (label, tail) in enumerate(labels) if tail and _head(label, tail) == head
        ]
        for form in ("head", "tail", "bare"):
            texts = [keep_tail(*labels[i], width, form) for i in members]
            if len(set(texts)) == len(texts):
                break
        for i, text in zip(members, texts, strict=True):
            shown[i] = text
    return shown


def _head(label: str, tail: str) -> str:
    return label[: len(label) - len(tail)]


def fit_spans(
    label: str, tail: str, shown: str, spans: Sequence[tuple[int, int]]
) -> list[tuple[int, int]]:
    """Character spans in ``label`` moved to where they are in ``shown`` (what
    :func:`keep_tail` made of it): the start's stay, the tail's move with the tail."""
    if shown == label or not tail or not label.endswith(tail):
        return list(spans)
    tail_at = len(label) - len(tail)
    if shown.endswith(tail):  # "Ant… × Peking University"
        kept = len(shown) - len(tail) - 1  # the start's characters before its ellipsis
        first = tail_at
    else:
        for stripped in (tail.lstrip(" ,"), _named(tail.lstrip(" ,"))):
            if shown and stripped.startswith(shown.rstrip("…")):
                break
        else:
            return list(spans)  # cut at its end only: the spans are where they were
        kept = 0  # "× Peking University", "Peking Univers…": the tail alone
        first = len(label) - len(stripped)
    shift = len(shown) - len(tail) - tail_at if shown.endswith(tail) else -first
    out: list[tuple[int, int]] = []
    for start, end in spans:
        if start < kept:
            out.append((start, min(end, kept)))
        if end > first:
            out.append((max(start, first) + shift, end + shift))
    return out
