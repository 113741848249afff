"""Facts from the seed documents (shared/seeds/) must survive into the bundled profiles.

Each test names a concrete fact taken from a seed and checks it through the public loader API
(`cvtui.open_library`). If a profile is edited, these tests say which fact was lost.
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest

PROFILES_DIR = Path(__file__).parents[1] / "profiles"
PROFILE_FILES = sorted(PROFILES_DIR.glob("*.toml"))

# 3-3-4 digit groups, optionally with a parenthesised area code: 555-123-4567, (555) 123 4567,
# 555.123.4567. Bounded by non-digits so ISO dates and long numbers do not match.
PHONE_RE = re.compile(r"(?<!\d)\(?\d{3}\)?[-.\s]?\d{3}[-.\s]\d{4}(?!\d)")


# ---------------------------------------------------------------------------- helpers


@pytest.fixture(scope="module")
def lib():
    from cvtui import open_library

    return open_library([PROFILES_DIR])


@pytest.fixture(scope="module")
def mickel(lib):
    return lib.person("mickel-liu")


@pytest.fixture(scope="module")
def tianhao(lib):
    return lib.person("tianhao-wu")


@pytest.fixture(scope="module")
def junwu(lib):
    return lib.person("junwu-xiong")


def blank(value) -> bool:
    """True for a field that was left out, whatever empty value the loader uses."""
    if value is None:
        return True
    if isinstance(value, (str, tuple, list)):
        return len(value) == 0
    return str(value) == ""


def paper(person, paper_id: str):
    found = [p for p in person.papers if p.id == paper_id]
    assert len(found) == 1, f"{person.name}: expected one paper {paper_id!r}, got {len(found)}"
    return found[0]


def authors(p) -> list[tuple[str, bool, bool]]:
    """(name, equal, corresponding) per author.

    Works whether `Paper.authors` holds `Author(name, equal, corresponding)` objects or the
    strings as written in the profile ("Jiaming Ji*"), whose marks are then parsed here the way
    docs/profile-format.md defines them (trailing `*` equal contribution, `†` corresponding).
    """
    out = []
    for a in p.authors:
        if isinstance(a, str):
            name, equal, corresponding = a.strip(), False, False
            while name and name[-1] in "*\u2020":
                if name[-1] == "*":
                    equal = True
                else:
                    corresponding = True
                name = name[:-1].rstrip()
            out.append((name, equal, corresponding))
        else:
            out.append((a.name, a.equal, a.corresponding))
    return out


def names(p) -> list[str]:
    return [name for name, _, _ in authors(p)]


def equal_marks(p) -> list[bool]:
    return [equal for _, equal, _ in authors(p)]


def metric(person, name: str):
    found = [m for m in person.metrics if m.name == name]
    assert len(found) == 1, f"{person.name}: expected one metric {name!r}, got {len(found)}"
    return found[0]


def education_at(person, institution: str):
    found = [e for e in person.education if e.institution == institution]
    assert len(found) == 1, f"{person.name}: expected one education at {institution!r}"
    return found[0]


def experience_where(person, **fields):
    found = [
        x
        for x in person.experience
        if all(getattr(x, key) == value for key, value in fields.items())
    ]
    assert len(found) == 1, (
        f"{person.name}: expected one experience with {fields}, got {len(found)}"
    )
    return found[0]


def award(person, title: str):
    found = [a for a in person.awards if a.title == title]
    assert len(found) == 1, f"{person.name}: expected one award {title!r}"
    return found[0]


def area_of(topic) -> str:
    return topic if isinstance(topic, str) else topic.area


def interest(items, area: str):
    found = [i for i in items if not isinstance(i, str) and i.area == area]
    assert len(found) == 1, f"expected one interest area {area!r} in {[area_of(i) for i in items]}"
    return found[0]


# ---------------------------------------------------------------------------- all bundled profiles


def test_bundled_profiles_exist():
    stems = {f.stem for f in PROFILE_FILES}
    assert {"mickel-liu", "tianhao-wu", "junwu-xiong"} <= stems


def test_bundled_profiles_load_without_problems(lib):
    assert not lib.problems, list(lib.problems)
    ids = {p.id for p in lib.people}
    assert {"mickel-liu", "tianhao-wu", "junwu-xiong"} <= ids


@pytest.mark.parametrize("path", PROFILE_FILES, ids=lambda p: p.name)
def test_no_phone_numbers_in_profiles(path):
    text = path.read_text(encoding="utf-8")
    assert not PHONE_RE.findall(text), f"{path.name} contains a phone-number-like string"


def test_phone_regex_catches_common_forms():
    for sample in ("555-123-4567", "555.123.4567", "(555) 123-4567", "555 123 4567"):
        assert PHONE_RE.search(sample), sample
    for sample in ("2023-07-10", "2017-09", "333,963", "2.6 trillion"):
        assert not PHONE_RE.search(sample), sample


@pytest.mark.parametrize("path", PROFILE_FILES, ids=lambda p: p.name)
def test_no_personal_mail_addresses(path):
    assert "gmail" not in path.read_text(encoding="utf-8").lower()


def test_paper_ids_unique_and_outputs_resolve(lib):
    for person in lib.people:
        ids = [p.id for p in person.papers]
        assert len(ids) == len(set(ids)), f"{person.id}: duplicate paper ids"
        titles = {p.title for p in person.papers}
        for x in person.experience:
            refs = list(x.outputs) + [o for t in x.topics for o in t.outputs]
            for ref in refs:
                assert ref in ids or ref in titles, f"{person.id}: output {ref!r} is not a paper"


# ---------------------------------------------------------------------------- Mickel Liu (seeds 000 + 001)


def test_mickel_identity_and_contact(mickel):
    assert mickel.name == "Mickel Liu"
    assert mickel.links.homepage == "https://mickel-liu.github.io"
    assert blank(mickel.links.email)  # the CV only has a personal address


def test_mickel_phd(mickel):
    phd = education_at(mickel, "University of Washington")
    assert phd.degree == "Ph.D."
    assert phd.field == "Computer Science"
    assert str(phd.start) == "2024-09"
    assert str(phd.end) == "2029"
    assert phd.end_expected is True
    assert any("Tim Althoff" in a for a in phd.advisors)
    assert any("Natasha Jaques" in a for a in phd.advisors)


def test_mickel_masters_and_bachelors(mickel):
    ms = education_at(mickel, "Peking University")
    assert ms.unit == "School of Computer Science"
    assert (str(ms.start), str(ms.end)) == ("2020-09", "2024-01")
    assert any("Yizhou Wang" in a for a in ms.advisors)
    assert any("Yaodong Yang" in a for a in ms.advisors)
    ba = education_at(mickel, "University of Toronto")
    assert ba.degree == "B.A.S."
    assert ba.minor == "AI Engineering"
    assert (str(ba.start), str(ba.end)) == ("2015-09", "2020-08")
    assert len(mickel.education) == 3


def test_mickel_internships(mickel):
    assert len(mickel.experience) == 5
    ai2 = experience_where(mickel, organisation="Allen Institute for AI (AI2)")
    assert ai2.kind == "internship"
    assert ai2.hosts == ("Nathan Lambert",)
    assert (str(ai2.start), str(ai2.end)) == ("2024-05", "2024-07")
    h2 = experience_where(mickel, unit="H2Lab")
    assert h2.kind == "visiting"
    assert h2.role == "Visiting Research Student"
    assert h2.hosts == ("Hannaneh Hajishirzi",)
    bigai = experience_where(
        mickel, organisation="Beijing Institute of General Artificial Intelligence (BIGAI)"
    )
    assert (str(bigai.start), str(bigai.end)) == ("2022-03", "2023-06")
    cenovus = experience_where(mickel, organisation="Cenovus Energy Inc.")
    assert cenovus.location == "Calgary, AB"


def test_mickel_one_entry_per_paper(mickel):
    # CV: 5 papers, listing: 9, overlap: 4 (MATE is only in the CV).
    assert len(mickel.papers) == 10
    assert len([p for p in mickel.papers if "Safe" in p.title and "RLHF" in p.title]) == 1
    assert len([p for p in mickel.papers if p.title.startswith("BeaverTails")]) == 1


def test_mickel_beavertails(mickel):
    p = paper(mickel, "beavertails")
    assert names(p)[:3] == ["Jiaming Ji", "Mickel Liu", "Juntao Dai"]
    assert equal_marks(p)[:4] == [True, True, True, False]
    assert len(p.authors) == 9
    assert (p.venue, p.year, p.presentation) == ("NeurIPS", 2023, "poster")
    assert str(p.date) == "2023-07-10"
    assert "CL" in p.categories
    assert p.links.project == "https://sites.google.com/view/pku-beavertails"


def test_mickel_safe_rlhf(mickel):
    p = paper(mickel, "safe-rlhf")
    assert (p.venue, p.year, p.presentation) == ("ICLR", 2024, "spotlight")
    assert str(p.date) == "2023-10-19"
    assert "AI" in p.categories
    assert [name for name, equal, _ in authors(p) if equal] == [
        "Juntao Dai",
        "Xuehai Pan",
        "Ruiyang Sun",
        "Jiaming Ji",
    ]
    assert "Mickel Liu" in names(p)
    assert ("Mickel Liu", False, False) in authors(p)


def test_mickel_baichuan2(mickel):
    p = paper(mickel, "baichuan-2")
    assert p.type == "report"
    assert p.authors_total == 55
    assert p.authors_note.startswith("Mickel Liu with 54 other authors (alphabetical ordering)")
    assert "Mickel Liu" in names(p)
    assert str(p.date) == "2023-09-19"
    assert p.orgs == ("pku",)
    assert blank(p.links.code)  # the listing shows a code badge but no URL


def test_mickel_proactive_and_mate(mickel):
    pro = paper(mickel, "proactive-multi-camera")
    assert names(pro)[:3] == ["Hai Ci", "Mickel Liu", "Xuehai Pan"]
    assert equal_marks(pro)[:3] == [True, True, True]
    assert (pro.venue, pro.year, pro.presentation) == ("ICLR", 2023, "poster")
    assert "CV" in pro.categories
    mate = paper(mickel, "mate")
    assert (mate.venue, mate.year, mate.presentation) == ("NeurIPS", 2022, "poster")
    assert names(mate) == [
        "Xuehai Pan",
        "Mickel Liu",
        "Fangwei Zhong",
        "Yaodong Yang",
        "Song-Chun Zhu",
        "Yizhou Wang",
    ]


def test_mickel_listing_only_papers(mickel):
    expected = {
        "omnisafe": ("2023-05-16", "LG", ["Jiaming Ji", "Jiayi Zhou", "Borong Zhang"]),
        "spiral": ("2025-06-30", "AI", ["Bo Liu", "Leon Guertler", "Simon Yu"]),
        "chasing-moving-targets": (
            "2025-06-09",
            "LG",
            ["Mickel Liu", "Liwei Jiang", "Yancheng Liang"],
        ),
        "artificial-hivemind": ("2025-10-27", "CL", ["Liwei Jiang", "Yuanjun Chai", "Margaret Li"]),
        "plus-personalized-rlhf": ("2025-07-17", "LG", ["Hyunji Nam", "Yanming Wan", "Mickel Liu"]),
    }
    for paper_id, (date, category, lead) in expected.items():
        p = paper(mickel, paper_id)
        assert str(p.date) == date, paper_id
        assert p.year == int(date[:4]), paper_id  # taken from the date
        assert p.categories == (category,), paper_id
        assert names(p) == lead, paper_id
        assert p.authors_note == "et al.: only lead authors listed by the source", paper_id
    assert paper(mickel, "omnisafe").links.code == "https://github.com/PKU-Alignment/omnisafe"
    assert paper(mickel, "artificial-hivemind").orgs == ("allen-ai", "cmu")
    assert paper(mickel, "spiral").orgs == ("pku",)


def test_mickel_metrics(mickel):
    assert metric(mickel, "h-index").value == 49
    assert metric(mickel, "papers").value == 9
    assert metric(mickel, "citations").value == 2886
    assert metric(mickel, "Novelty").value == "49%"
    assert metric(mickel, "AI Score").value == 51
    for m in mickel.metrics:
        assert m.source == "paper-aggregator profile page"
        assert "as reported by the listing site" in m.note.lower()
        assert blank(m.as_of)  # the listing gives no date; none is invented


def test_mickel_service(mickel):
    spans = {(s.role, s.venues, str(s.start), str(s.end)) for s in mickel.service}
    assert spans == {
        ("Reviewer", ("NeurIPS",), "2022", "2024"),
        ("Reviewer", ("ICLR",), "2024", "2025"),
        ("Reviewer", ("ICML",), "2023", "2023"),
        ("Reviewer", ("AAAI",), "2024", "2024"),
    }


def test_mickel_awards(mickel):
    assert len(mickel.awards) == 3
    fellowship = award(mickel, "Paul G. Allen School CSE Fellowship")
    assert (str(fellowship.start), str(fellowship.end)) == ("2024", "2025")
    assert str(award(mickel, "NeurIPS Scholar Award").date) == "2023"
    csc = award(mickel, "Chinese Scholarship Council (CSC) Scholarship")
    assert (str(csc.start), str(csc.end)) == ("2021", "2023")


def test_mickel_skills_and_languages(mickel):
    skills = {g.category: g.items for g in mickel.skills}
    assert set(skills) == {
        "Frameworks & Tools",
        "Engineering",
        "Domain Knowledge",
        "Technical Expertise",
    }
    assert "DeepSpeed" in skills["Frameworks & Tools"]
    assert "Slurm" in skills["Engineering"]
    assert {(lang.language, lang.fluency) for lang in mickel.languages} == {
        ("English", "Native"),
        ("Mandarin", "Native"),
    }


# ---------------------------------------------------------------------------- Tianhao Wu (seed 002)


def test_tianhao_identity_and_contact(tianhao):
    assert tianhao.name == "Tianhao Wu"
    assert tianhao.links.email == "thw@berkeley.edu"
    assert tianhao.affiliation == "University of California, Berkeley"


def test_tianhao_phd(tianhao):
    phd = education_at(tianhao, "University of California, Berkeley")
    assert phd.unit == "Department of Electrical Engineering and Computer Sciences"
    assert str(phd.start) == "2021-08"
    assert str(phd.end) == "present"


def test_tianhao_undergraduate(tianhao):
    ug = education_at(tianhao, "Peking University")
    assert ug.unit == "School of Mathematical Sciences"
    assert ug.field == "Statistics and Probability"
    assert "5%" in ug.honours
    assert (str(ug.start), str(ug.end)) == ("2017-09", "2021-07")


def test_tianhao_awards(tianhao):
    merit = award(tianhao, "Merit Student")
    assert merit.awarder == "Peking University"
    assert (str(merit.start), str(merit.end)) == ("2017-09", "2021-07")
    assert str(award(tianhao, "1st Prize in Russian Mathematical Olympiad").date) == "2015-08"
    assert str(award(tianhao, "1st Prize in Chinese Mathematical Olympiad").date) == "2015-01"


def test_tianhao_tiktok(tianhao):
    job = experience_where(tianhao, organisation="TikTok Inc")
    assert job.kind == "work"
    assert job.unit == "Data-US team"
    assert str(job.start) == "2023-09"
    assert str(job.end) == "present"


def test_tianhao_interests(tianhao):
    assert len(tianhao.interests) >= 3
    assert any("RLHF" in i.area for i in tianhao.interests)


def test_tianhao_papers(tianhao):
    expected = {
        "starling-7b": ("blog", None, None, None),
        "p3o": ("blog", "under review", None, None),
        "reduction-delayed-feedback": ("conference", "accepted", "NeurIPS", 2023),
        "nearly-optimal-policy-optimization": ("conference", "accepted", "ICML", 2022),
        "conservative-exploration": ("conference", "accepted", "ICLR", 2021),
        "rl-adversarial-corruption": ("conference", "accepted", "ICML", 2021),
        "sanity-checking-pruning": ("conference", "accepted", "NeurIPS", 2021),
    }
    assert {p.id for p in tianhao.papers} == set(expected)
    for paper_id, (kind, status, venue, year) in expected.items():
        p = paper(tianhao, paper_id)
        assert p.type == kind, paper_id
        assert blank(p.status) if status is None else p.status == status, paper_id
        assert blank(p.venue) if venue is None else p.venue == venue, paper_id
        assert p.year == year, paper_id
        assert names(p) == ["Tianhao Wu"], paper_id
        assert p.authors_note == "co-authors not listed in the source", paper_id


def test_tianhao_paper_titles(tianhao):
    assert paper(tianhao, "starling-7b").title == (
        "Starling-7B: Increasing LLM helpfulness & Harmlessness with RLAIF"
    )
    assert paper(tianhao, "p3o").title == (
        "Pairwise Proximal Policy Optimization: Harnessing Relative Feedback in LLM Alignment"
    )
    assert paper(tianhao, "sanity-checking-pruning").title == (
        "Sanity-checking pruning methods: Random tickets can win the jackpot"
    )
    assert any("8.09" in h for h in paper(tianhao, "starling-7b").highlights)


# ---------------------------------------------------------------------------- Junwu Xiong (seed 003)


def test_junwu_identity(junwu):
    assert junwu.name == "Junwu Xiong"
    assert blank(junwu.links.email)


def test_junwu_top_level_interest_areas(junwu):
    assert [i.area for i in junwu.interests] == [
        "Scalable RL Reasoning",
        "LLM Post-Training, such as RLHF, SFT",
        "LLM Pretraining",
        "RL, Multi-Agent Learning Algorithm and Framework",
        "Reinforcement Preference Learning",
        "Other Areas",
    ]


def test_junwu_nested_interests(junwu):
    post = interest(junwu.interests, "LLM Post-Training, such as RLHF, SFT")
    reward = interest(post.topics, "Reward Modeling")
    assert "Scale-law of Reward Modeling" in [area_of(t) for t in reward.topics]
    prefs = interest(junwu.interests, "Reinforcement Preference Learning")
    assert [area_of(t) for t in prefs.topics] == [
        "Ranking",
        "Pricing",
        "Marketing",
        "Recommendation algorithm and system",
    ]
    other = interest(junwu.interests, "Other Areas")
    curiosity = interest(other.topics, "Areas of curiosity-driven")
    aigc = interest(curiosity.topics, "Controllable AIGC")
    assert [area_of(t) for t in aigc.topics] == ["Diffusion Models"]


def test_junwu_ant_group_collaborations(junwu):
    ant = [x for x in junwu.experience if x.organisation == "Ant Group"]
    assert len(ant) == 5
    assert all(x.kind == "collaboration" and x.role == "Research Leader" for x in ant)
    partners = {c for x in ant for c in x.collaborators}
    assert partners == {
        "Peking University Frontier Computing Center",
        "Damo Academy, Alibaba Group",
        "Hong Kong University of Science and Technology",
        "University of California, Berkeley",
        "Peking University",
    }


def test_junwu_ant_group_dates_and_advisors(junwu):
    fcc = experience_where(junwu, collaborators=("Peking University Frontier Computing Center",))
    assert (str(fcc.start), str(fcc.end)) == ("2023-08", "2024-10")
    assert fcc.advisors == ("Xiaotie Deng",)
    assert len(fcc.topics) == 3
    damo = experience_where(junwu, collaborators=("Damo Academy, Alibaba Group",))
    assert (str(damo.start), str(damo.end)) == ("2019-05", "2022-12")
    assert damo.supervisors == ("James Zhang",)
    hkust = experience_where(
        junwu, collaborators=("Hong Kong University of Science and Technology",)
    )
    assert (str(hkust.start), str(hkust.end)) == ("2020-06", "2021-05")
    assert hkust.advisors == ("Yangqiu Song",)
    berkeley = experience_where(junwu, collaborators=("University of California, Berkeley",))
    assert (str(berkeley.start), str(berkeley.end)) == ("2018-11", "2020-04")
    assert set(berkeley.advisors) == {"Le Song", "Yuan Qi", "Michael I. Jordan"}
    pku = experience_where(junwu, collaborators=("Peking University",))
    assert (str(pku.start), str(pku.end)) == ("2017-06", "2019-07")
    assert set(pku.advisors) == {"Xiaotie Deng", "Yuan Qi"}


def test_junwu_outputs_link_papers(junwu):
    fcc = experience_where(junwu, collaborators=("Peking University Frontier Computing Center",))
    assert "hummer" in fcc.outputs
    berkeley = experience_where(junwu, collaborators=("University of California, Berkeley",))
    assert set(berkeley.outputs) == {
        "value-propagation",
        "intention-propagation",
        "cost-effective-incentive-allocation",
    }
    beihang = experience_where(junwu, organisation="Beihang University")
    assert set(beihang.outputs) == {"coca", "optimal-clustering-icpads"}


def test_junwu_early_research(junwu):
    beihang = experience_where(junwu, organisation="Beihang University")
    assert beihang.advisors == ("Huan Li",)
    assert (str(beihang.start), str(beihang.end)) == ("2009-03", "2010-08")
    assert len(beihang.topics) == 4
    cityu = experience_where(junwu, organisation="Hong Kong City University")
    assert cityu.role == "Research Assistant"
    assert cityu.unit == "Future Network Center"
    assert (str(cityu.start), str(cityu.end)) == ("2008-04", "2008-09")
    hunan = experience_where(junwu, organisation="Hunan Agricultural University")
    assert hunan.advisors == ("Tiejun Zhou",)
    assert (str(hunan.start), str(hunan.end)) == ("2007-01", "2007-05")


def test_junwu_education(junwu):
    ms = education_at(junwu, "Beihang University")
    assert ms.degree == "Master"
    assert ms.unit == "School of Computer Science and Engineering"
    ug = education_at(junwu, "Hunan Agricultural University")
    assert ug.unit == "College of Information and Intelligence"
    assert ug.advisors == ("Tiejun Zhou",)


def test_junwu_papers(junwu):
    expected = {
        "hummer": ("Hummer: Towards Limited Competitive Preference Dataset", "COLM", 2024),
        "digital-human-recommendation": (
            "Digital Human Interactive Recommendation Decision-Making Based on Reinforcement Learning",
            "NeurIPS Workshop on Human in the Loop Learning",
            2022,
        ),
        "model-embedding-mbrl": (
            "Model-based Off-policy Deep Reinforcement Learning with Model-embedding",
            "arXiv",
            None,
        ),
        "unit-ball-complex-hyperbolic": (
            "Unit Ball Model for Embedding Hierarchical Structures in the Complex Hyperbolic Space",
            "arXiv",
            None,
        ),
        "value-propagation": (
            "Value Propagation for Decentralized Networked Deep Multi-agent Reinforcement Learning",
            "NeurIPS",
            2019,
        ),
        "intention-propagation": (
            "Intention propagation for multi-agent reinforcement learning",
            "arXiv",
            None,
        ),
        "cost-effective-incentive-allocation": (
            "Cost-effective incentive allocation via structured counterfactual inference",
            "AAAI",
            2020,
        ),
        "lda-internet-price-war": (
            "Latent Dirichlet Allocation for Internet Price War",
            "AAAI",
            2019,
        ),
        "rl-uplift-modeling": ("Reinforcement learning for uplift modeling", "arXiv", None),
        "coca": (
            "COCA: Constructing optimal clustering architecture to maximize sensor network lifetime",
            "Computer Communications",
            2013,
        ),
        "optimal-clustering-icpads": (
            "Constructing optimal clustering architecture for maximizing lifetime in large scale wireless sensor networks",
            "ICPADS",
            2009,
        ),
    }
    assert {p.id for p in junwu.papers} == set(expected)
    for paper_id, (title, venue, year) in expected.items():
        p = paper(junwu, paper_id)
        assert p.title == title, paper_id
        assert p.venue == venue, paper_id
        assert p.year == year, paper_id
        assert names(p) == ["Junwu Xiong"], paper_id
    assert paper(junwu, "coca").type == "journal"
    assert paper(junwu, "digital-human-recommendation").type == "workshop"
