"""Ranking a person would agree with, on the bundled profiles: the expected item in the top 3.

Each case is (query, kind or None, expected id). Ids are person ids, paper uids
(``person/paper``) or event ids (``person/kind/ref``).
"""

from __future__ import annotations

from pathlib import Path

import pytest

from cvtui.core.loading import load_paths
from cvtui.core.model import Library
from cvtui.core.search import SearchIndex

PROFILES = Path(__file__).resolve().parents[1] / "profiles"

CASES: list[tuple[str, str | None, str]] = [
    # exact titles
    (
        "BeaverTails: Towards Improved Safety Alignment of LLM via a Human-Preference Dataset",
        None,
        "mickel-liu/beavertails",
    ),
    ("Safe RLHF: Safe Reinforcement Learning from Human Feedback", None, "mickel-liu/safe-rlhf"),
    ("Baichuan 2: Open Large-scale Language Models", None, "mickel-liu/baichuan-2"),
    (
        "A unified framework for conservative exploration",
        None,
        "tianhao-wu/conservative-exploration",
    ),
    (
        "Latent Dirichlet Allocation for Internet Price War",
        None,
        "junwu-xiong/lda-internet-price-war",
    ),
    ("Reinforcement learning for uplift modeling", "papers", "junwu-xiong/rl-uplift-modeling"),
    ("Hummer: Towards Limited Competitive Preference Dataset", None, "junwu-xiong/hummer"),
    # partial titles
    ("self-play zero-sum games", None, "mickel-liu/spiral"),
    ("chasing moving targets", None, "mickel-liu/chasing-moving-targets"),
    ("artificial hivemind", None, "mickel-liu/artificial-hivemind"),
    ("multi-camera pose", None, "mickel-liu/proactive-multi-camera"),
    ("random tickets jackpot", None, "tianhao-wu/sanity-checking-pruning"),
    ("pairwise proximal policy", None, "tianhao-wu/p3o"),
    ("delayed feedback", "papers", "tianhao-wu/reduction-delayed-feedback"),
    ("complex hyperbolic", None, "junwu-xiong/unit-ball-complex-hyperbolic"),
    ("value propagation", "papers", "junwu-xiong/value-propagation"),
    ("wireless sensor networks lifetime", "papers", "junwu-xiong/optimal-clustering-icpads"),
    ("starling", None, "tianhao-wu/starling-7b"),
    ("omnisafe", None, "mickel-liu/omnisafe"),
    # typos
    ("beavertials", None, "mickel-liu/beavertails"),
    ("omnisfae", None, "mickel-liu/omnisafe"),
    ("reinforcment lerning uplift", None, "junwu-xiong/rl-uplift-modeling"),
    ("hivemnid", None, "mickel-liu/artificial-hivemind"),
    ("proximl polcy optimizaton", None, "tianhao-wu/p3o"),
    ("conservatve exploraton", None, "tianhao-wu/conservative-exploration"),
    ("dirichelt", None, "junwu-xiong/lda-internet-price-war"),
    ("starlng 7b", None, "tianhao-wu/starling-7b"),
    # author names
    ("mickel liu", None, "mickel-liu"),
    ("mikel liu", None, "mickel-liu"),
    ("tianhao wu", None, "tianhao-wu"),
    ("junwu xiong", "people", "junwu-xiong"),
    ("junwu xoing", "people", "junwu-xiong"),
    ("Liwei Jiang hivemind", None, "mickel-liu/artificial-hivemind"),
    ("author:hyunji", None, "mickel-liu/plus-personalized-rlhf"),
    # field queries
    ("author:liu year:>=2025 self-play zero-sum", None, "mickel-liu/spiral"),
    ("venue:colm", None, "junwu-xiong/hummer"),
    ("venue:aaai year:2020", None, "junwu-xiong/cost-effective-incentive-allocation"),
    ("title:beavertails", None, "mickel-liu/beavertails"),
    ("org:allen-ai", "papers", "mickel-liu/artificial-hivemind"),
    ("topic:CV", "papers", "mickel-liu/proactive-multi-camera"),
    ("kind:papers year:2013", None, "junwu-xiong/coca"),
    ("^nearly optimal", None, "tianhao-wu/nearly-optimal-policy-optimization"),
    ("'block mdp", None, "tianhao-wu/rl-adversarial-corruption"),
    ("kuhn poker", None, "mickel-liu/spiral"),
    # people by institution, interests, roles
    ("org:beihang", "people", "junwu-xiong"),
    ("university of toronto", "people", "mickel-liu"),
    ("uc berkeley", "people", "tianhao-wu"),
    ("tiktok", "people", "tianhao-wu"),
    ("ant group", "people", "junwu-xiong"),
    ("Jürgen | allen school", "people", "mickel-liu"),
    # timeline events
    ("internship ai2", "events", "mickel-liu/experience/0"),
    ("baichuan intern", "events", "mickel-liu/experience/2"),
    ("mathematical olympiad russian", "events", "tianhao-wu/award/1"),
    ("hong kong city university", "events", "junwu-xiong/experience/6"),
]


@pytest.fixture(scope="module")
def index() -> SearchIndex:
    library: Library = load_paths([PROFILES])
    assert len(library.people) >= 3
    return SearchIndex(library)


def top_ids(index: SearchIndex, query: str, kind: str | None) -> list[str]:
    return [hit.id for hit in index.search(query, kind=kind, limit=3)]


def test_there_are_at_least_forty_labelled_queries() -> None:
    assert len(CASES) >= 40
    kinds = {case[1] for case in CASES}
    assert {"people", "papers", "events", None} <= kinds


def test_expected_item_in_top_three_for_95_percent(index: SearchIndex) -> None:
    misses = []
    for query, kind, expected in CASES:
        found = top_ids(index, query, kind)
        if expected not in found:
            misses.append(f"{query!r} ({kind}): expected {expected}, got {found}")
    hit_rate = 1 - len(misses) / len(CASES)
    assert hit_rate >= 0.95, "\n".join(misses)


def test_every_labelled_query_ranks_its_item_first(index: SearchIndex) -> None:
    wrong = []
    for query, kind, expected in CASES:
        found = top_ids(index, query, kind)
        if found[:1] != [expected]:
            wrong.append(f"{query!r} ({kind}): expected {expected} first, got {found}")
    assert wrong == []


@pytest.mark.parametrize(
    ("query", "kind", "expected"),
    [c for c in CASES if c[0] in ("beavertials", "omnisfae", "mikel liu")],
)
def test_issue_examples_rank_first(
    index: SearchIndex, query: str, kind: str | None, expected: str
) -> None:
    assert top_ids(index, query, kind)[0] == expected


def test_title_hit_outranks_summary_hit(index: SearchIndex) -> None:
    # "hivemind" is in one title; "homogeneity" too, but "language models" is in many summaries.
    hits = index.search("language models", kind="papers", limit=20)
    titles = [h for h in hits if "title" in h.spans]
    summaries_only = [h for h in hits if "title" not in h.spans]
    assert titles and summaries_only
    assert min(h.score for h in titles) > max(h.score for h in summaries_only)


def test_exact_word_beats_fuzzy(index: SearchIndex) -> None:
    hits = index.search("safe", kind="papers", limit=10)
    assert hits[0].id in ("mickel-liu/safe-rlhf", "mickel-liu/omnisafe")
    assert "title" in hits[0].spans
