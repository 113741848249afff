"""Operator and smart-case terms checked against an item's text, where the index cannot tell.

The index holds folded words, so it finds the candidates of a quoted phrase (each word),
of ``^whole value$`` or of a scoped term with an upper-case letter (smart case: matched as
typed; unscoped ones the index answers itself), and the text of each candidate then says
whether it really matches.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from ..query import Term
from .documents import KindSpec
from .folding import cased, normalize
from .ranking import WordMatch

__all__ = ["Check", "as_exact", "check_of", "needs_check", "verify"]

_CACHE_SIZE = 256


def needs_check(term: Term) -> bool:
    """Whether candidates from the index must be checked against the text for ``term``."""
    if term.case_sensitive:
        return True
    if term.mode == "fuzzy":
        return False
    # One word: a word containing it ('), or a value's first word beginning with it (^) or
    # its last word ending with it ($): the index answers exactly. Phrases need a look.
    return len(term.words) > 1 or term.mode == "equal"


def as_exact(term: Term) -> Term:
    """A negated term as the positive term it excludes (``!fire`` excludes ``'fire``)."""
    return Term(term.text, "exact" if term.mode == "fuzzy" else term.mode, term.scope)


class Check:
    """How to check an operator or smart-case term against folded text, worked out once."""

    __slots__ = ("cased", "first_word", "match", "mode", "needed", "target", "trivial")

    def __init__(self, term: Term) -> None:
        self.mode = term.mode
        self.cased = term.case_sensitive
        self.needed = needs_check(term)
        self.trivial = term.mode == "fuzzy" and not self.cased  # the index answers exactly
        convert = cased if self.cased else normalize
        self.target = " ".join(convert(term.text).split())
        self.first_word = self.target.split(" ", 1)[0] if self.target else ""
        # Smart case: a word written with upper case, matched as the index matches words.
        self.match = WordMatch(self.first_word, "f", ())

    def matches(self, text: str) -> bool:
        """Whether ``text`` (space-normalised, folded as the term wants) satisfies the term."""
        mode = self.mode
        if mode == "fuzzy":
            quality = self.match.quality
            return any(quality(w) > 0 for w in text.split() if w != w.lower())
        if mode == "exact":
            return self.target in text
        if mode == "prefix":
            return text.startswith(self.target)
        if mode == "suffix":
            return text.endswith(self.target)
        return text == self.target


_CHECKS: dict[Term, Check] = {}


def check_of(term: Term) -> Check:
    found = _CHECKS.get(term)
    if found is None:
        if len(_CHECKS) > _CACHE_SIZE:
            _CHECKS.clear()
        found = _CHECKS[term] = Check(term)
    return found


def verify(spec: KindSpec, values: Sequence[Any], term: Term, fields: Sequence[int]) -> bool:
    """Whether an item with these field ``values`` matches ``term`` in ``fields``, read as
    the term's operator and case say (one value at a time: ``^…$`` spans one value)."""
    check = check_of(term)
    if check.trivial:
        return True
    convert = cased if check.cased else normalize
    texts = [
        " ".join(convert(raw).split())
        for pos in fields
        if values[pos]
        for raw in (values[pos] if spec.fields[pos].multi else (values[pos],))
    ]
    return any(check.matches(text) for text in texts)
