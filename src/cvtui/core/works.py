"""Paper entries → works: one paper held by several profiles is one work.

A lab's members list their joint papers each in their own profile; a community directory
holds almost every paper several times. Profiles keep their own entries (nothing is written
back); the library groups them, once, by these rules (docs/profile-format.md, "Works"):

1. **The same stable identifier** — DOI, arXiv id, ACL Anthology id, OpenReview id, DBLP
   key, OpenAlex work id, Semantic Scholar paper id, or the URL of the paper's page
   (:mod:`cvtui.core.identifiers`) — is the same work.
2. **Without a shared identifier**, the same normalised title (case, accents, punctuation,
   LaTeX commands and braces ignored), compatible years (at most one apart; two when one
   of them is a preprint), at least one author in common (by last name; an entry without
   authors counts its profile's owner) and one venue (unless either gives none or is a
   preprint: ``NeurIPS 2023`` and its full name are one venue, a workshop and a conference
   are two) is the same work — a preprint and its published version are one work, showing
   both.
3. **Never** when the two carry different values of an identifier a work has only one of
   (two DOIs, two Anthology ids…), and generic titles ("Introduction", "Preface",
   "Findings of the … Shared Task", "Proceedings of …") join only within one venue and year.

Each work keeps why its entries were grouped (:attr:`Work.reasons`).
"""

from __future__ import annotations

import re
from collections import defaultdict
from collections.abc import Sequence
from typing import TYPE_CHECKING, NamedTuple

from .authors import surname_key
from .bounds import bounded
from .identifiers import CONFLICTING_SCHEMES, paper_identifiers, title_key

if TYPE_CHECKING:
    from .model import Paper, PaperLinks, Person

__all__ = [
    "EntryKey",
    "EntryKeys",
    "Work",
    "group_entries",
    "group_works",
    "is_generic_title",
    "key_of",
    "unique_key",
    "work_key",
]

_GENERIC_RE = re.compile(
    r"^(?:"
    r"introduction|preface|foreword|editorial|prologue|epilogue|front ?matter|back ?matter"
    r"|contents|table of contents|index|author index|subject index|program(?:me)?"
    r"|conference program|workshop program|invited talks?|keynote(?: address| talk)?"
    r"|panel(?: discussion)?|tutorials?|book reviews?|briefly noted|errat(?:um|a)"
    r"|corrigend(?:um|a)|obituary|announcements?|letters? to the editor|abstracts?"
    r"|opening remarks|closing remarks|welcome(?: message)?|acknowledg(?:e)?ments|reviewers"
    r"|(?:programme |program |organi[sz]ing )?committees?|squibs(?: and discussions)?"
    r"|(?:in )?memoriam|news|discussion|summary|conclusions?"
    r"|(?:findings|overview|results|report) of the .*"
    r"|proceedings of .*"
    r")$"
)
_YEARS_APART = 1
_PREPRINT_YEARS_APART = 2


class Work(NamedTuple):
    """One work: the entries (indexes into ``Library.entries``) that are this paper.

    ``key`` is stable while the entries are: their strongest identifier, else the title
    key and year (``doi:10.18653/v1/p17-1001``, ``title:bert pre training…:2019``).
    ``reasons`` say why the entries were grouped (empty for a work of one entry).
    """

    key: str
    entries: tuple[int, ...]
    reasons: tuple[str, ...] = ()


def is_generic_title(key: str) -> bool:
    """Whether a title key is one that many different works share (``preface``…)."""
    return bool(_GENERIC_RE.match(key))


def _year(paper: Paper) -> int | None:
    if paper.year is not None:
        return paper.year
    return paper.date.year if paper.date is not None else None


def _is_preprint(paper: Paper) -> bool:
    return paper.type == "preprint"


def work_key(paper: Paper) -> str:
    """The key a work of this entry alone would have (see :class:`Work`)."""
    ids = paper_identifiers(*_id_key(paper.links))
    return ids[0] if ids else f"title:{title_key(paper.title)}:{_year(paper) or ''}"


def _id_key(links: PaperLinks) -> tuple[str, str, str, str, str, str, str]:
    """The links that identify a paper, in :func:`paper_identifiers` order."""
    return (
        links.doi,
        links.arxiv,
        links.url,
        links.pdf,
        links.dblp,
        links.openalex,
        links.semantic_scholar,
    )


class EntryKey(NamedTuple):
    """What grouping compares of one entry (worked out once per entry)."""

    ids: tuple[str, ...]
    title: str
    year: int | None
    preprint: bool
    surnames: frozenset[str]
    venue: str


class EntryKeys:
    """Makes each entry's keys, each distinct value worked out once (a community set holds
    most papers several times, and a shared cache makes equal values one object)."""

    def __init__(self) -> None:
        self.ids: dict[tuple[str, ...], tuple[str, ...]] = {}
        self.titles: dict[str, str] = {}
        self.venues: dict[str, str] = {}
        self.surnames: dict[tuple[str, ...], frozenset[str]] = {}

    def entry(self, paper: Paper, owner: Person) -> EntryKey:
        id_key = _id_key(paper.links)
        ids = self.ids.get(id_key)
        if ids is None:
            ids = self.ids[id_key] = tuple(paper_identifiers(*id_key)) if any(id_key) else ()
        title = self.titles.get(paper.title)
        if title is None:
            title = self.titles[paper.title] = title_key(paper.title)
        venue = self.venues.get(paper.venue)
        if venue is None:
            venue = self.venues[paper.venue] = venue_key(paper.venue)
        names = tuple(bounded(paper.authors)) or (owner.name,)
        surnames = self.surnames.get(names)
        if surnames is None:
            surnames = self.surnames[names] = frozenset(filter(None, map(surname_key, names)))
        return EntryKey(ids, title, _year(paper), _is_preprint(paper), surnames, venue)


class _Groups:
    """Union–find over entries; a group's identifiers are gathered only when a title match
    needs to check them for a conflict (identifiers alone never conflict)."""

    def __init__(self, entries: Sequence[EntryKey]) -> None:
        self.entries = entries
        self.parent = list(range(len(entries)))
        self.reasons: dict[int, list[str]] = {}
        self._schemes: dict[int, dict[str, set[str]]] = {}
        self._members: dict[int, list[int]] | None = None

    def find(self, i: int) -> int:
        parent = self.parent
        root = i
        while parent[root] != root:
            root = parent[root]
        while parent[i] != root:
            parent[i], i = root, parent[i]
        return root

    def _schemes_of(self, root: int) -> dict[str, set[str]]:
        found = self._schemes.get(root)
        if found is None:
            if self._members is None:
                self._members = defaultdict(list)
                for i in range(len(self.parent)):
                    self._members[self.find(i)].append(i)
            found = defaultdict(set)
            for i in self._members.get(root, (root,)):
                for ident in self.entries[i].ids:
                    scheme, _, value = ident.partition(":")
                    found[scheme].add(value)
            self._schemes[root] = found
        return found

    def conflict(self, a: int, b: int) -> bool:
        sa, sb = self._schemes_of(a), self._schemes_of(b)
        return any(
            scheme in sb and not (values & sb[scheme])
            for scheme, values in sa.items()
            if scheme in CONFLICTING_SCHEMES
        )

    def union(self, a: int, b: int, reason: str) -> int:
        ra, rb = self.find(a), self.find(b)
        if ra == rb:
            return ra
        if rb < ra:
            ra, rb = rb, ra
        self.parent[rb] = ra
        if self._members is not None:  # the title stage: keep members and identifiers
            self._members[ra].extend(self._members.pop(rb, (rb,)))
            sa, sb = self._schemes.pop(ra, None), self._schemes.pop(rb, None)
            if sa is not None and sb is not None:
                for scheme, values in sb.items():
                    sa.setdefault(scheme, set()).update(values)
                self._schemes[ra] = sa
        reasons = self.reasons.get(ra)
        if reasons is None:
            reasons = self.reasons[ra] = []
        moved = self.reasons.pop(rb, None)
        if moved:
            reasons.extend(moved)
        if reason not in reasons:
            reasons.append(reason)
        return ra


def _years_fit(a: EntryKey, b: EntryKey) -> bool:
    if a.year is None or b.year is None:
        return True
    apart = _PREPRINT_YEARS_APART if a.preprint != b.preprint else _YEARS_APART
    return abs(a.year - b.year) <= apart


_SCHEME_NAMES = {
    "doi": "DOI",
    "arxiv": "arXiv id",
    "acl": "ACL Anthology id",
    "openreview": "OpenReview id",
    "url": "page URL",
    "dblp": "DBLP key",
    "openalex": "OpenAlex id",
    "s2": "Semantic Scholar id",
}


def group_works(papers: Sequence[Paper], owners: Sequence[Person]) -> tuple[list[Work], list[int]]:
    """Group entries (``papers[i]`` held by ``owners[i]``) into works.

    Returns the works, ordered by their first entry, and each entry's work number.
    """
    keys = EntryKeys()
    return group_entries([keys.entry(p, o) for p, o in zip(papers, owners, strict=True)])


def group_entries(entries: Sequence[EntryKey]) -> tuple[list[Work], list[int]]:
    """:func:`group_works` over entries whose keys are already known."""
    groups = _Groups(entries)
    first_with: dict[str, int] = {}
    for i, entry in enumerate(entries):
        for ident in entry.ids:
            seen = first_with.setdefault(ident, i)
            if seen != i:
                scheme, _, value = ident.partition(":")
                groups.union(seen, i, f"same {_SCHEME_NAMES.get(scheme, scheme)} {value}")
    by_title: dict[str, list[int]] = defaultdict(list)
    for i, entry in enumerate(entries):
        if entry.title:
            by_title[entry.title].append(i)
    for key, members in by_title.items():
        if len(members) < 2:
            continue
        generic = is_generic_title(key)
        # Compare each entry with the groups met so far under this title (few, in practice).
        seen_roots: list[int] = []
        for i in members:
            entry = entries[i]
            root_i = groups.find(i)
            for n, root in enumerate(seen_roots):
                root = groups.find(root)
                seen_roots[n] = root
                if root == root_i:
                    break
                other = entries[root]
                if generic and (other.venue != entry.venue or other.year != entry.year):
                    continue
                if not _title_match_fits(entries, groups, root, i):
                    continue
                root_i = groups.union(root, i, _title_reason(entry, other))
                seen_roots[n] = root_i
                break
            else:
                seen_roots.append(root_i)
    return _collect(entries, groups)


def venue_key(venue: str) -> str:
    """A venue as grouping compares it: short names spelled out (``NeurIPS 2023`` and
    ``Advances in Neural Information Processing Systems`` are one), years and ordinals out."""
    if not venue:
        return ""
    from .exchange.venues import full_venue

    bare = _PROCEEDINGS_RE.sub("", venue)
    words = title_key(full_venue(venue) or full_venue(bare) or venue).split()
    return " ".join(w for w in words if not _NUMBERISH_RE.fullmatch(w))


_PROCEEDINGS_RE = re.compile(r"^\s*(?:in\s+)?(?:proceedings|proc\.?)\s+(?:of\s+)?(?:the\s+)?", re.I)
_NUMBERISH_RE = re.compile(r"\d+(?:st|nd|rd|th)?|proceedings|proc|of|the|in")
_PREPRINT_VENUE_RE = re.compile(r"\b(?:arxiv|corr|e ?prints?|biorxiv|medrxiv|ssrn|preprint)\b")


def _venues_fit(a: EntryKey, b: EntryKey) -> bool:
    """Whether two entries' venues can be one work's: unless both name a venue and neither
    is a preprint server, the two venues must be one (a workshop paper and its conference
    version are two works, as they are two entries of a CV)."""
    if not a.venue or not b.venue or a.venue == b.venue or a.preprint or b.preprint:
        return True
    if _PREPRINT_VENUE_RE.search(a.venue) or _PREPRINT_VENUE_RE.search(b.venue):
        return True
    if a.venue in b.venue or b.venue in a.venue:
        return True
    from rapidfuzz import fuzz

    return bool(fuzz.token_set_ratio(a.venue, b.venue) >= 80)


def _title_match_fits(entries: Sequence[EntryKey], groups: _Groups, root: int, i: int) -> bool:
    """Whether entry ``i`` fits the group at ``root`` on title grounds (years, authors,
    venues, ids)."""
    a, b = entries[root], entries[i]
    if not _years_fit(a, b) or not _venues_fit(a, b):
        return False
    if a.surnames and b.surnames and not (a.surnames & b.surnames):
        return False
    return not groups.conflict(groups.find(root), groups.find(i))


def _title_reason(entry: EntryKey, other: EntryKey) -> str:
    years = sorted({y for y in (entry.year, other.year) if y is not None})
    when = "–".join(map(str, years)) if years else "no year"
    common = sorted(entry.surnames & other.surnames)
    who = f", authors in common ({', '.join(common[:3])})" if common else ""
    return f"same title, years {when}{who}"


def _collect(entries: Sequence[EntryKey], groups: _Groups) -> tuple[list[Work], list[int]]:
    members: dict[int, list[int]] = defaultdict(list)
    for i in range(len(entries)):
        members[groups.find(i)].append(i)
    works: list[Work] = []
    entry_work = [0] * len(entries)
    used: set[str] = set()
    for root in sorted(members, key=lambda r: members[r][0]):
        held = members[root]
        number = len(works)
        for i in held:
            entry_work[i] = number
        key = unique_key(_strongest([key_of(entries[i]) for i in held]), used)
        works.append(Work(key, tuple(held), tuple(groups.reasons.get(root, ()))))
    return works, entry_work


def key_of(entry: EntryKey) -> str:
    """The key of a work of this entry alone (see :class:`Work`)."""
    return entry.ids[0] if entry.ids else f"title:{entry.title}:{entry.year or ''}"


def unique_key(key: str, used: set[str]) -> str:
    """``key``, or ``key#2``, ``key#3``… when another work has it (two works titled
    *Preface* in one year, in different venues); adds the result to ``used``."""
    found, n = key, 1
    while found in used:
        n += 1
        found = f"{key}#{n}"
    used.add(found)
    return found


_KEY_ORDER = {"doi": 0, "arxiv": 1, "acl": 2, "openreview": 3, "url": 4, "title": 5}


def _strongest(keys: Sequence[str]) -> str:
    return min(keys, key=lambda k: (_KEY_ORDER.get(k.partition(":")[0], 9), k))
