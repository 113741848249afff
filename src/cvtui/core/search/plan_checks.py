"""Which candidates pass the terms of a query plan that the index could not rule on.

:mod:`.checks` says how one term reads a text; this applies a plan's terms to candidates.
Negated terms rule candidates out before anything is ranked (:func:`excluded_refs`). Of the
checked groups, an item passes when one term of every group holds: the scored pool by the
words the index stores (:func:`holds`), and, for ``all_matches``, the rest by their records
in the library, for at most :data:`CHECK_BUDGET` seconds (:func:`checked`).
"""

from __future__ import annotations

import time
from collections.abc import Callable
from typing import TYPE_CHECKING

import tantivy

from ..query import Term
from .checks import as_exact, check_of, verify
from .documents import KindSpec, record_of
from .engine import Snapshot
from .queries import Plan, all_of, fields_for, term_query
from .ranking import DocWords, Scorer
from .store import Stopped

if TYPE_CHECKING:
    from ..model import Library

__all__ = ["CHECK_BUDGET", "STOP_EVERY", "checked", "excluded_refs", "holds"]

#: Seconds spent checking operator and smart-case terms row by row for ``all_matches``.
CHECK_BUDGET = 0.15
#: Candidates looked at between two calls of ``stop`` (a newer query cancels the search).
STOP_EVERY = 64


def holds(spec: KindSpec, plan: Plan, doc: DocWords, scorer: Scorer) -> bool:
    """Whether an item passes every group whose terms the index could not rule on."""
    return all(
        any(_term_holds(spec, plan, t, doc, scorer) for t in group) for group in plan.checked
    )


def _term_holds(spec: KindSpec, plan: Plan, term: Term, doc: DocWords, scorer: Scorer) -> bool:
    positions = fields_for(spec, term.scope, True)
    if term.negated:
        return not verify(spec, doc.values, as_exact(term), positions)
    if check_of(term).needed:  # a phrase, a whole value, upper case: the text tells
        return verify(spec, doc.values, term, positions)
    number = {id(m): n for n, m in enumerate(scorer.matches)}
    if not all(scorer.holds(number[id(m)], doc) for m in plan.term_matches[term]):
        return False
    return not check_of(term).needed or verify(spec, doc.values, term, positions)


def checked(
    spec: KindSpec,
    plan: Plan,
    library: Library,
    items: list[int],
    stop: Callable[[], bool],
    scorer: Scorer,
) -> tuple[list[int], bool]:
    """Those of ``items`` (of ``library``) that pass the checks, then those not checked in
    time; and whether every one was checked."""
    deadline = time.perf_counter() + CHECK_BUDGET
    kept: list[int] = []
    for n, item in enumerate(items):
        if n % STOP_EVERY == 0:
            if stop():
                raise Stopped
            if time.perf_counter() > deadline:
                return kept + items[n:], False
        doc = DocWords(spec, record_of(spec, library, item))
        if holds(spec, plan, doc, scorer):
            kept.append(item)
    return kept, True


def excluded_refs(
    snapshot: Snapshot, spec: KindSpec, plan: Plan, full: tantivy.Query, stop: Callable[[], bool]
) -> list[int]:
    """The candidates of ``full`` that negated terms needing a look at the text rule out."""
    out: list[int] = []
    for term in plan.negative:
        exact = as_exact(term)
        found = term_query(spec, exact, True, snapshot.vocabulary)
        if found is None:
            continue
        positions = fields_for(spec, exact.scope, True)
        for n, record in enumerate(snapshot.records_of(all_of([full, found]))):
            if n % STOP_EVERY == 0 and stop():
                raise Stopped
            if verify(spec, record.values, exact, positions):
                out.append(record.ref)
    return out
