"""What an index on disk describes: per profile file its source number, stamp and person.

A library *wants* of the index its files, each with the stamp it had when read (or none, when
it was read too soon after an edit to be trusted) and the person it gave. Comparing what is
wanted with the manifest tells which files to index again and which to drop; a fingerprint of
the whole spares the next process the comparison when nothing changed.
"""

from __future__ import annotations

import hashlib
from collections.abc import Mapping
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


def person_keys(library: Library) -> list[str]:
    """The file each person of ``library`` came from, as the index names it."""
    origin = library.origin
    if origin is None:
        return [f"#{i}" for i in range(len(library.people))]
    return [origin.keys.get(name, name) for name in library.sources]


def wanted_of(library: Library) -> Wanted:
    """What the index must hold for ``library``: its files and the person each gave."""
    people = dict(zip(person_keys(library), (p.id for p in library.people), strict=True))
    origin = library.origin
    stamps: Mapping[str, Stamp | None] = origin.stamps if origin is not None else {}
    wanted = Wanted((key, (stamp, people.get(key, ""))) for key, stamp in stamps.items())
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
