"""Parsed terms as tantivy queries over one kind's fields.

A term's words must each match somewhere in the fields its scope names (an unscoped term
looks through the ``short`` block and, for the full search, the ``long`` one). How one word
matches follows the term's operator (the role, see :func:`word_role`):

- ``f`` fuzzy: the word, a word it begins, or one within a typo or two of it (or of its
  beginning, for a word still being typed): 1 edit from 4 letters, 2 from 8;
- ``s`` a word containing it (``'part``); ``e`` a word ending with it (``suffix$``, and the
  first word of a quoted phrase); ``p`` a word beginning with it (``^prefix``, the last word
  of a phrase); ``x`` the word itself (the middle of a phrase).

``^`` and ``$`` look only at the first or last word of each value. What the index cannot
tell (a whole phrase, upper case) is checked against the text afterwards (:mod:`.checks`).
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import NamedTuple

import tantivy

from ..query import Query, Term, YearRange
from .checks import as_exact, needs_check
from .documents import LONG_SCOPES, KindSpec
from .engine import SCHEMA, agg, kind_query, text
from .folding import cased
from .ranking import WordMatch

__all__ = ["Plan", "fields_for", "plan_for", "typo_distance", "word_role"]

Q = tantivy.Query
Occur = tantivy.Occur


def typo_distance(length: int) -> int:
    """Edits forgiven in a word of ``length`` characters."""
    return 0 if length < 4 else 1 if length < 8 else 2


def word_role(term: Term, n: int, last: int) -> str:
    """How word ``n`` of ``term`` (``last`` its last index) matches words of the index."""
    mode = term.mode
    if mode == "fuzzy":
        return "f"
    if mode == "exact" and last == 0:
        return "s"
    if n == 0 and mode in ("exact", "suffix"):
        return "e"
    if n == last and mode in ("exact", "prefix"):
        return "p"
    return "x"


def fields_for(spec: KindSpec, scope: str | None, full: bool) -> tuple[int, ...]:
    """Positions of the fields a term with ``scope`` searches: short ones, or all if ``full``."""
    return tuple(
        i
        for i, f in enumerate(spec.fields)
        if (full or not f.long) and (scope is None or scope in f.scopes)
    )


def _targets(spec: KindSpec, scope: str | None, full: bool) -> list[str]:
    """The tantivy fields a term with ``scope`` looks through."""
    if scope is None:
        found = [agg(spec, "short")]
    else:
        found = [text(f.name) for f in spec.fields if not f.long and scope in f.scopes]
    if full and any(f.long for f in spec.fields) and (scope is None or scope in LONG_SCOPES):
        found.append(agg(spec, "long"))
    return found


Vocabulary = Callable[[str], "Sequence[str] | None"]
"""``role:field:part`` → the words of ``field`` holding (``s``) or ending with (``e``) the
part, when the field's words have been read (see ``Snapshot.vocabulary``)."""


def _no_vocabulary(field: str) -> Sequence[str] | None:
    return None


def _word_query(
    field: str,
    word: str,
    role: str,
    block: bool = False,
    vocabulary: Vocabulary = _no_vocabulary,
) -> tantivy.Query:
    if block and len(word) == 1 and role in ("f", "p", "s"):
        variant = "letters" if role == "s" else "initial"
        return Q.term_query(SCHEMA, f"{field}_{variant}", word)
    if role in ("s", "e"):
        found = vocabulary(f"{role}:{field}:{word}")
        if found is not None:
            # The field's words are at hand: picking those holding the part is quicker
            # than a regular expression walking every word of the index.
            return Q.term_set_query(SCHEMA, field, list(found)) if found else Q.empty_query()
    if role == "f":
        n = len(word)
        distance = typo_distance(n)
        if distance == 0:
            return Q.fuzzy_term_query(SCHEMA, field, word, distance=0, prefix=True)
        if n == 4:  # a typo in the whole word, or a word it begins: not a typo in its start
            return Q.boolean_query(
                [
                    (Occur.Should, Q.fuzzy_term_query(SCHEMA, field, word, distance=1)),
                    (Occur.Should, Q.fuzzy_term_query(SCHEMA, field, word, 0, prefix=True)),
                ]
            )
        return Q.fuzzy_term_query(SCHEMA, field, word, distance=distance, prefix=True)
    if role == "s":
        return Q.regex_query(SCHEMA, field, f".*{word}.*")
    if role == "e":
        return Q.regex_query(SCHEMA, field, f".*{word}")
    if role == "p":
        return Q.fuzzy_term_query(SCHEMA, field, word, distance=0, prefix=True)
    return Q.term_query(SCHEMA, field, word)


def _must(queries: Sequence[tantivy.Query]) -> tantivy.Query:
    return queries[0] if len(queries) == 1 else Q.boolean_query([(Occur.Must, q) for q in queries])


def _should(queries: Sequence[tantivy.Query]) -> tantivy.Query:
    if len(queries) == 1:
        return queries[0]
    return Q.boolean_query([(Occur.Should, q) for q in queries])


def cased_in_index(term: Term) -> bool:
    """Whether the index alone tells which items match a term with upper case: one word,
    not scoped, looked up among the words written with upper case (``cased`` blocks)."""
    return term.case_sensitive and term.scope is None and len(term.words) == 1


def _anchored_in_scope(term: Term) -> bool:
    """``title:^word``: the index knows the first and last words of the values of a kind's
    short (or long) fields together, not of each field: the field is checked after."""
    return term.scope is not None and term.mode in ("prefix", "suffix", "equal")


def phrase_in_index(term: Term) -> bool:
    """A quoted phrase, not scoped and in lower case: matched as a phrase by the index (its
    blocks keep word positions)."""
    return (
        term.mode == "exact"
        and term.scope is None
        and not term.case_sensitive
        and len(term.words) > 1
    )


def checked(term: Term, phrases: bool = True) -> bool:
    """Whether candidates for ``term`` are checked against their text (``phrases``: whether
    the index answers quoted phrases; see :func:`phrase_in_index`)."""
    if phrases and phrase_in_index(term):
        return False
    return (needs_check(term) and not cased_in_index(term)) or _anchored_in_scope(term)


def _phrase(field: str, words: Sequence[str]) -> tantivy.Query:
    """``'elf-pla``: a word ending with the first, the middle ones, one beginning with the
    last, one after the other in one value."""
    patterns: list[str | tuple[int, str]] = [f".*{words[0]}", *words[1:-1], f"{words[-1]}.*"]
    return Q.regex_phrase_query(SCHEMA, field, patterns)


def term_query(
    spec: KindSpec,
    term: Term,
    full: bool,
    vocabulary: Vocabulary = _no_vocabulary,
    phrases: bool = True,
) -> tantivy.Query | None:
    """Documents holding every word of ``term`` as its operator says (None: none can)."""
    words: Sequence[str] = term.words
    targets = _targets(spec, term.scope, full)
    if not words or not targets:
        return None
    if phrases and phrase_in_index(term):
        return _should([_phrase(field, words) for field in targets])
    if _anchored_in_scope(term):
        targets = _targets(spec, None, full)  # the blocks' first and last words
    if cased_in_index(term):
        # Smart case: the word as typed (accents aside) among words with upper case.
        words = cased(term.text).split()[:1] or words
        targets = [f"{t}_cased" for t in targets]
        vocabulary = _no_vocabulary
    last = len(words) - 1
    musts = []
    for n, word in enumerate(words):
        role = word_role(term, n, last)
        start = term.mode in ("prefix", "equal") and n == 0
        end = term.mode in ("suffix", "equal") and n == last
        per_field = []
        for field in targets:
            if start or end:
                parts = [_word_query(f"{field}_first", word, role)] if start else []
                if end:
                    parts.append(_word_query(f"{field}_last", word, role))
                per_field.append(_must(parts))
            else:
                block = field.startswith("a") and not field.endswith("_cased")
                per_field.append(_word_query(field, word, role, block, vocabulary))
        musts.append(_should(per_field))
    return _must(musts)


def years_query(years: YearRange) -> list[tantivy.Query]:
    """Documents whose year span overlaps ``years`` (those without years never do)."""
    integer = tantivy.FieldType.Integer
    low = years.low if years.low is not None else -(2**62)
    high = years.high if years.high is not None else 2**62
    return [
        Q.range_query(SCHEMA, "yhi", integer, lower_bound=low, upper_bound=2**62),
        Q.range_query(SCHEMA, "ylo", integer, lower_bound=-(2**62), upper_bound=high),
    ]


class Plan(NamedTuple):
    """One kind's side of a query: what the index answers and what is checked after."""

    full: tantivy.Query | None  # every candidate (None: nothing can match)
    short: tantivy.Query | None  # candidates matching in short fields alone
    boost: list[tantivy.Query]  # per query word in the title (or name): ranks the pool
    matches: list[WordMatch]  # the positive words, for scoring and highlights
    term_matches: dict[Term, list[WordMatch]]
    checked: list[tuple[Term, ...]]  # groups whose terms are checked row by row
    negative: list[Term]  # negated terms the index cannot rule on alone (upper case…)

    @property
    def filters_only(self) -> bool:
        return not self.matches and not self.checked


_BM25_SHARE = 0.02  # BM25 of a title word stays well under 1: tiers are kept


def _title_boost(spec: KindSpec, match: WordMatch) -> tantivy.Query | None:
    if 0 not in match.fields or match.role in ("s", "e") or len(match.word) < 2:
        return None
    field = text(spec.fields[0].name)
    exact = Q.term_query(SCHEMA, field, match.word)
    if match.role == "x":
        inner = exact
    else:
        inner = Q.fuzzy_term_query(SCHEMA, field, match.word, distance=0, prefix=True)
    # One point for the word (or a word it begins) in the title, and a fraction of a point
    # for how much the word itself weighs there (BM25: rarer words, shorter titles): within
    # a tier, the titles the scorer will prefer come first.
    return Q.boolean_query(
        [
            (Occur.Should, Q.const_score_query(inner, 1.0)),
            (Occur.Should, Q.boost_query(exact, _BM25_SHARE)),
        ]
    )


def plan_for(
    spec: KindSpec,
    query: Query,
    filters: Sequence[tantivy.Query],
    vocabulary: Vocabulary = _no_vocabulary,
    phrases: bool = True,
) -> Plan:
    """The tantivy queries and checks answering ``query`` among documents of ``spec``
    passing ``filters`` (kind, years, a list of items…)."""
    base = [kind_query(spec), *filters]
    if query.years is not None:
        base.extend(years_query(query.years))
    matches: list[WordMatch] = []
    term_matches: dict[Term, list[WordMatch]] = {}
    full_groups: list[tantivy.Query] = []
    short_groups: list[tantivy.Query | None] = []
    checked_groups: list[tuple[Term, ...]] = []
    impossible = False
    for group in query.positive_groups:
        full_parts: list[tantivy.Query] = []
        short_parts: list[tantivy.Query] = []
        everything = False
        for term in group:
            if term.negated:
                everything = True  # "a | !b" holds almost everywhere: checked row by row
                continue
            words = term.words
            positions = fields_for(spec, term.scope, True)
            found = [
                WordMatch(word, word_role(term, n, len(words) - 1), positions)
                for n, word in enumerate(words)
            ]
            term_matches[term] = found
            matches.extend(found)
            full_q = term_query(spec, term, True, vocabulary, phrases)
            if full_q is not None:
                full_parts.append(full_q)
            short_q = term_query(spec, term, False, vocabulary, phrases)
            if short_q is not None:
                short_parts.append(short_q)
        if any(t.negated or checked(t, phrases) for t in group):
            checked_groups.append(group)
        if everything:
            continue
        if not full_parts:
            impossible = True
            break
        full_groups.append(_should(full_parts))
        short_groups.append(_should(short_parts) if short_parts else None)
    negative: list[Term] = []
    exclude: list[tantivy.Query] = []
    for term in query.negative_terms:
        exact = as_exact(term)
        if checked(exact, phrases):
            negative.append(term)
            continue
        found_q = term_query(spec, exact, True, vocabulary, phrases)
        if found_q is not None:
            exclude.append(found_q)

    def combined(groups: Sequence[tantivy.Query | None]) -> tantivy.Query | None:
        if any(g is None for g in groups):
            return None
        clauses = [(Occur.Must, q) for q in [*base, *groups] if q is not None]
        clauses += [(Occur.MustNot, q) for q in exclude]
        return Q.boolean_query(clauses)

    boost = [b for b in (_title_boost(spec, m) for m in matches) if b is not None]
    if impossible:
        return Plan(None, None, boost, matches, term_matches, checked_groups, negative)
    return Plan(
        combined(full_groups),
        combined(short_groups),
        boost,
        matches,
        term_matches,
        checked_groups,
        negative,
    )


def excluding(query: tantivy.Query, refs: Sequence[int]) -> tantivy.Query:
    """``query`` without the documents of ``refs``."""
    if not refs:
        return query
    return Q.boolean_query(
        [(Occur.Must, query), (Occur.MustNot, Q.term_set_query(SCHEMA, "ref", list(refs)))]
    )


def within(refs: Sequence[int]) -> tantivy.Query:
    """Only the documents of ``refs``."""
    return Q.term_set_query(SCHEMA, "ref", list(refs))


def ranked(query: tantivy.Query, boost: Sequence[tantivy.Query]) -> tantivy.Query:
    """``query`` scored 1, plus one per query word in the title and a fraction for its
    weight there: the pool's tiers, best-looking titles first within each."""
    clauses = [(Occur.Must, Q.const_score_query(query, 1.0))]
    clauses += [(Occur.Should, b) for b in boost]
    return Q.boolean_query(clauses)


def all_of(queries: Sequence[tantivy.Query]) -> tantivy.Query:
    return Q.boolean_query([(Occur.Must, q) for q in queries])
