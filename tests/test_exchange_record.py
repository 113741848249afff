"""The lossless paper record, rule by rule: what import keeps, what export writes."""

from __future__ import annotations

import string
from pathlib import Path

import bibtexparser
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from cvtui.cli import main
from cvtui.core.exchange.bibtex import papers_to_bibtex_text, read_bibtex
from cvtui.core.exchange.latex import latex_to_text, normalize_space
from cvtui.core.exchange.latex_encode import encode_title, text_to_bibtex
from cvtui.core.exchange.names import bibtex_name, parse_bibtex_name
from cvtui.core.loading import load_file
from cvtui.core.model import Paper, PaperLinks


def one(text: str) -> dict:
    result = read_bibtex(text, "t.bib")
    assert len(result.papers) == 1, result.problems
    return result.papers[0].fields


def entry(paper: Paper, **options: object) -> dict[str, str]:
    parsed = bibtexparser.parse_string(papers_to_bibtex_text([paper], **options))  # type: ignore[arg-type]
    assert parsed.failed_blocks == []
    e = parsed.entries[0]
    return {"@type": e.entry_type, "@key": e.key, **{f.key: f.value for f in e.fields}}


# --- import -------------------------------------------------------------------------------


def test_bibliographic_fields_are_kept_as_fields_and_the_rest_in_extra() -> None:
    paper = one(
        "@inproceedings{k, title={T}, booktitle={Proc. of Things}, pages={1--7}, volume={3},"
        " number={2}, publisher={ACM}, series={LNCS}, edition={2nd}, address={Torino},"
        " isbn={978-3}, issn={0001-0782}, note={Oral}, keywords={a, b; c}, language={en},"
        " editor={Ada Lovelace and Grace Hopper}, abstract={Long {\\%} text}, abbr={X},"
        " bibtex_show={true}}"
    )
    # The venue holds the booktitle; export writes it back into `booktitle`.
    assert "booktitle" not in paper
    assert (paper["venue"], paper["pages"], paper["volume"], paper["number"]) == (
        "Proc. of Things",
        "1–7",
        "3",
        "2",
    )
    assert (paper["publisher"], paper["series"], paper["edition"], paper["address"]) == (
        "ACM",
        "LNCS",
        "2nd",
        "Torino",
    )
    assert (paper["isbn"], paper["issn"], paper["note"], paper["language"]) == (
        "978-3",
        "0001-0782",
        "Oral",
        "en",
    )
    assert paper["keywords"] == ["a", "b", "c"]
    assert paper["editors"] == ["Ada Lovelace", "Grace Hopper"]
    assert paper["abstract"] == "Long % text"
    assert paper["extra"] == {"abbr": "X", "bibtex_show": "true"}


def test_biblatex_date_journaltitle_and_location() -> None:
    paper = one(
        "@article{k, title={T}, journaltitle={Scientific Data}, location={Basel},"
        " date={2022-06-09}}"
    )
    assert (paper["venue"], paper["address"], paper["year"], paper["date"]) == (
        "Scientific Data",
        "Basel",
        2022,
        "2022-06-09",
    )


def test_a_year_the_model_cannot_hold_is_kept_verbatim_too() -> None:
    paper = one("@book{k, title={宋论}, year={1865（清同治四年）}}")
    assert paper["year"] == 1865
    assert paper["extra"]["year"] == "1865（清同治四年）"
    assert "{1865（清同治四年）}" in papers_to_bibtex_text([Paper(**_typed(paper))])


def _typed(fields: dict) -> dict:
    from cvtui.core.dates import parse_date

    out = dict(fields)
    if "date" in out:
        out["date"] = parse_date(out["date"])
    if "links" in out:
        out["links"] = PaperLinks(**out["links"])
    for name in ("authors", "editors", "keywords"):
        if name in out:
            out[name] = tuple(out[name])
    return out


def test_string_macros_concatenation_and_undefined_macros() -> None:
    result = read_bibtex(
        '@string{pub-FRED:adr = "London, UK"}\n@string{j = "Journal"}\n'
        '@article{k, title={T}, journal = j # " of " # {Things}, address = pub-FRED:adr,'
        " publisher = UNDEFINED}",
        "t.bib",
    )
    paper = result.papers[0].fields
    assert (paper["venue"], paper["address"], paper["publisher"]) == (
        "Journal of Things",
        "London, UK",
        "UNDEFINED",
    )
    assert [(p.line, "UNDEFINED" in p.message) for p in result.problems] == [(3, True)]


def test_crossref_and_xdata_are_inherited() -> None:
    result = read_bibtex(
        "@inbook{child, title={Lebanon}, crossref={parent}, pages={227--32}, xdata={pub}}\n"
        "@xdata{pub, publisher={Kumarian Press}}\n"
        "@book{parent, title={Global Civil Society}, editor={Lester M. Salamon},"
        " year={2004}, volume={2}}\n",
        "t.bib",
    )
    papers = {p.key: p.fields for p in result.papers}
    assert set(papers) == {"child", "parent"}  # @xdata is not a paper
    child = papers["child"]
    assert (child["venue"], child["publisher"], child["year"], child["volume"]) == (
        "Global Civil Society",
        "Kumarian Press",
        2004,
        "2",
    )
    assert child["editors"] == ["Lester M. Salamon"]
    assert "crossref" not in child.get("extra", {})


def test_a_missing_crossref_is_reported_and_kept() -> None:
    result = read_bibtex("@inproceedings{k, title={T},\n crossref={IJCAI85}}", "t.bib")
    assert result.papers[0].fields["extra"] == {"crossref": "IJCAI85"}
    assert [(p.line, "IJCAI85" in p.message) for p in result.problems] == [(2, True)]


def test_duplicate_keys_and_fields_are_reported_with_their_lines() -> None:
    result = read_bibtex(
        "@article{a, title={One},\n  title={Two}}\n@article{a, title={Three}}\n", "t.bib"
    )
    assert [p.fields["title"] for p in result.papers] == ["One", "Three"]
    assert [(p.line, p.severity) for p in result.problems] == [(2, "warning"), (3, "warning")]
    assert "twice (lines 1 and 2)" in result.problems[0].message
    assert "line 1" in result.problems[1].message


def test_an_editors_only_book_takes_its_booktitle_as_title() -> None:
    paper = one("@book{k, editor={A. Editor}, booktitle={The Collected Papers}, year=2000}")
    assert paper["title"] == paper["booktitle"] == "The Collected Papers"
    assert "authors" not in paper


def test_html_and_urls_inside_fields() -> None:
    paper = one(
        "@article{k, title={CO<sub>2</sub> &amp; <i>Drosophila</i>},"
        " note={See \\url{https://x.org/a%20b_c}}, howpublished={\\url{https://y.org/p}}}"
    )
    assert paper["title"] == "CO2 & Drosophila"
    assert paper["note"] == "See https://x.org/a%20b_c"


def test_names_in_every_form() -> None:
    paper = one(
        "@article{k, title={T}, author={Costa, Jr., P. T. and García Márquez, Gabriel and"
        " {World Health Organization} and de Ruiter, I. and Бахтеев, О. Ю. and 张昆 and others}}"
    )
    assert paper["authors"] == [
        "P. T. Costa Jr.",
        "Gabriel García Márquez",
        "World Health Organization",
        "I. de Ruiter",
        "О. Ю. Бахтеев",
        "张昆",
    ]
    assert paper["authors_note"] == "et al."
    assert paper["family_names"] == {
        "P. T. Costa Jr.": "Costa",
        "Gabriel García Márquez": "García Márquez",
        "World Health Organization": "World Health Organization",
    }


@pytest.mark.parametrize(
    ("raw", "written"),
    [
        ("Costa, Jr., P. T.", "Costa, Jr., P. T."),
        ("{World Health Organization}", "{World Health Organization}"),
        ("García Márquez, Gabriel", "García Márquez, Gabriel"),
        ("de Ruiter, I.", "I. de Ruiter"),
        ("Environment {and} Climate Change Canada", "Canada, {Environment and Climate Change}"),
        ("Langley,", "Langley"),
        ("Agarwal, Navneet*", "Navneet Agarwal"),
    ],
)
def test_a_name_is_written_so_bibtex_reads_the_same_parts(raw: str, written: str) -> None:
    parts = parse_bibtex_name(raw)
    families = {parts.display: parts.family} if parts.family else {}
    assert bibtex_name(parts.written, families) == written
    again = parse_bibtex_name(written)
    assert (again.display, again.family) == (parts.display, parts.family)


def test_mojibake_is_reported_not_repaired() -> None:
    result = read_bibtex("@article{k, title={Caf\u00c3\u00a9 at 300\u00c2\u00b0C}}", "t.bib")
    assert result.papers[0].fields["title"] == "Caf\u00c3\u00a9 at 300\u00c2\u00b0C"
    assert any("Windows-1252" in p.message and "`é`" in p.message for p in result.problems)


def test_a_windows_1252_file_is_read_with_a_warning(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    bib = tmp_path / "w.bib"
    bib.write_bytes("@article{k, title={Café \u2019quoted\u2019}}\n".encode("cp1252"))
    directory = tmp_path / "p"
    directory.mkdir()
    assert (
        main(
            ["import", "bibtex", str(bib), "--person", "p", "--name", "P", "--dir", str(directory)]
        )
        == 0
    )
    assert "not UTF-8; read as Windows-1252" in capsys.readouterr().err
    person, _ = load_file(directory / "p.toml")
    assert person is not None and person.papers[0].title == "Café \u2019quoted\u2019"


# --- export -------------------------------------------------------------------------------

BEAVER = Paper(
    title="BeaverTails: Towards Improved Safety Alignment of LLM via a Human-Preference Dataset",
    id="beavertails",
    authors=("Jiaming Ji*", "Mickel Liu*", "Juntao Dai*", "Yaodong Yang†"),
    venue="NeurIPS",
    year=2023,
    type="conference",
    links=PaperLinks(arxiv="2307.04657", doi="10.48550/arXiv.2307.04657"),
    categories=("cs.CL",),
)


def test_conventional_key_marks_as_a_note_and_full_venue() -> None:
    e = entry(BEAVER)
    assert (e["@type"], e["@key"]) == ("inproceedings", "ji2023beavertails")
    assert e["author"] == "Jiaming Ji and Mickel Liu and Juntao Dai and Yaodong Yang"
    assert e["note"] == (
        "Equal contribution: Jiaming Ji, Mickel Liu, Juntao Dai; Corresponding author: Yaodong Yang"
    )
    assert e["booktitle"] == "Advances in Neural Information Processing Systems"
    assert (e["eprint"], e["archiveprefix"], e["primaryclass"]) == ("2307.04657", "arXiv", "cs.CL")


def test_biblatex_style_annotates_authors_and_writes_biblatex_fields() -> None:
    paper = Paper(
        title="T",
        authors=("A One*", "B Two*", "C Three†"),
        journal="J. of Things",
        venue="JoT",
        date=__import__("cvtui.core.dates", fromlist=["parse_date"]).parse_date("2024-05-02"),
        year=2024,
        type="journal",
        address="Basel",
    )
    e = entry(paper, style="biblatex")
    assert e["author+an"] == "1=equal; 2=equal; 3=corresponding"
    assert (e["journaltitle"], e["location"], e["date"]) == ("J. of Things", "Basel", "2024-05-02")
    assert "note" not in e and "year" not in e
    back = one(papers_to_bibtex_text([paper], style="biblatex"))
    assert back["authors"] == ["A One*", "B Two*", "C Three†"]


def test_and_others_only_when_the_list_is_incomplete() -> None:
    complete = Paper(title="T", authors=("A", "B"), authors_note="The listing spells A differently")
    assert entry(complete)["author"] == "A and B"
    for note in ("et al.", "co-authors not listed in the source"):
        assert (
            entry(Paper(title="T", authors=("A",), authors_note=note))["author"] == "A and others"
        )
    assert entry(Paper(title="T", authors=("A",), authors_total=5))["author"] == "A and others"


def test_utf8_by_default_and_latex_with_ascii() -> None:
    paper = Paper(title="Восстановление für Müller – 50% R&D", authors=("José Müller", "张昆"))
    utf8 = entry(paper)
    assert utf8["title"] == "Восстановление für {Müller} -- 50\\% {R\\&D}"
    assert utf8["author"] == "José Müller and 张昆"
    ascii = entry(paper, ascii=True)
    assert ascii["author"] == "Jos{\\'e} M{\\\"u}ller and 张昆"
    assert 'f{\\"u}r' in ascii["title"] and "Восстановление" in ascii["title"]


def test_titles_brace_the_words_whose_capitals_matter() -> None:
    assert encode_title("For 3D Human Pose: a Study of LLM iPhone use") == (
        "For {3D} {Human} {Pose}: a {Study} of {LLM} {iPhone} use"
    )
    assert encode_title("BeaverTails rocks") == "{BeaverTails} rocks"


def test_keys_are_unique_over_the_exported_set_with_stable_suffixes() -> None:
    from cvtui.core.exchange.keys import CitationKeys

    keys = CitationKeys()
    a = Paper(title="Safe RLHF", authors=("Josef Dai",), year=2023)
    imported = Paper(title="Other", citation_key="dai2023safe")
    assert [
        keys.key(p) for p in (a, a, imported, Paper(title="张昆的论文", authors=("张昆",)))
    ] == [
        "dai2023safe",
        "dai2023safea",
        "dai2023safeb",
        "zhangkunndzhangkundelunwen",
    ]


# --- LaTeX both ways ----------------------------------------------------------------------


@pytest.mark.parametrize(
    ("latex", "text"),
    [
        (
            r"Ga{\"e}l Ljube{\v{s}}i{\'c} {\L}ukasz Stra{\ss}e {\.Z}ak \'{\i}",
            "Gaël Ljubešić Łukasz Straße Żak í",
        ),
        (r"1--7, a---b, ``q''", "1–7, a—b, “q”"),
        (r"100~$\mu${J}, 0.2\,mm$^2$, $\pm$0.1\%", "100 μJ, 0.2 mm², ±0.1%"),
        (r"\emph{e} \textbf{b} \texttt{t} \enquote{q} \mkbibquote{m}", "e b t “q” “m”"),
        (
            r"{\aap} and {\mnras}",
            "Astronomy and Astrophysics and Monthly Notices of the Royal Astronomical Society",
        ),
        (r"\url{http://x.org/a%20b} 50% \textasciitilde{}1", "http://x.org/a%20b 50% ~1"),
        (r"{\CYRV}{\cyro}", "Во"),
        ("para one\n\n  para two\nline", "para one\n\npara two line"),
    ],
)
def test_latex_decodes_to_unicode(latex: str, text: str) -> None:
    assert latex_to_text(latex) == text


_TEXT = st.text(
    alphabet=st.sampled_from(
        list(string.printable) + list("äéßłżčΩμ–—“”‘’…°±²Йж中文€") + ["\u00a0"]
    ),
    max_size=60,
)


@settings(max_examples=400, deadline=None)
@given(_TEXT, st.booleans())
def test_any_text_encodes_to_bibtex_that_decodes_back(value: str, ascii: bool) -> None:
    assert latex_to_text(text_to_bibtex(value, ascii)) == normalize_space(value)
    assert latex_to_text(encode_title(value, ascii)) == normalize_space(value)
