"""What the views ask of the shell: each jump or change of context is a message.

Views never call the app: they post one of these and the shell (:mod:`cvtui.app`) handles it
with ``@on``, records the step in the history and shows the place. Everything here is a plain
dataclass, so a view, a test or the command palette builds one the same way.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from textual.message import Message

__all__ = [
    "ContextChanged",
    "Jump",
    "MarksChanged",
    "OpenEntry",
    "OpenEvent",
    "OpenHit",
    "OpenLink",
    "OpenPaper",
    "OpenPapersOf",
    "OpenPerson",
    "OpenTimeline",
    "OpenWorks",
]


@dataclass
class Jump(Message):
    """Any of the jumps below: the shell records a step of the history, then goes there."""


@dataclass
class OpenPerson(Jump):
    """The People view, the cursor on this person."""

    person_id: str


@dataclass
class OpenPaper(Jump):
    """The Papers view, the cursor on work ``index``; ``via`` is the person it was opened from
    (the person the Papers view is then about), or None."""

    index: int
    via: str | None = None


@dataclass
class OpenEntry(Jump):
    """A person's card, the cursor on one of their entries (education, experience…)."""

    person_id: str
    kind: str
    ref: int


@dataclass
class OpenEvent(Jump):
    """The Timeline of this person, the cursor on one of their facts."""

    person_id: str
    kind: str
    ref: int


@dataclass
class OpenTimeline(Jump):
    """The Timeline of this person (with the marked people)."""

    person_id: str


@dataclass
class OpenPapersOf(Jump):
    """The papers of this person (None: all papers); ``work`` keeps the cursor on one."""

    person_id: str | None
    work: int | None = None


@dataclass
class OpenWorks(Jump):
    """Exactly these works in the Papers view, under ``title`` (from Insights)."""

    title: str
    works: Sequence[int]


@dataclass
class OpenLink(Message):
    """A URL from a profile: opened in a browser where that is safe, else shown and copied."""

    url: str


@dataclass
class ContextChanged(Message):
    """The person the shown item belongs to changed ("this person" of the other views)."""

    person_id: str | None


@dataclass
class MarksChanged(Message):
    """The people marked with space in the People list."""

    person_ids: frozenset[str]


@dataclass
class OpenHit(Jump):
    """A hit of the search over everything (the palette's or the search screen's)."""

    hit: object
