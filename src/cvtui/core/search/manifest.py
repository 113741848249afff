"""What an index on disk describes: per profile file its source number, stamp and person.

A library *wants* of the index its files, each with the stamp it had when read (or none, when
it was read too soon after an edit to be trusted) and the person it gave. Comparing what is
wanted with the manifest tells which files to index again and which to drop; a fingerprint of
the whole spares the next process the comparison when nothing changed.
"""

from __future__ import annotations

import hashlib
import weakref
from collections.abc import Mapping
from itertools import repeat
from operator import attrgetter
from typing import TYPE_CHECKING

import msgspec

if TYPE_CHECKING:
    from ..model import Library
    from ..provenance import Stamp

__all__ = [
    "FileEntry",
    "Manifest",
    "Wanted",
    "changed_files",
    "fingerprint",
    "matches_stamps",
    "person_index",
    "person_keys",
    "wanted_of",
    "wanted_print",
]


class FileEntry(msgspec.Struct, array_like=True):
    src: int
    stamp: tuple[int, int, int, int]  # size -1: not trusted as unchanged (a racy read)
    person: str  # the id of its person in the library, "" when it gave none

    @property
    def size(self) -> int:
        return self.stamp[0]


class Manifest(msgspec.Struct):
    format: str
    token: str
    roots: list[str]
    next_src: int
    files: dict[str, FileEntry]
    fingerprint: str = ""  # of the files as a library wanted them (see :func:`fingerprint`)
    prose: list[int] = msgspec.field(default_factory=list)  # kinds with long prose somewhere


class Wanted(dict[str, tuple["Stamp | None", str]]):
    """Per file (absolute path): its stamp (None: re-index it) and its person's id ("" for
    none); its :func:`fingerprint` worked out once."""

    print: str = ""


def wanted_print(wanted: Wanted) -> str:
    if not wanted.print:
        trusted = all(stamp is not None for stamp, _ in wanted.values())
        # A file that cannot be trusted as unchanged is indexed again: no shortcut then.
        wanted.print = fingerprint(wanted) if trusted else "-"
    return wanted.print


_KEYS: weakref.WeakKeyDictionary[Library, tuple[object, list[str], dict[str, int]]] = (
    weakref.WeakKeyDictionary()
)
"""Per library (while it lives, and for the origin it had): :func:`person_keys` and
:func:`person_index`, which an edit's update asks for several times (a pass over every
file each, 10,000 at a time)."""
_ID = attrgetter("id")


def _keys_of(library: Library) -> tuple[object, list[str], dict[str, int]]:
    origin = library.origin
    found = _KEYS.get(library)
    if found is None or found[0] is not origin:  # (the loader sets the origin once made)
        if origin is None:
            keys = [f"#{i}" for i in range(len(library.people))]
        else:
            keys = list(map(origin.keys.get, library.sources, library.sources))
        found = (origin, keys, dict(zip(keys, range(len(keys)), strict=True)))
        _KEYS[library] = found
    return found


def person_keys(library: Library) -> list[str]:
    """The file each person of ``library`` came from, as the index names it (do not
    change the list: it is kept for the library)."""
    return _keys_of(library)[1]


def person_index(library: Library) -> dict[str, int]:
    """Each file of :func:`person_keys` → its person's number (kept, as that list)."""
    return _keys_of(library)[2]


def wanted_of(library: Library) -> Wanted:
    """What the index must hold for ``library``: its files and the person each gave."""
    people = dict(zip(person_keys(library), map(_ID, library.people), strict=True))
    origin = library.origin
    stamps: Mapping[str, Stamp | None] = origin.stamps if origin is not None else {}
    wanted = Wanted(
        zip(
            stamps,
            zip(stamps.values(), map(people.get, stamps, repeat("")), strict=True),
            strict=True,
        )
    )
    if not people.keys() <= wanted.keys():  # a person from a file with no stamp
        for key, pid in people.items():
            if key not in wanted:
                wanted[key] = (None, pid)
    return wanted


def fingerprint(wanted: Wanted) -> str:
    """A digest of what a library wants of the index: equal for the next process that loads
    the same files, so it need not compare them one by one."""
    encoded = msgspec.msgpack.encode(list(wanted.items()))
    return hashlib.blake2b(encoded, digest_size=16).hexdigest()


def changed_files(manifest: Manifest, wanted: Wanted) -> tuple[list[str], list[str]]:
    """The files to index again, and those to drop."""
    known = manifest.fingerprint
    if known not in ("", "-") and known == wanted_print(wanted):
        return [], []
    files = manifest.files
    changed = []
    for name, (stamp, person) in wanted.items():
        entry = files.get(name)
        if (
            entry is None
            or stamp is None
            or entry.size < 0
            or entry.stamp != stamp
            or entry.person != person
        ):
            changed.append(name)
    removed = [name for name in files if name not in wanted]
    return changed, removed


def matches_stamps(manifest: Manifest, stamps: Mapping[str, Stamp | None]) -> bool:
    """Whether the index describes exactly these files, each unchanged."""
    files = manifest.files
    if files.keys() != stamps.keys():
        return False
    for name, stamp in stamps.items():
        entry = files[name]
        if stamp is None or entry.size < 0 or entry.stamp != stamp:
            return False
    return True
