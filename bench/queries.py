"""The queries the search benchmarks type, one list per kind of profile set.

Each is typed character by character: every prefix is a query, as in a filter or the search
box. The generated set's words come from bench/generate.py's vocabulary; the real set's are
what people look for in the ACL Anthology (typos, people, scopes and operators included).
"""

from __future__ import annotations

GENERATED = (
    "reinforcement learning",
    "reinforcment lerning",
    "mickel liu",
    "mikel liu",
    "beavertials",
    "self-play reasoning",
    "safety alignment preference dataset",
    "author:liu year:>=2020",
    "venue:neurips diffusion",
    "jurgen muller",
    "garcia transformer",
    "^scaling laws",
    "'chain-of-thought",
    "peking university",
    "kind:people carnegie mellon",
    "graph neural networks !survey",
    "contrastive | retrieval augmented",
    "year:2019..2023 federated privacy",
    "offline reinforcement lerning benchmark",
    "topic:CV pose estimation",
    "multi-agent cooperative communication",
    "protien molecules",
)

REAL = (
    "neural machine translation",
    "nueral machine translaton",
    "christopher manning",
    "kristina toutanova",
    "dependency parsing",
    "word embeddings",
    "named entity recognition",
    "sentiment analysis twitter",
    "low resource languages",
    "question answering",
    "author:jurafsky year:>=2010",
    "venue:emnlp summarization",
    "^attention",
    "'cross-lingual",
    "coreference resolution !neural",
    "bert | transformer",
    "year:2015..2019 semantic role labeling",
    "speech recogntion",
    "topic:dialogue state tracking",
    "Arabic morphology",
)


def for_set(real: bool) -> tuple[str, ...]:
    return REAL if real else GENERATED


def plain(queries: tuple[str, ...]) -> tuple[str, ...]:
    """The queries made of words only (what an engine without operators can answer)."""
    return tuple(
        q for q in queries if q.replace(" ", "").replace("-", "").isalpha() and q.islower()
    )
