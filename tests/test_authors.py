"""Author strings → profiles across spellings, and profiles that may be one person."""

from __future__ import annotations

from pathlib import Path

from cvtui.cli import main
from cvtui.core.authors import AuthorLinker, name_keys, orcid_of
from cvtui.core.library import Library
from cvtui.core.model import Links, Paper, Person


def people(*names: str, **orcids: str) -> list[Person]:
    out = []
    for n, name in enumerate(names):
        pid = f"p{n}"
        out.append(Person(name=name, id=pid, links=Links(orcid=orcids.get(pid, ""))))
    return out


def test_name_keys_drop_middle_names_and_read_last_first() -> None:
    assert name_keys("Christopher D. Manning") == (
        "christopher d manning",
        "christopher manning",
        "c manning",
    )
    assert name_keys("Manning, Christopher")[0] == "christopher manning"
    assert name_keys("Jean-Pierre Núñez-López")[0] == "jean pierre nunez lopez"
    assert name_keys("Yun-Keun Lee")[1] == "yunkeun lee"  # a hyphenated given name is one
    assert name_keys("Plato") == ("plato", "", "")


def test_links_by_name_alias_variants_and_order() -> None:
    linker = AuthorLinker(
        [
            Person(name="Christopher D. Manning", id="cdm"),
            Person(name="Ana Núñez", id="ana", aliases=("A. Nunez-Perez",)),
        ]
    )
    for written in (
        "Christopher D. Manning",
        "Christopher Manning",  # middle initial dropped
        "C. D. Manning",  # initialised
        "Manning, Christopher D.",  # last, first
        "christopher  d. manning*",  # case, spaces, marks
    ):
        assert linker.link(written.rstrip("*")) == 0, written
    assert linker.link("Ana Nunez") == 1  # accents
    assert linker.link("A. Nunez-Perez") == 1  # an alias
    assert linker.link("Carl Unknown") is None


def test_ambiguous_names_stay_unlinked() -> None:
    linker = AuthorLinker(
        [
            Person(name="Wei Wang", id="a"),
            Person(name="Wei Wang", id="b"),
            Person(name="Chris Lee", id="c"),
            Person(name="Christine Lee", id="d"),
        ]
    )
    assert linker.link("Wei Wang") is None
    assert linker.link("C. Lee") is None  # two profiles fit the initial
    assert linker.link("Chris Lee") == 2  # the exact name decides before looser steps


def test_orcid_links_whatever_the_spelling() -> None:
    linker = AuthorLinker(
        people("Jane Roe", "Jane Roe", p1="https://orcid.org/0000-0002-1825-0097")
    )
    assert linker.link("J. R.", "orcid:0000-0002-1825-0097") == 1
    assert linker.link("Jane Roe") is None  # by name alone: ambiguous
    assert orcid_of("https://orcid.org/0000-0001-5109-372x") == "0000-0001-5109-372X"


def test_a_linker_updated_for_an_edited_profile_links_as_a_new_one_would() -> None:
    old = [
        Person(name="Wei Wang", id="a"),
        Person(name="Wei Wang", id="b", aliases=("W. Wang",)),
        Person(name="Chris Lee", id="c", links=Links(orcid="0000-0002-1825-0097")),
        Person(name="Ana Núñez", id="d"),
    ]
    before = AuthorLinker(old)
    assert before.link("Ana Nunez") == 3  # memoised: the update must not keep it
    new = list(old)
    new[1] = Person(name="Wendy Wang", id="b")  # no longer a second Wei Wang
    new[2] = Person(name="Christopher Lee", id="c", links=Links(orcid="0000-0001-5109-3700"))
    new[3] = Person(name="Ana Pérez", id="d")
    updated = before.updated(old, new)
    assert updated is not None
    fresh = AuthorLinker(new)
    probes = [
        ("Wei Wang", ""),
        ("W. Wang", ""),
        ("Wendy Wang", ""),
        ("Chris Lee", ""),
        ("C. Lee", ""),
        ("Christopher Lee", ""),
        ("X", "orcid:0000-0002-1825-0097"),
        ("X", "orcid:0000-0001-5109-3700"),
        ("Ana Nunez", ""),
        ("Ana Perez", ""),
    ]
    assert [updated.link(w, ids) for w, ids in probes] == [fresh.link(w, ids) for w, ids in probes]
    assert updated.link("Wei Wang") == 0 and updated.link("Ana Nunez") is None
    assert before.link("Wei Wang") is None and before.link("Ana Nunez") == 3  # unchanged
    assert before.updated(old, new[:3]) is None  # a profile gone: build a new one


def _paper(title: str, *authors: str) -> Paper:
    return Paper(title=title, authors=authors, year=2020)


def test_lookalike_profiles_with_coauthors_in_common_are_a_warning() -> None:
    long = Person(
        name="Christopher D. Manning",
        id="cdm",
        papers=(_paper("One", "Christopher D. Manning", "Dan Klein", "Percy Liang"),),
    )
    short = Person(
        name="Christopher Manning",
        id="cm",
        papers=(_paper("Two", "Christopher Manning", "Dan Klein", "Percy Liang"),),
    )
    lib = Library([long, short], sources=["cdm.toml", "cm.toml"])
    (warning,) = [p for p in lib.problems if "same person" in p.message]
    assert warning.severity == "warning" and warning.path == "cdm.toml"
    assert "may be the same person as Christopher Manning (cm.toml)" in warning.message
    assert "share 2 co-authors (dan klein, percy liang)" in warning.message


def test_lookalikes_without_shared_coauthors_are_not_warned() -> None:
    a = Person(name="Wei Wang", id="a", papers=(_paper("One", "Wei Wang", "Ann"),))
    b = Person(name="Wei W. Wang", id="b", papers=(_paper("Two", "Wei W. Wang", "Bob"),))
    c = Person(name="Chris Manning", id="c", papers=(_paper("Three", "Ann", "Bob"),))
    lib = Library([a, b, c], sources=["a", "b", "c"])
    assert not [p for p in lib.problems if "same person" in p.message]


def test_same_orcid_is_a_warning_even_with_other_names() -> None:
    one = Person(name="Jane Roe", id="j1", links=Links(orcid="0000-0002-1825-0097"))
    two = Person(name="J. Smith-Roe", id="j2", links=Links(orcid="0000-0002-1825-0097"))
    lib = Library([one, two], sources=["j1.toml", "j2.toml"])
    (warning,) = [p for p in lib.problems if "same person" in p.message]
    assert "ORCID 0000-0002-1825-0097" in warning.message and "j2.toml" in warning.message


def test_validate_names_both_files(tmp_path: Path, capsys) -> None:  # type: ignore[no-untyped-def]
    for pid, name in (("cdm", "Christopher D. Manning"), ("cm", "Christopher Manning")):
        (tmp_path / f"{pid}.toml").write_text(
            f'name = "{name}"\n\n[[papers]]\ntitle = "Paper of {pid}"\n'
            f'authors = ["{name}", "Dan Klein", "Percy Liang"]\n',
            encoding="utf-8",
        )
    assert main(["validate", "--no-cache", str(tmp_path)]) == 1
    out = capsys.readouterr().out
    (line,) = [x for x in out.splitlines() if "may be the same person" in x]
    assert str(tmp_path / "cdm.toml") in line and str(tmp_path / "cm.toml") in line
