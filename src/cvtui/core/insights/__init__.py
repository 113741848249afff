"""Pictures of a body of work: output over time, venues, who works with whom, topics.

Every figure counts *works* (one paper several profiles list is one work) of a
:class:`Scope`: the whole library, a set of works, one person, or several side by side.
:class:`Insights` computes them from an index built once per library
(:mod:`.index`); :mod:`.tables` gives each as plain text rows, :mod:`.export` as JSON.
Metrics that profiles report are kept apart, with their source and date.
"""

from __future__ import annotations

from .figures import FIGURE_TITLES, FIGURES, Insights
from .index import InsightsIndex, index_for
from .scope import Resolved, Scope

__all__ = [
    "FIGURES",
    "FIGURE_TITLES",
    "Insights",
    "InsightsIndex",
    "Resolved",
    "Scope",
    "index_for",
]
