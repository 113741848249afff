"""How well an item matches: per query word, its best occurrence, as a reader would rank it.

A hit in a title or name outweighs one in a summary, exact words beat prefixes beat typos,
a match at the start of a field or on consecutive words scores higher (fzf's boundary and
consecutive bonuses), and a query covering most of a short field scores higher still. Ties
go to the newer item (the caller breaks them).

:class:`WordMatch` says how one query word matches one word of an item (the same rules the
index applies, :mod:`.queries`); :class:`Scorer` walks an item's words once for all query
words. Only the few candidates the index ranks first are scored here.
"""

from __future__ import annotations

import threading
from collections import OrderedDict
from collections.abc import Iterable, Sequence
from typing import Any

from rapidfuzz import process
from rapidfuzz.distance import OSA

from .documents import KindSpec
from .folding import normalize

__all__ = ["DocWords", "Scorer", "WordMatch"]


def _distance(length: int) -> int:
    return 0 if length < 4 else 1 if length < 8 else 2


_MEMOS: OrderedDict[tuple[str, str], dict[str, float]] = OrderedDict()
_MEMOS_LOCK = threading.Lock()
_MEMO_WORDS = 24  # query words whose token qualities are kept (the next keystroke reuses them)
_MEMO_TOKENS = 10_000  # tokens kept per query word


def _memo_of(word: str, role: str) -> dict[str, float]:
    key = (word, role)
    with _MEMOS_LOCK:
        found = _MEMOS.get(key)
        if found is None:
            found = _MEMOS[key] = {}
            while len(_MEMOS) > _MEMO_WORDS:
                _MEMOS.popitem(last=False)
        else:
            _MEMOS.move_to_end(key)
        if len(found) > _MEMO_TOKENS:
            # A new dict, not cleared: a search in another thread may be reading this one
            # (the kinds of one search run side by side).
            found = _MEMOS[key] = {}
        return found


class WordMatch:
    """One folded query word, the role its operator gives it, and the fields it may match."""

    __slots__ = ("distance", "fields", "memo", "role", "word")

    def __init__(self, word: str, role: str, fields: tuple[int, ...]) -> None:
        self.word = word
        self.role = role
        self.fields = fields
        self.distance = _distance(len(word)) if role == "f" else 0
        self.memo = _memo_of(word, role)

    def quality(self, token: str) -> float:
        """How well ``token`` matches: 1 the word itself … 0.3 a distant typo; 0 not at all."""
        found = self.memo.get(token)
        if found is None:
            found = self.memo[token] = self._quality(token)
        return found

    def learn(self, tokens: Iterable[str]) -> None:
        """Work out the quality of many tokens at once (typos in one C call per length)."""
        memo = self.memo
        new = [t for t in tokens if t not in memo]
        if not new:
            return
        d = self.distance
        if self.role != "f" or d == 0:
            for token in new:
                memo[token] = self._quality(token)
            return
        word = self.word
        n = len(word)
        found: dict[str, float] = {}
        others: list[str] = []
        for token in new:
            if token.startswith(word):
                found[token] = 1.0 if len(token) == n else 0.6 + 0.3 * n / len(token)
            elif len(token) >= n - d:
                others.append(token)
        for token, dist, _ in process.extract(
            word, others, scorer=OSA.distance, score_cutoff=d, limit=None
        ):
            found[token] = 0.55 if dist <= 1 else 0.4
        if n > 4:
            # A typo in a word still being typed: some beginning of the token is close.
            letters = set(word)
            need = len(letters) - d
            prefixes: dict[str, list[str]] = {}
            for token in others:
                if token in found or len(letters.intersection(token[: n + d])) < need:
                    continue
                for k in range(n - d, min(len(token), n + d) + 1):
                    prefixes.setdefault(token[:k], []).append(token)
            best: dict[str, int] = {}
            for prefix, dist, _ in process.extract(
                word, list(prefixes), scorer=OSA.distance, score_cutoff=d, limit=None
            ):
                for token in prefixes[prefix]:
                    if dist < best.get(token, d + 1):
                        best[token] = dist
            for token, dist in best.items():
                if token not in found:
                    found[token] = 0.45 if dist <= 1 else 0.3
        for token in new:
            memo[token] = found.get(token, 0.0)

    def _quality(self, token: str) -> float:
        word, role = self.word, self.role
        n = len(word)
        if role == "x":
            return 1.0 if token == word else 0.0
        if role == "s":
            return 1.0 if word in token else 0.0
        if role == "e":
            return 1.0 if token.endswith(word) else 0.0
        if token.startswith(word):
            return 1.0 if len(token) == n else 0.6 + 0.3 * n / len(token)
        if role == "p" or self.distance == 0:
            return 0.0
        cutoff = self.distance
        if (n == 4 and abs(len(token) - n) > cutoff) or len(token) < n - cutoff:
            return 0.0
        whole = OSA.distance(word, token, score_cutoff=cutoff)
        if whole <= cutoff:
            return 0.55 if whole <= 1 else 0.4
        if n == 4:
            return 0.0  # four letters: a typo in the whole word only
        # A typo in a word still being typed: its beginning is close to the query word.
        best = cutoff + 1
        for k in range(max(1, n - cutoff), min(len(token), n + cutoff) + 1):
            best = min(best, OSA.distance(word, token[:k], score_cutoff=cutoff))
        if best <= cutoff:
            return 0.45 if best <= 1 else 0.3
        return 0.0

    def span(self, token: str) -> tuple[int, int]:
        """The part of a matching ``token`` to highlight: the typed part, else all of it."""
        at = token.find(self.word)
        return (at, at + len(self.word)) if at >= 0 else (0, len(token))


def _words_of(multi: bool, value: Any) -> list[str]:
    if not value:
        return []
    return normalize(" ".join(value) if multi else value).split()


class DocWords:
    """One item's folded words, arranged for scoring: each short field's words in order,
    all of them as a set (to intersect with the words a query matches), and each long
    field's distinct words. Made once per item and kept while it keeps being scored."""

    __slots__ = ("_long", "fields", "lengths", "spec", "tokens", "values")

    def __init__(self, spec: KindSpec, values: Sequence[Any]) -> None:
        self.spec = spec
        self.values = values
        fields: list[tuple[int, list[str]]] = []
        for pos, f in enumerate(spec.fields):
            if not f.long and values[pos]:
                words = _words_of(f.multi, values[pos])
                if words:
                    fields.append((pos, words))
        self.fields = fields
        self.lengths = {pos: len(words) for pos, words in fields}
        self.tokens: set[str] = set().union(*(words for _, words in fields))
        self._long: dict[int, set[str]] = {}

    def where(self, token: str) -> list[tuple[int, int]]:
        """Each (field, position) of ``token`` in the short fields."""
        out = []
        for pos, words in self.fields:
            if token in words:
                at = words.index(token)
                while at >= 0:
                    out.append((pos, at))
                    try:
                        at = words.index(token, at + 1)
                    except ValueError:
                        at = -1
        return out

    def long_words(self, pos: int) -> set[str]:
        found = self._long.get(pos)
        if found is None:
            found = self._long[pos] = set(_words_of(self.spec.fields[pos].multi, self.values[pos]))
        return found

    def words(self, pos: int) -> Sequence[str]:
        """The words of field ``pos`` (any field)."""
        if self.spec.fields[pos].long:
            return list(self.long_words(pos))
        return next((words for p, words in self.fields if p == pos), [])


class Scorer:
    """Scores items against one query's word matches.

    For each query word, the best of its occurrences: field weight × match quality, plus a
    bonus at the start of a field and one when it follows the previous query word's best
    occurrence; then a bonus for how much of the field the query covers. A match in long
    prose counts its field's weight when the word is there as it is, 60% of it otherwise.

    Each distinct word is matched against the query words once per query: an item's words
    are intersected with those known to match, so scoring an item costs a few set
    operations and a loop over its matching words.
    """

    def __init__(self, spec: KindSpec, matches: Sequence[WordMatch]) -> None:
        self.matches = list(matches)
        self.count = len(self.matches)
        fields = spec.fields
        self.weights = {pos: f.weight for pos, f in enumerate(fields)}
        self.long = [
            [(pos, fields[pos].weight) for pos in m.fields if fields[pos].long]
            for m in self.matches
        ]
        self.field_sets = [frozenset(m.fields) for m in self.matches]
        self._seen: set[str] = set()
        self._hitting: set[str] = set()
        self._hits: dict[str, tuple[tuple[int, float], ...]] = {}

    def _learn(self, tokens: set[str]) -> None:
        found: dict[str, list[tuple[int, float]]] = {}
        for n, m in enumerate(self.matches):
            m.learn(tokens)
            memo = m.memo
            for token in tokens:
                q = memo[token]
                if q > 0:
                    found.setdefault(token, []).append((n, q))
        for token, hits in found.items():
            self._hits[token] = tuple(hits)
        self._hitting.update(found)
        self._seen |= tokens

    def prepare(self, docs: Iterable[DocWords]) -> None:
        """Match the words of all these items at once, before scoring them: typos are then
        looked for in one call per query word, not one per item. Long prose is read only
        when a query word may be scored there (it matched no short field of some item)."""
        docs = list(docs)
        tokens: set[str] = set()
        for doc in docs:
            tokens |= doc.tokens
        self._matching(tokens)
        prose = {pos for fields in self.long for pos, _ in fields}
        if not prose:
            return
        hitting = self._hitting
        for doc in docs:
            if len(doc.tokens & hitting) < self.count:  # some word may be in prose only
                for pos in prose:
                    tokens |= doc.long_words(pos)
        self._matching(tokens)

    def _matching(self, tokens: set[str] | Any) -> set[str]:
        """Those of ``tokens`` that some query word matches."""
        new = tokens - self._seen
        if new:
            self._learn(new)
        return tokens & self._hitting

    def _in_long(self, n: int, pos: int, doc: DocWords) -> float:
        """The best quality of query word ``n`` among the words of long field ``pos``."""
        best = 0.0
        for token in self._matching(doc.long_words(pos)):
            for m, q in self._hits[token]:
                if m == n and q > best:
                    best = q
        return best

    def score(self, doc: DocWords) -> float:
        field_sets, weights, hits = self.field_sets, self.weights, self._hits
        found: list[list[tuple[int, int, float]]] = [[] for _ in range(self.count)]
        for token in self._matching(doc.tokens):
            where = doc.where(token)
            for n, q in hits[token]:
                fs = field_sets[n]
                for pos, at in where:
                    if pos in fs:
                        weight = weights[pos]
                        found[n].append((pos, at, weight * q + q if at == 0 else weight * q))
        score = 0.0
        prev_pos = prev_at = -2
        hit_fields: list[int] = []
        for n in range(self.count):
            best = 0.0
            best_pos = best_at = -2
            for pos, at, value in sorted(found[n]):  # field order, then word order
                if pos == prev_pos and at - 1 == prev_at:
                    value += 2.0  # consecutive with the previous query word
                if value > best:
                    best, best_pos, best_at = value, pos, at
            for pos, weight in self.long[n]:
                if best >= weight:
                    continue
                q = self._in_long(n, pos, doc)
                if q == 1.0:
                    best, best_pos = weight, -2
                elif q > 0 and best < weight * 0.6:
                    best, best_pos = weight * 0.6, -2
            score += best
            prev_pos, prev_at = best_pos, best_at
            if best_pos >= 0 and best_pos not in hit_fields:
                hit_fields.append(best_pos)
        # Coverage: how much of the best short field the query accounts for.
        lengths = doc.lengths
        for pos in hit_fields:
            size = lengths.get(pos, 0)
            if size:
                score += 2.0 * min(1.0, self.count / size)
        return score

    def holds(self, n: int, doc: DocWords) -> bool:
        """Whether query word ``n`` matches some word of ``doc`` in its fields."""
        fields = self.field_sets[n]
        for token in self._matching(doc.tokens):
            if any(m == n for m, _ in self._hits[token]) and any(
                p in fields for p, _ in doc.where(token)
            ):
                return True
        return any(self._in_long(n, pos, doc) > 0 for pos, _ in self.long[n])
