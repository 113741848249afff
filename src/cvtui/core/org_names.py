"""Organisation names made shorter for a narrow column, keeping the words that tell them apart.

At 80 columns the People list gives an affiliation about eleven cells, and cut there every
"University of …" reads "University…". :func:`shorter` writes the words such names share in
their usual short forms (``University`` → ``U.``, ``Institute`` → ``Inst.``,
``Technology`` → ``Tech.``…) and drops the small words between them, so what is left to
cut is the part that differs: ``U. Washington``, ``U. California, Berkeley``,
``Inst. Computing Tech.``. Only whole words are shortened, in any of the languages most
affiliations are written in, and a small word goes only between a short form and a name;
anything else is kept as written.
"""

from __future__ import annotations

import re
from collections.abc import Sequence

__all__ = ["shorter", "shorter_with_spans"]

_SHORT = {
    "University": "U.",
    "Universität": "U.",
    "Universitat": "U.",
    "Université": "U.",
    "Universidad": "U.",
    "Universidade": "U.",
    "Università": "U.",
    "Universiteit": "U.",
    "Uniwersytet": "U.",
    "Institute": "Inst.",
    "Institut": "Inst.",
    "Instituto": "Inst.",
    "Istituto": "Inst.",
    "Technology": "Tech.",
    "Technological": "Tech.",
    "Technologies": "Tech.",
    "Technical": "Tech.",
    "Technische": "Tech.",
    "National": "Natl.",
    "International": "Intl.",
    "Laboratory": "Lab.",
    "Laboratories": "Labs",
    "Research": "Res.",
    "Department": "Dept.",
    "Center": "Ctr.",
    "Centre": "Ctr.",
    "Science": "Sci.",
    "Sciences": "Sci.",
    "College": "Coll.",
    "School": "Sch.",
    "Academy": "Acad.",
    "Engineering": "Eng.",
    "Corporation": "Corp.",
    "Incorporated": "Inc.",
    "Company": "Co.",
}
_SMALL = frozenset({"of", "the", "for", "and", "de", "di", "du", "des", "der", "für", "la", "le"})
_WORD = re.compile(r"[^\W\d_]+", re.UNICODE)


Spans = Sequence[tuple[int, int]]


def _between_names(
    name: str, pieces: list[tuple[int, int, str, bool]], following: list[tuple[int, int]]
) -> bool:
    """Whether a small word follows a short form and comes before a capitalised word (the
    "of" of "U. of Washington"): elsewhere, as in a sentence a match is quoted from, it
    stays."""
    if not pieces or pieces[-1][3] or not following:
        return False
    start, _ = following[0]
    return name[start].isupper()


def shorter(name: str) -> str:
    """``name`` with its common words in their short forms and the small words between
    them dropped; ``name`` itself when nothing in it has a short form."""
    return shorter_with_spans(name, ())[0]


def shorter_with_spans(name: str, spans: Spans) -> tuple[str, list[tuple[int, int]]]:
    """:func:`shorter`, and where ``spans`` (start, end: a search's matches in ``name``)
    fall in it: a match in a shortened word marks all of its short form; one only in
    dropped words is gone."""
    if not any(word in _SHORT for word in _WORD.findall(name)):
        return name, list(spans)
    pieces: list[tuple[int, int, str, bool]] = []  # (start, end) in name, written as, as is
    tokens = [(m.start(), m.end()) for m in re.finditer(r"\S+", name)]
    if len(tokens) > 1 and name[tokens[0][0] : tokens[0][1]] == "The":
        tokens = tokens[1:]  # "The University of Edinburgh" → "U. Edinburgh"
    for n, (start, end) in enumerate(tokens):
        token = name[start:end]
        bare = token.rstrip(",;")
        short = _SHORT.get(bare)
        if short is not None:
            pieces.append((start, start + len(bare), short, False))
            if len(bare) < len(token):
                pieces.append((start + len(bare), end, token[len(bare) :], True))
        elif bare in _SMALL and _between_names(name, pieces, tokens[n + 1 : n + 2]):
            continue  # "U. of Washington" → "U. Washington"
        else:
            pieces.append((start, end, token, True))
    out: list[str] = []
    placed: list[tuple[int, int, int, int, bool]] = []  # in name, then in out; as is
    length = 0
    for n, (start, end, text, as_is) in enumerate(pieces):
        glued = n > 0 and start == pieces[n - 1][1]  # a comma after a short form
        if n and not glued:
            out.append(" ")
            length += 1
        placed.append((start, end, length, length + len(text), as_is))
        out.append(text)
        length += len(text)
    moved: list[tuple[int, int]] = []
    for s, e in spans:
        begin = finish = -1
        for start, end, at, until, as_is in placed:
            if start < e and s < end:  # the match reaches into this piece
                first = at + max(s - start, 0) if as_is else at
                last = at + min(e, end) - start if as_is else until
                begin = first if begin < 0 else begin
                finish = last
        if 0 <= begin < finish:
            moved.append((begin, finish))
    return "".join(out), moved
