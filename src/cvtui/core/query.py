"""The search query language: fzf's operators plus field scopes, kinds and years.

``self-play 'exact ^prefix suffix$ !not a | b author:liu title:safe venue:iclr org:pku
topic:CL kind:papers year:2019..2023 year:>=2020``

Spaces join terms with AND; ``|`` between terms makes an OR group. Parsing never fails: a
part that cannot be understood is searched as plain text and described in
:attr:`Query.problems`, so the screen can say what was not understood.

Only an empty query (or one of filters alone: ``kind:papers year:2024``) matches every item.
A term needs a letter or a digit to search for: one made of operators and punctuation alone
(``'``, ``''''``, ``^^^``, ``$$``, ``!``, ``|||``, ``—``) is ignored with a note, and a query
whose every term was ignored matches nothing (:attr:`Query.matches_nothing`), never
everything.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Literal

from .text import fold

__all__ = [
    "FIELD_SCOPES",
    "KINDS",
    "Mode",
    "Query",
    "Term",
    "YearRange",
    "parse_query",
    "words_of",
]

Mode = Literal["fuzzy", "exact", "prefix", "suffix", "equal"]

#: Scopes a term can be limited to; what each covers depends on the kind of item.
FIELD_SCOPES = ("author", "title", "venue", "org", "topic")
_SCOPE_ALIASES = {
    "author": "author",
    "authors": "author",
    "by": "author",
    "name": "author",
    "person": "author",
    "title": "title",
    "venue": "venue",
    "in": "venue",
    "org": "org",
    "orgs": "org",
    "at": "org",
    "inst": "org",
    "institution": "org",
    "topic": "topic",
    "topics": "topic",
    "cat": "topic",
    "category": "topic",
    "interest": "topic",
}
KINDS = ("people", "papers", "events")
_KIND_ALIASES = {
    "people": "people",
    "person": "people",
    "persons": "people",
    "paper": "papers",
    "papers": "papers",
    "pub": "papers",
    "pubs": "papers",
    "event": "events",
    "events": "events",
    "timeline": "events",
}
_YEAR_MIN, _YEAR_MAX = 1000, 2999
_YEAR_RE = re.compile(r"^(\d{4})$")
_RANGE_RE = re.compile(r"^(\d{4})?\s*(?:\.\.|-)\s*(\d{4})?$")
_COMPARE_RE = re.compile(r"^(>=|<=|>|<|=)\s*(\d{4})$")
_SCOPE_RE = re.compile(r"^([A-Za-z]{1,16}):(.*)$", re.S)
_WORD_RE = re.compile(r"[^\W_]+")
_MAX_TERMS = 32
_MAX_TERM_CHARS = 200


def words_of(text: str) -> list[str]:
    """The folded words of ``text`` (letters and digits; everything else separates)."""
    return _WORD_RE.findall(fold(text))


@dataclass(frozen=True, slots=True)
class YearRange:
    """Inclusive years; ``None`` leaves that side open."""

    low: int | None
    high: int | None

    def contains(self, year: int) -> bool:
        return (self.low is None or year >= self.low) and (self.high is None or year <= self.high)

    def overlaps(self, first: int, last: int) -> bool:
        return (self.low is None or last >= self.low) and (self.high is None or first <= self.high)


@dataclass(frozen=True, slots=True)
class Term:
    """One thing every hit must (or, negated, must not) match.

    ``text`` is what was typed (case kept, for smart case); ``needle`` is its folded form and
    ``words`` the folded words used to find candidates in the index.
    """

    text: str
    mode: Mode = "fuzzy"
    scope: str | None = None
    negated: bool = False

    @property
    def needle(self) -> str:
        return fold(self.text)

    @property
    def words(self) -> tuple[str, ...]:
        return tuple(words_of(self.text))

    @property
    def case_sensitive(self) -> bool:
        """Smart case: a term with an upper-case letter matches case exactly."""
        return self.text != self.text.lower()


@dataclass(slots=True)
class Query:
    """A parsed query: AND of OR-groups of terms, plus kind and year filters."""

    raw: str
    groups: list[tuple[Term, ...]] = field(default_factory=list)
    kinds: frozenset[str] | None = None
    years: YearRange | None = None
    problems: list[str] = field(default_factory=list)
    matches_nothing: bool = False
    """Text was typed but no term has anything to search for (``'``, ``!``): no item
    matches, not every item as for an empty query."""

    @property
    def is_empty(self) -> bool:
        """No term and no filter: every item matches."""
        return (
            not self.groups
            and self.kinds is None
            and self.years is None
            and not self.matches_nothing
        )

    @property
    def positive_groups(self) -> list[tuple[Term, ...]]:
        return [g for g in self.groups if not all(t.negated for t in g)]

    @property
    def negative_terms(self) -> list[Term]:
        return [g[0] for g in self.groups if len(g) == 1 and g[0].negated]


def _shown(text: str, limit: int = 40) -> str:
    text = "".join(ch if ch.isprintable() else "\ufffd" for ch in text)
    return text if len(text) <= limit else text[: limit - 1] + "…"


def _parse_year(value: str) -> YearRange | None:
    value = value.strip()
    match = _YEAR_RE.match(value)
    if match:
        year = int(match.group(1))
        return YearRange(year, year) if _YEAR_MIN <= year <= _YEAR_MAX else None
    match = _COMPARE_RE.match(value)
    if match:
        op, year = match.group(1), int(match.group(2))
        if not _YEAR_MIN <= year <= _YEAR_MAX:
            return None
        return {
            ">=": YearRange(year, None),
            ">": YearRange(year + 1, None),
            "<=": YearRange(None, year),
            "<": YearRange(None, year - 1),
            "=": YearRange(year, year),
        }[op]
    match = _RANGE_RE.match(value)
    if match and (match.group(1) or match.group(2)):
        low = int(match.group(1)) if match.group(1) else None
        high = int(match.group(2)) if match.group(2) else None
        if low is not None and high is not None and low > high:
            low, high = high, low
        for bound in (low, high):
            if bound is not None and not _YEAR_MIN <= bound <= _YEAR_MAX:
                return None
        return YearRange(low, high)
    return None


def _intersect_years(a: YearRange | None, b: YearRange) -> YearRange:
    if a is None:
        return b
    lows = [y for y in (a.low, b.low) if y is not None]
    highs = [y for y in (a.high, b.high) if y is not None]
    return YearRange(max(lows) if lows else None, min(highs) if highs else None)


def _term(token: str, problems: list[str]) -> Term | None:
    """One term from one space-free token (scope and operators included)."""
    original = token
    negated = False
    scope: str | None = None
    if token.startswith("!"):
        negated, token = True, token[1:]
    match = _SCOPE_RE.match(token)
    if match and match.group(1).lower() in _SCOPE_ALIASES:
        scope = _SCOPE_ALIASES[match.group(1).lower()]
        token = match.group(2)
        if token.startswith("!") and not negated:
            negated, token = True, token[1:]
    elif (
        match and match.group(2) and match.group(1).isalpha() and not match.group(2).startswith("/")
    ):
        problems.append(
            f"{_shown(match.group(1))}: is not a search field "
            f"(author, title, venue, org, topic, kind, year); searched as text"
        )
    mode: Mode = "fuzzy"
    if token.startswith("'"):
        mode, token = "exact", token[1:]
        if token.endswith("'") and len(token) > 1:
            token = token[:-1]
    elif token.startswith("^"):
        if token.endswith("$") and len(token) > 2:
            mode, token = "equal", token[1:-1]
        else:
            mode, token = "prefix", token[1:]
    elif token.endswith("$") and len(token) > 1:
        mode, token = "suffix", token[:-1]
    if not words_of(token):
        if scope is None and (negated or mode != "fuzzy") and token == "":
            problems.append(f"{_shown(original)} needs text after the operator; ignored")
        elif token:
            problems.append(f"{_shown(original)} has no letter or digit to search for; ignored")
        return None
    return Term(token[:_MAX_TERM_CHARS], mode, scope, negated)


def _bare_scope(token: str) -> bool:
    """``author:`` with nothing after it yet: a field being typed, not text to search for."""
    match = _SCOPE_RE.match(token.lstrip("!"))
    return bool(match and not match.group(2) and match.group(1).lower() in _SCOPE_ALIASES)


def parse_query(raw: str) -> Query:
    """Parse ``raw``; never raises. Problems are described in :attr:`Query.problems`."""
    query = Query(raw)
    problems = query.problems
    tokens = raw.split()
    groups: list[list[Term]] = []
    joining = False  # the previous token was "|": the next term joins the last group
    ignored = False  # a token was typed as text and gave no term
    for index, token in enumerate(tokens):
        if token == "|":
            ignored = True
            if not groups or joining or index == len(tokens) - 1:
                problems.append("| needs a term on both sides; ignored")
            joining = bool(groups)
            continue
        # "a|b" written without spaces is an OR too.
        filter_token = token.lower().startswith(("kind:", "year:"))
        splits = "|" in token and not token.startswith("'") and not filter_token
        parts = token.split("|") if splits else [token]
        if len(parts) > 1 and not all(parts):
            problems.append(f"{_shown(token)}: | needs a term on both sides; empty side ignored")
        parts = [p for p in parts if p]
        if not parts:
            ignored = True
            continue
        head = parts[0]
        lowered = head.lower()
        if len(parts) == 1 and (lowered.startswith("kind:") or lowered.startswith("year:")):
            name, _, value = head.partition(":")
            if name.lower() == "kind":
                kinds = {_KIND_ALIASES.get(v.lower()) for v in re.split(r"[|,]", value) if v}
                if value and None not in kinds:
                    found = frozenset(k for k in kinds if k is not None)
                    query.kinds = found if query.kinds is None else query.kinds & found
                    joining = False
                    continue
                if value:
                    problems.append(
                        f"{_shown(head)}: kind is people, papers or events; searched as text"
                    )
                else:
                    joining = False
                    continue
            else:
                years = _parse_year(value) if value else None
                if years is not None:
                    query.years = _intersect_years(query.years, years)
                    joining = False
                    continue
                if value:
                    problems.append(f"{_shown(head)} is not a year; searched as text")
                else:
                    joining = False
                    continue
            terms = [Term(head[:_MAX_TERM_CHARS])] if words_of(head) else []
        else:
            terms = [t for t in (_term(p, problems) for p in parts) if t is not None]
        if not terms:
            ignored = ignored or not _bare_scope(head)
            joining = False
            continue
        if joining and groups:
            groups[-1].extend(terms)
        else:
            groups.append(terms)
        joining = False
    if len(groups) > _MAX_TERMS:
        problems.append(f"only the first {_MAX_TERMS} terms are used")
        groups = groups[:_MAX_TERMS]
    for group in groups:
        if len(group) > 1 and any(t.negated for t in group) and not all(t.negated for t in group):
            problems.append("a negated term inside an | group matches almost everything")
    query.groups = [tuple(g) for g in groups]
    if ignored and not groups:
        query.matches_nothing = True
        problems.append("no term has a letter or digit to search for: nothing matches")
    if query.kinds is not None and not query.kinds:
        problems.append("the kind: filters exclude each other; nothing can match")
    return query
