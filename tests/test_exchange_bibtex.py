"""BibTeX import and export: one test per mapping rule, real files from researchers' sites,
and round trips (export → import into an empty profile → export gives the same entries)."""

from __future__ import annotations

import os
from pathlib import Path

import bibtexparser
import pytest

from cvtui.cli import main
from cvtui.core.exchange.bibtex import (
    citation_key,
    paper_to_bibtex,
    papers_to_bibtex,
    papers_to_bibtex_text,
    read_bibtex,
)
from cvtui.core.loading import load_file, load_paths
from cvtui.core.model import Paper, PaperLinks

# Real files from researchers' sites, kept beside the repository (or named by the environment).
REALWORLD = Path(
    os.environ.get("CVTUI_REALWORLD_DIR")
    or Path(__file__).resolve().parents[2] / "shared" / "realworld"
)
BIB_FILES = sorted(REALWORLD.glob("*.bib")) if REALWORLD.is_dir() else []
needs_realworld = pytest.mark.skipif(
    not BIB_FILES, reason="the real-world sample folder (shared/realworld) is not present"
)
# Real entries per file (SOURCES.md), excluding @string and @comment.
ENTRY_COUNTS = {
    "0xtob-papers.bib": 16,
    "501good-papers.bib": 10,
    "alecthomson-papers.bib": 37,
    "alexmeyer-gohde-papers.bib": 8,
    "alicetrevail-papers.bib": 37,
    "nickswalker-papers.bib": 30,
}


def one(text: str) -> dict:
    result = read_bibtex(text, "test.bib")
    assert len(result.papers) == 1, result.problems
    return result.papers[0].fields


# --- mapping rules ------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("entry", "extra", "expected"),
    [
        ("article", "journal = {Nature}", "journal"),
        ("article", "journal = {arXiv preprint arXiv:2401.00001}", "preprint"),
        ("article", "journal = {CoRR}", "preprint"),
        ("inproceedings", "booktitle = {NeurIPS}", "conference"),
        ("conference", "booktitle = {ICML}", "conference"),
        ("inproceedings", "booktitle = {Proceedings of the Workshop on X}", "workshop"),
        ("techreport", "institution = {MIT}", "report"),
        ("misc", "eprint = {2401.00001}, archivePrefix = {arXiv}", "preprint"),
        ("misc", "howpublished = {Online}", "other"),
        ("phdthesis", "school = {MIT}", "thesis"),
        ("mastersthesis", "school = {MIT}", "thesis"),
        ("book", "publisher = {Springer}", "book"),
        ("incollection", "booktitle = {A Book}", "book"),
        ("unpublished", "note = {Under review}", "preprint"),
        ("patent", "number = {US1}", "other"),
    ],
)
def test_entry_type_maps_to_paper_type(entry: str, extra: str, expected: str) -> None:
    paper = one(f"@{entry}{{k, title = {{T}}, {extra}}}")
    assert paper["type"] == expected


def test_venue_comes_from_the_field_of_the_entry_type() -> None:
    assert one("@article{k, title={T}, journal={J. Stuff}}")["venue"] == "J. Stuff"
    assert one("@inproceedings{k, title={T}, booktitle={Proc. X}}")["venue"] == "Proc. X"
    assert one("@phdthesis{k, title={T}, school={MIT}}")["venue"] == "MIT"
    assert one("@techreport{k, title={T}, institution={RAND}}")["venue"] == "RAND"
    assert one("@patent{k, title={T}, number={US11837214}}")["venue"] == "Patent US11837214"


def test_authors_are_split_on_and_and_written_first_name_first() -> None:
    paper = one(
        "@article{k, title={T}, author = {Agarwal, Navneet*  and\n   {Thomson}, A.~J.~M. and "
        "de Ruiter, I. and Grace Hopper and {Google DeepMind}}}"
    )
    assert paper["authors"] == [
        "Navneet Agarwal*",
        "A. J. M. Thomson",
        "I. de Ruiter",
        "Grace Hopper",
        "Google DeepMind",
    ]


def test_equal_contribution_and_corresponding_marks_become_trailing_marks() -> None:
    paper = one(
        r"@article{k, title={T}, author={A. One$^*$ and B. Two\textsuperscript{*} and C. Three\dag}}"
    )
    assert paper["authors"] == ["A. One*", "B. Two*", "C. Three†"]


def test_and_others_becomes_an_authors_note() -> None:
    paper = one("@article{k, title={T}, author={A. One and others}}")
    assert paper["authors"] == ["A. One"]
    assert paper["authors_note"] == "et al."


def test_latex_accents_and_braces_become_unicode() -> None:
    paper = one(
        r"""@article{k, title = "{Marine {Important} {Bird} at z {\ensuremath{\sim}} 1: 10\% {\&} more---really}",
        author = {Ga{\"e}l Dias and Ljube{\v{s}}i{\'c}, Nikola and M{\"u}ller, J{\"o}rg and {\.Z}ak, {\L}ukasz and Stra{\ss}e, A.}}"""
    )
    assert paper["title"] == "Marine Important Bird at z ∼ 1: 10% & more—really"
    assert paper["authors"] == [
        "Gaël Dias",
        "Nikola Ljubešić",
        "Jörg Müller",
        "Łukasz Żak",
        "A. Straße",
    ]


def test_nasa_ads_journal_macros_are_expanded() -> None:
    assert one(r"@article{k, title={T}, journal={\aap}}")["venue"] == "Astronomy and Astrophysics"
    assert one(r"@article{k, title={T}, journal={\mnras}}")["venue"] == (
        "Monthly Notices of the Royal Astronomical Society"
    )
    assert one(r"@article{k, title={T}, journal={\apjs}}")["venue"] == (
        "Astrophysical Journal Supplement Series"
    )


def test_string_macros_are_resolved() -> None:
    paper = one(
        '@string{CVPR = "Computer Vision and Pattern Recognition"}\n'
        "@inproceedings{k, title={T}, booktitle = CVPR, year = 2020}"
    )
    assert paper["venue"] == "Computer Vision and Pattern Recognition"
    assert paper["year"] == 2020


@pytest.mark.parametrize(
    ("month", "date"),
    [
        ("may", "2024-05"),
        ("{July}", "2024-07"),
        ("{05}", "2024-05"),
        ("sep", "2024-09"),
        ("{December}", "2024-12"),
    ],
)
def test_month_macros_names_and_numbers(month: str, date: str) -> None:
    paper = one(f"@article{{k, title={{T}}, year={{2024}}, month = {month}}}")
    assert paper["year"] == 2024
    assert paper["date"] == date


def test_empty_month_is_only_the_year() -> None:
    paper = one("@article{k, title={T}, year=2019, month={}}")
    assert paper["year"] == 2019
    assert "date" not in paper


def test_biblatex_date_without_year() -> None:
    paper = one("@article{k, title={T}, date={2023-05-02}}")
    assert paper["year"] == 2023
    assert paper["date"] == "2023-05-02"


def test_doi_is_bare_even_when_written_as_a_url() -> None:
    paper = one("@article{k, title={T}, doi={https://doi.org/10.1016/j.econmod.2024.106670}}")
    assert paper["links"]["doi"] == "10.1016/j.econmod.2024.106670"


def test_doi_found_in_a_doi_url() -> None:
    paper = one("@misc{k, title={T}, url={http://dx.doi.org/10.1101/2023.05.02.539030}}")
    assert paper["links"]["doi"] == "10.1101/2023.05.02.539030"


@pytest.mark.parametrize(
    "fields",
    [
        "eprint={2307.04657}, archivePrefix={arXiv}",
        "arxiv={2307.04657}",
        "url={https://arxiv.org/abs/2307.04657v2}",
        "journal={arXiv preprint arXiv:2307.04657}",
        "doi={10.48550/arXiv.2307.04657}",
    ],
)
def test_arxiv_id_from_eprint_field_url_journal_or_doi(fields: str) -> None:
    assert one(f"@article{{k, title={{T}}, {fields}}}")["links"]["arxiv"] == "2307.04657"


def test_code_pdf_and_project_links() -> None:
    paper = one(
        "@inproceedings{k, title={T}, code={https://github.com/a/b}, "
        "wwwpdf={https://x.org/p.pdf}, website={https://proj.org}}"
    )
    assert paper["links"] == {
        "code": "https://github.com/a/b",
        "pdf": "https://x.org/p.pdf",
        "project": "https://proj.org",
    }


def test_a_link_field_that_is_not_a_web_address_is_kept_verbatim_not_as_a_link() -> None:
    paper = one("@article{k, title={T}, pdf={paper.pdf}}")
    assert "links" not in paper
    assert paper["extra"] == {"pdf": "paper.pdf"}


def test_citation_key_kept_as_paper_id_when_it_is_a_usable_id() -> None:
    assert one("@article{smith2024, title={T}}")["id"] == "smith2024"
    assert "id" not in one("@article{DBLP:conf/x/Y24, title={T}}")


def test_jekyll_front_matter_comments_and_crlf() -> None:
    text = "---\r\nlayout: x\r\n---\r\n@comment{SECTION}\r\n\r\n@article{k,\r\n  title = {A\r\n  B},\r\n  year = 2020\r\n}\r\n"
    result = read_bibtex(text, "t.bib")
    assert [p.fields["title"] for p in result.papers] == ["A B"]
    assert result.problems == []


def test_malformed_entry_is_reported_with_file_and_line_and_the_rest_imported() -> None:
    text = (
        "@article{good1, title={One}, year=2020}\n"
        "\n"
        "@article{broken, title={Two, year=2021\n"
        "\n"
        "@article{good2, title={Three}, year=2022}\n"
    )
    result = read_bibtex(text, "cv.bib")
    titles = [p.fields["title"] for p in result.papers]
    assert "One" in titles
    errors = [p for p in result.problems if p.severity == "error"]
    assert errors and errors[0].path == "cv.bib" and errors[0].line == 3
    assert result.skipped and result.skipped[0][0] == 3


def test_missing_comma_after_key_is_repaired_and_reported() -> None:
    text = "@Article{first,\n  title={A},\n}\n@Article{second\n  author={X, Y},\n  title={B},\n}\n"
    result = read_bibtex(text, "t.bib")
    assert [p.fields["title"] for p in result.papers] == ["A", "B"]
    assert [(p.line, p.severity) for p in result.problems] == [(4, "warning")]


def test_entry_without_title_is_skipped_with_a_reason() -> None:
    result = read_bibtex("@misc{notitle, author={A}}", "t.bib")
    assert result.papers == []
    assert result.skipped == [(1, "notitle", "no title")]


# --- export --------------------------------------------------------------------------------


def test_export_is_valid_bibtex_with_special_characters_escaped() -> None:
    paper = Paper(
        title="50% of R&D: $5 for #1 a_b {braces} ~tilde — Müller’s BeaverTails",
        id="x",
        authors=("José Müller*", "Y. Yang†"),
        venue="NeurIPS & Co",
        year=2023,
        type="conference",
        links=PaperLinks(url="https://x.org/a_b%20c?d=1&e", doi="10.1/a_b"),
    )
    text = papers_to_bibtex_text([paper])
    parsed = bibtexparser.parse_string(text)
    assert parsed.failed_blocks == []
    entry = parsed.entries[0]
    assert entry.entry_type == "inproceedings"
    assert entry["url"] == "https://x.org/a_b%20c?d=1&e"
    back = read_bibtex(text, "x.bib").papers[0].fields
    assert back["title"] == "50% of R&D: $5 for #1 a_b {braces} ~tilde — Müller’s BeaverTails"
    assert back["authors"] == ["José Müller*", "Y. Yang†"]
    assert back["venue"] == "NeurIPS & Co"


@pytest.mark.parametrize(
    ("kind", "entry_type"),
    [
        ("conference", "inproceedings"),
        ("workshop", "inproceedings"),
        ("journal", "article"),
        ("report", "techreport"),
        ("thesis", "phdthesis"),
        ("book", "book"),
        ("blog", "misc"),
        ("other", "misc"),
    ],
)
def test_paper_type_exports_as_entry_type(kind: str, entry_type: str) -> None:
    text = papers_to_bibtex_text([Paper(title="T", type=kind, year=2020)])
    assert bibtexparser.parse_string(text).entries[0].entry_type == entry_type


def test_preprint_exports_with_eprint() -> None:
    text = papers_to_bibtex_text(
        [Paper(title="T", type="preprint", links=PaperLinks(arxiv="2401.00001"))]
    )
    entry = bibtexparser.parse_string(text).entries[0]
    assert (entry.entry_type, entry["eprint"], entry["archiveprefix"]) == (
        "misc",
        "2401.00001",
        "arXiv",
    )


def test_citation_keys_are_conventional_stable_and_unique() -> None:
    derived = Paper(
        title="Safe RLHF: Safe Reinforcement Learning",
        id="safe-rlhf-safe-reinforcement-learning",
        authors=("Josef Dai", "B"),
        year=2023,
    )
    assert citation_key(derived) == "dai2023safe"
    # A profile's own id is not a citation key; an imported entry's key is.
    assert citation_key(
        Paper(title="X", id="beavertails", authors=("Jiaming Ji*",), year=2023)
    ) == ("ji2023x")
    assert citation_key(Paper(title="X", citation_key="smith2024")) == "smith2024"
    text = papers_to_bibtex_text([derived, derived, derived])
    keys = [e.key for e in bibtexparser.parse_string(text).entries]
    assert keys == ["dai2023safe", "dai2023safea", "dai2023safeb"]
    assert papers_to_bibtex_text([derived]) == papers_to_bibtex_text([derived])


def test_library_functions_for_the_app() -> None:
    library = load_paths([Path(__file__).resolve().parents[1] / "profiles"])
    assert library.papers
    one_text = paper_to_bibtex(library, 0)
    assert bibtexparser.parse_string(one_text).entries[0]["title"]
    all_text = papers_to_bibtex(library, range(len(library.papers)))
    assert len(bibtexparser.parse_string(all_text).entries) == len(library.papers)


# --- real files ------------------------------------------------------------------------------


def _import(tmp_path: Path, bib: Path, person: str, directory: Path | None = None) -> int:
    directory = directory or tmp_path / "profiles"
    directory.mkdir(exist_ok=True)
    return main(
        [
            "import",
            "bibtex",
            str(bib),
            "--person",
            person,
            "--name",
            "Test Person",
            "--dir",
            str(directory),
        ]
    )


def _export(directory: Path, person: str, capsys: pytest.CaptureFixture[str]) -> str:
    capsys.readouterr()
    assert main(["export", "bibtex", "--person", person, "--no-cache", str(directory)]) == 0
    return capsys.readouterr().out


@needs_realworld
@pytest.mark.parametrize("bib", BIB_FILES, ids=lambda p: p.name)
def test_real_file_imports_cleanly_and_accounts_for_every_entry(
    bib: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert _import(tmp_path, bib, "someone") == 0
    out = capsys.readouterr().out
    person, problems = load_file(tmp_path / "profiles" / "someone.toml")
    assert person is not None
    assert [p for p in problems if p.severity == "error"] == []
    summary = out.splitlines()[0]
    numbers = dict(part.split() for part in summary.split(": ", 1)[1].split(", "))
    added, merged, skipped = (int(numbers[k]) for k in ("added", "merged", "skipped"))
    assert added + merged + skipped == ENTRY_COUNTS[bib.name]
    assert len(person.papers) == added


@needs_realworld
@pytest.mark.parametrize("bib", BIB_FILES, ids=lambda p: p.name)
def test_real_file_round_trip(
    bib: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    first_dir = tmp_path / "first"
    second_dir = tmp_path / "second"
    first_dir.mkdir()
    second_dir.mkdir()
    assert _import(tmp_path, bib, "a", first_dir) == 0
    exported = _export(first_dir, "a", capsys)
    (tmp_path / "exported.bib").write_text(exported, encoding="utf-8")
    assert _import(tmp_path, tmp_path / "exported.bib", "b", second_dir) == 0
    again = _export(second_dir, "b", capsys)
    assert again == exported
    assert bibtexparser.parse_string(exported).failed_blocks == []


@needs_realworld
def test_real_file_details(tmp_path: Path) -> None:
    def papers(name: str) -> dict[str, dict]:
        result = read_bibtex((REALWORLD / name).read_text(encoding="utf-8"), name)
        return {p.key: p.fields for p in result.papers}

    good = papers("501good-papers.bib")["agarwal-etal-2024-analyzing"]
    assert good["authors"][:2] == ["Navneet Agarwal*", "Kirill Milintsevich*"]
    assert "Gaël Dias" in good["authors"]
    assert good["date"] == "2024-05"
    ads = papers("alecthomson-papers.bib")["2026A&A...710L..32M"]
    assert ads["venue"] == "Astronomy and Astrophysics"
    assert ads["links"]["arxiv"] == "2605.16924"
    assert "A. J. M. Thomson" in ads["authors"]
    trevail = papers("alicetrevail-papers.bib")
    assert len(trevail["miller2023"]["authors"]) >= 60
    assert "grémillet2023" in trevail
    cv = papers("0xtob-papers.bib")["Weyand15CVIU"]
    assert cv["venue"] == "Computer Vision and Image Understanding"
    crlf = papers("alexmeyer-gohde-papers.bib")
    assert len(crlf) == 8
    assert crlf["meyer-gohde_saecker_2024"]["links"]["doi"] == "10.1016/j.econmod.2024.106670"


# --- duplicates ------------------------------------------------------------------------------


def _bib(tmp_path: Path, text: str, name: str = "in.bib") -> Path:
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return path


def _titles(path: Path) -> list[str]:
    person, problems = load_file(path)
    assert person is not None and not [p for p in problems if p.severity == "error"]
    return [p.title for p in person.papers]


def _import_two(tmp_path: Path, first: str, second: str) -> Path:
    """Import ``first`` into a new profile, then ``second`` into the same profile."""
    assert _import(tmp_path, _bib(tmp_path, first, "first.bib"), "p") == 0
    directory = tmp_path / "profiles"
    bib = _bib(tmp_path, second, "second.bib")
    assert main(["import", "bibtex", str(bib), "--person", "p", "--dir", str(directory)]) == 0
    return directory / "p.toml"


def test_same_doi_completes_the_paper_in_the_profile(tmp_path: Path) -> None:
    path = _import_two(
        tmp_path,
        "@article{a, title={One}, doi={10.1/x}}\n",
        "@article{b, title={One (journal version)}, doi={https://doi.org/10.1/X}, "
        "journal={J}, code={https://github.com/a/b}}\n",
    )
    person, _ = load_file(path)
    assert person is not None and len(person.papers) == 1
    assert person.papers[0].venue == "J"
    assert person.papers[0].links.code == "https://github.com/a/b"


def test_same_arxiv_id_completes_the_paper(tmp_path: Path) -> None:
    path = _import_two(
        tmp_path,
        "@misc{a, title={A}, eprint={2401.00001}}\n",
        "@article{b, title={A!}, url={https://arxiv.org/abs/2401.00001v3}}\n",
    )
    assert _titles(path) == ["A"]


def test_same_normalised_title_upgrades_a_preprint_in_the_profile(tmp_path: Path) -> None:
    path = _import_two(
        tmp_path,
        "@article{a, title={Periodic Radio Emission}, journal={arXiv e-prints}, "
        "eprint={2606.04232}, doi={10.48550/arXiv.2606.04232}, year=2026}\n",
        "@article{b, title={Periodic radio emission}, journal={Nature Astronomy}, "
        "doi={10.1038/s41550-026}, year=2026}\n",
    )
    person, _ = load_file(path)
    assert person is not None and len(person.papers) == 1
    paper = person.papers[0]
    assert (paper.type, paper.venue) == ("journal", "Nature Astronomy")
    assert (paper.links.doi, paper.links.arxiv) == ("10.1038/s41550-026", "2606.04232")


def test_two_entries_of_one_file_are_both_kept_even_for_one_work(tmp_path: Path) -> None:
    bib = _bib(
        tmp_path,
        "@article{a, title={One}, doi={10.1/x}, journal={arXiv e-prints}}\n"
        "@article{b, title={One}, doi={10.1/x}, journal={J}}\n",
    )
    assert _import(tmp_path, bib, "p") == 0
    person, _ = load_file(tmp_path / "profiles" / "p.toml")
    assert person is not None
    assert [p.citation_key for p in person.papers] == ["a", "b"]


def test_one_talk_at_two_workshops_is_not_merged_into_one_paper(tmp_path: Path) -> None:
    path = _import_two(
        tmp_path,
        "@unpublished{a, title={CrossLang}, note={NeurIPS workshop}, year=2019}\n",
        "@unpublished{b, title={CrossLang}, note={KDD workshop}, year=2019}\n",
    )
    assert _titles(path) == ["CrossLang", "CrossLang"]


def test_same_title_at_different_published_venues_is_kept_twice(tmp_path: Path) -> None:
    bib = _bib(
        tmp_path,
        "@article{a, title={Jointly Improving}, journal={JAIR}, year=2020}\n"
        "@inproceedings{b, title={Jointly Improving}, booktitle={RSS Workshop on X}, year=2018}\n"
        "@patent{c, title={Platform}, number={US1}, year=2020}\n"
        "@patent{d, title={Platform}, number={US2}, year=2023}\n",
    )
    _import(tmp_path, bib, "p")
    assert len(_titles(tmp_path / "profiles" / "p.toml")) == 4


def test_importing_the_same_file_twice_adds_nothing(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    bib = _bib(
        tmp_path, "@article{a, title={One}, year=2020}\n@article{b, title={Two}, year=2021}\n"
    )
    _import(tmp_path, bib, "p")
    before = (tmp_path / "profiles" / "p.toml").read_text()
    capsys.readouterr()
    assert (
        main(["import", "bibtex", str(bib), "--person", "p", "--dir", str(tmp_path / "profiles")])
        == 0
    )
    assert "added 0, merged 2, skipped 0" in capsys.readouterr().out
    assert (tmp_path / "profiles" / "p.toml").read_text() == before


def test_malformed_entries_are_listed_and_the_rest_is_written_with_exit_0(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    bib = _bib(
        tmp_path,
        "@article{a, title={One}}\n\n@article{b, title={Two, year=2021\n\n@article{c, title={Three}}\n",
    )
    assert _import(tmp_path, bib, "p") == 0
    out = capsys.readouterr().out
    assert "skipped line 3" in out and f"{bib}:3:" in out
    assert "One" in _titles(tmp_path / "profiles" / "p.toml")


def test_strict_fails_on_a_skipped_entry_and_nothing_importable_fails(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    bib = _bib(tmp_path, "@article{a, title={One}}\n@misc{b, author={X}}\n")
    directory = tmp_path / "profiles"
    directory.mkdir()
    args = ["import", "bibtex", str(bib), "--person", "p", "--name", "P", "--dir", str(directory)]
    assert main([*args, "--strict"]) == 1
    assert "skipped line 2: b: no title" in capsys.readouterr().out
    empty = _bib(tmp_path, "@misc{b, author={X}}\n", "empty.bib")
    assert (
        main(
            [
                "import",
                "bibtex",
                str(empty),
                "--person",
                "q",
                "--name",
                "Q",
                "--dir",
                str(directory),
            ]
        )
        == 1
    )
    assert "no entry could be imported" in capsys.readouterr().err
    assert not (directory / "q.toml").exists()


def test_export_query_selects_matching_papers(capsys: pytest.CaptureFixture[str]) -> None:
    profiles = Path(__file__).resolve().parents[1] / "profiles"
    library = load_paths([profiles])
    word = max(library.papers[0].title.split(), key=len)
    assert main(["export", "bibtex", "--query", word, "--no-cache", str(profiles)]) == 0
    entries = bibtexparser.parse_string(capsys.readouterr().out).entries
    assert 0 < len(entries) <= len(library.papers)
    assert any(
        word.lower() in e["title"].lower().replace("{", "").replace("}", "") for e in entries
    )
