"""Every figure as JSON-ready data, for ``cvtui stats --json``.

Counts are numbers, years are numbers (``null``: undated); the works behind a number are
listed under ``work_keys`` by their stable keys (what ``cvtui export json`` calls a work's
``id``). Reported metrics stay apart from
the counts, each with its source and date.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

from .figures import Insights

__all__ = ["insights_json"]


def _years(years: Mapping[int, int]) -> list[dict[str, int | None]]:
    return [
        {"year": year or None, "works": n}
        for year, n in sorted(years.items(), key=lambda item: (item[0] == 0, item[0]))
    ]


def insights_json(insights: Insights, with_works: bool = True) -> dict[str, Any]:
    """The figures of ``insights``; ``with_works`` names the works behind each number."""
    library = insights.library

    def works(items: Sequence[int]) -> dict[str, Any]:
        return {"work_keys": [library.work_key(w) for w in items]} if with_works else {}

    resolved = insights.resolved
    output = insights.output()
    venues = insights.venues()
    coauthors = insights.coauthors()
    pairs = insights.pairs()
    graph = insights.graph()
    topics = insights.topics()
    metrics = insights.metrics()
    return {
        "scope": {
            "kind": insights.scope.kind,
            "label": resolved.label,
            "people": [library.people[m].id for m in resolved.members],
            "works": len(resolved.works),
        },
        "output": {
            "types": output.types,
            "first_means": output.led_means,
            "series": [
                {
                    "label": series.label,
                    "person": series.person_id,
                    "works": series.total,
                    "first": series.first,
                    "undated": series.undated,
                    "years": [
                        {
                            "year": bar.year or None,
                            "works": bar.total,
                            "by_type": dict(sorted(bar.by_type.items())),
                            "first": bar.first,
                            **works(bar.works),
                        }
                        for bar in sorted(series.bars.values(), key=lambda b: (b.year == 0, b.year))
                    ],
                }
                for series in output.series
            ],
        },
        "venues": {
            "distinct": venues.distinct,
            "other_works": venues.other_works,
            "no_venue": len(venues.no_venue),
            "top": [
                {
                    "venue": row.short,
                    "full_name": row.full,
                    "works": row.count,
                    "years": _years(row.years),
                    **works(row.works),
                }
                for row in venues.rows
            ],
        },
        "coauthors": {
            "of": "people" if coauthors.of_members else "works",
            "distinct": coauthors.distinct,
            "top": [
                {
                    "name": row.name,
                    "person": row.person_id,
                    "works": row.count,
                    "years": _years(row.years),
                    **({"with": row.with_members} if row.with_members else {}),
                    **works(row.works),
                }
                for row in coauthors.rows
            ],
        },
        "pairs": {
            "distinct": pairs.distinct,
            "top": [
                {
                    "people": [row.a, row.b],
                    "works": row.count,
                    "years": _years(row.years),
                    **works(row.works),
                }
                for row in pairs.rows
            ],
            "matrix": {"people": pairs.matrix.ids, "cells": pairs.matrix.cells},
        },
        "graph": {
            "nodes": [
                {"person": pid, "works": n, "x": round(x, 4), "y": round(y, 4)}
                for pid, n, (x, y) in zip(graph.ids, graph.works, graph.positions, strict=True)
            ],
            "edges": [
                {"people": [graph.ids[a], graph.ids[b]], "works": n} for a, b, n in graph.edges
            ],
        },
        "topics": {
            "categories": [
                {"category": row.name, "works": row.total, "years": _years(row.years)}
                for row in topics.categories
            ],
            "interests": [
                {
                    "interest": row.name,
                    "people": row.people,
                    "years": [
                        {"year": year or None, "people": n}
                        for year, n in sorted(row.years.items(), key=lambda i: (i[0] == 0, i[0]))
                    ],
                }
                for row in topics.interests
            ],
        },
        "reported_metrics": {
            "note": "as the profiles report them, each with its source and date; "
            "not computed from the works",
            "people": metrics.people,
            "metrics": [
                {
                    "person": row.person_id,
                    "name": row.name,
                    "value": row.raw,
                    "source": row.source,
                    "as_of": row.as_of or None,
                    "note": row.note,
                }
                for row in metrics.rows
            ],
        },
    }
