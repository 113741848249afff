"""Fuzzy search over people, papers and timeline events, from an index kept on disk.

The index (tantivy, a full-text engine with a memory-mapped on-disk format) is built once
per change of the profile set, beside the cache, and opened by every process; one changed
file updates it in place. The query language (:mod:`cvtui.core.query`) is fzf's, with field
scopes, kinds and years. The modules, one idea each:

- :mod:`.documents` — what is indexed: fields, weights, scopes, years, stable keys;
- :mod:`.folding` — text as the index sees it (case and accents folded);
- :mod:`.engine` — the tantivy adapter: schema, writing, one snapshot's searches;
- :mod:`.queries` — parsed terms as tantivy queries;
- :mod:`.checks` — operator and smart-case terms checked on the text;
- :mod:`.plan_checks` — which candidates pass the terms a query's plan checks;
- :mod:`.ranking` — scoring the best candidates as a reader would rank them;
- :mod:`.spans` — where a hit matched, for highlighting;
- :mod:`.store` — the index on disk: opening, updating, rebuilding;
- :mod:`.location` — where it lives, how processes take turns at it, pruning;
- :mod:`.mapping` — the index's document keys ↔ a library's item numbers;
- :mod:`.searcher`, :mod:`.index` — answering a query; a library's index (:func:`index_for`).
"""

from __future__ import annotations

from .documents import FIELD_JOIN
from .folding import normalize
from .hits import Hit, SearchResult
from .index import SearchIndex, index_for, search_profiles
from .plan_checks import CHECK_BUDGET
from .searcher import POOL_SLACK, SCORE_POOL
from .spans import Spans

__all__ = [
    "CHECK_BUDGET",
    "FIELD_JOIN",
    "POOL_SLACK",
    "SCORE_POOL",
    "Hit",
    "SearchIndex",
    "SearchResult",
    "Spans",
    "index_for",
    "normalize",
    "search_profiles",
]
