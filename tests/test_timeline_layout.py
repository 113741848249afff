"""The timeline chart's layout: where bars, counts and year labels land for a given width."""

from __future__ import annotations

import datetime as dt
import itertools

from rich.cells import cell_len

from cvtui.core.dates import PRESENT, PartialDate
from cvtui.core.model import Award, Education, Experience, Library, Paper, Person
from cvtui.widgets.timeline_layout import (
    EXPECTED,
    FULL,
    LEFT_HALF,
    LEVELS,
    RIGHT_HALF,
    TODAY_MARK,
    count_text,
    label_width_for,
    layout_chart,
)

TODAY = dt.date(2020, 7, 2)  # 2020.5 as a fractional year


def d(text: str) -> PartialDate:
    parts = [int(x) for x in text.split("-")]
    return PartialDate(*parts)


def person(name: str = "Ada Example", **fields: object) -> Person:
    return Person(name=name, id=name.lower().replace(" ", "-"), **fields)  # type: ignore[arg-type]


def plot(row_text: str, layout) -> str:  # type: ignore[no-untyped-def]
    """The plot part of a row (after the label column and its space), today's line left out."""
    return row_text[layout.label_width + 1 :].replace(TODAY_MARK, " ")


def lane_rows(layout):  # type: ignore[no-untyped-def]
    return [r for r in layout.rows if r.kind == "lane"]


def test_bar_covers_its_years_exactly() -> None:
    # width 69: label 8 (as wide as "Uni" allows) + space + 60 plot cells; 2010..2015 is 5
    # years → 12 cells a year.
    p = person(education=(Education(institution="Uni", start=d("2010"), end=d("2014")),))
    layout = layout_chart(Library([p]), [0], 69, TODAY)
    assert (layout.year0, layout.year1, layout.plot_width) == (2010, 2015, 60)
    bar = plot(lane_rows(layout)[0].text, layout)
    assert bar == FULL * 48 + " " * 12
    assert lane_rows(layout)[0].text.startswith("Uni ")


def test_half_blocks_for_sub_cell_precision() -> None:
    # 2010..2021 over 11 cells at width 20: one cell a year, so July is half a cell.
    p = person(
        experience=(Experience(organisation="Lab", start=d("2010-07"), end=d("2012-07")),),
        education=(Education(institution="Uni", start=d("2010"), end=d("2020")),),
    )
    layout = layout_chart(Library([p]), [0], 20, TODAY)
    assert (layout.year0, layout.year1, layout.plot_width) == (2010, 2021, 11)
    (row,) = [r for r in lane_rows(layout) if r.entry_kind == "experience"]
    assert plot(row.text, layout) == RIGHT_HALF + FULL + LEFT_HALF + " " * 8


def test_open_span_runs_to_today() -> None:
    p = person(
        experience=(
            Experience(organisation="Open", start=d("2015-01")),
            Experience(organisation="Present", start=d("2016-01"), end=PRESENT),
        ),
        education=(Education(institution="Old", start=d("2000"), end=d("2004")),),
    )
    width = 100
    layout = layout_chart(Library([p]), [0], width, TODAY)
    today_col = layout.column_of(2020.5)
    for row in lane_rows(layout)[1:]:
        bar = plot(row.text, layout)
        last = len(bar.rstrip()) - 1
        assert abs(last - today_col) <= 1, (row.text, last, today_col)


def test_expected_end_is_shaded_after_today() -> None:
    p = person(
        education=(Education(institution="PhD", start=d("2018"), end=d("2024"), end_expected=True),)
    )
    width = 100
    layout = layout_chart(Library([p]), [0], width, TODAY)
    bar = plot(lane_rows(layout)[0].text, layout)
    first_planned = bar.index(EXPECTED)
    assert abs(first_planned - layout.column_of(2020.5)) <= 1
    assert set(bar[:first_planned].strip()) <= {FULL, RIGHT_HALF, LEFT_HALF}
    assert set(bar[first_planned:].strip()) == {EXPECTED}
    last = len(bar.rstrip()) - 1
    assert abs(last - layout.column_of(2024.0)) <= 1


def test_a_finished_expected_end_is_drawn_solid() -> None:
    p = person(
        education=(Education(institution="MSc", start=d("2010"), end=d("2012"), end_expected=True),)
    )
    layout = layout_chart(Library([p]), [0], 80, TODAY)
    assert EXPECTED not in lane_rows(layout)[0].text


def test_papers_and_awards_counted_per_year() -> None:
    papers = (
        *tuple(Paper(title=f"P{i}", year=2011) for i in range(3)),
        Paper(title="Q", date=d("2013-05")),
    )
    awards = (Award(title="Prize", date=d("2012-03")), Award(title="Grant", start=d("2012")))
    p = person(
        papers=papers,
        awards=awards,
        education=(Education(institution="Uni", start=d("2010"), end=d("2014")),),
    )
    width = 81
    layout = layout_chart(Library([p]), [0], width, TODAY)
    assert layout.plot_width / (layout.year1 - layout.year0) >= 2
    rows = {r.kind: r for r in layout.rows}
    paper_plot = plot(rows["papers"].text, layout)
    assert rows["papers"].text.startswith("papers 4")
    assert paper_plot[layout.column_of(2011.5)] == "3"
    assert paper_plot[layout.column_of(2013.5)] == "1"
    assert paper_plot.replace("3", "").replace("1", "").strip() == ""
    award_plot = plot(rows["awards"].text, layout)
    assert rows["awards"].text.startswith("awards 2")
    assert award_plot.strip() == "2"
    assert award_plot[layout.column_of(2012.5)] == "2"


def test_twenty_thousand_papers_are_one_row_of_counts() -> None:
    papers = tuple(Paper(title=f"P{i}", year=2000 + i % 20) for i in range(20_000))
    p = person(papers=papers)
    layout = layout_chart(Library([p]), [0], 60, TODAY)
    kinds = [r.kind for r in layout.rows]
    assert kinds == ["header", "papers"]
    assert layout.rows[1].text.startswith("papers 20000 ")
    # 1,000 a year, but at 60 columns a year is under 3 cells wide: "1k1k" would run
    # together, so each
    # year is a full-height bar instead (all years have the same count).
    marks = plot(layout.rows[1].text, layout).replace(" ", "")
    assert marks == LEVELS[-1] * 20


def test_narrow_years_show_relative_heights() -> None:
    papers = tuple(Paper(title=f"x{n}", year=2000) for n in range(40)) + tuple(
        Paper(title=f"y{n}", year=2001) for n in range(10)
    )
    p = person(
        papers=papers, education=(Education(institution="U", start=d("1980"), end=d("2010")),)
    )
    layout = layout_chart(Library([p]), [0], 60, TODAY)
    (row,) = [r for r in layout.rows if r.kind == "papers"]
    marks = plot(row.text, layout).replace(" ", "")
    assert marks == LEVELS[-1] + LEVELS[1]


def test_counts_never_touch() -> None:
    papers = tuple(Paper(title=f"x{y}-{n}", year=2000 + y) for y in range(10) for n in range(y + 1))
    for width in (40, 60, 80, 100, 140):
        layout = layout_chart(Library([person(papers=papers)]), [0], width, TODAY)
        (row,) = [r for r in layout.rows if r.kind == "papers"]
        marks = plot(row.text, layout)
        numbers = marks.split()
        if all(n.isdigit() for n in numbers):
            assert sorted(int(n) for n in numbers) == list(range(1, 11)), (width, marks)
        else:
            assert len(marks.replace(" ", "")) == 10, (width, marks)


def test_twenty_lanes_are_all_laid_out() -> None:
    exps = tuple(
        Experience(organisation=f"Org {i}", start=d(f"{2000 + i}"), end=d(f"{2001 + i}"))
        for i in range(20)
    )
    layout = layout_chart(Library([person(experience=exps)]), [0], 80, TODAY)
    assert len(lane_rows(layout)) == 20
    assert [r.ref for r in lane_rows(layout)] == list(range(20))


def test_every_row_is_exactly_the_width() -> None:
    p = person(
        name="Zhāng 张伟 with a very long name that will not fit in the line at all, surely",
        education=(
            Education(institution="北京大学 Peking University", start=d("2017"), end=PRESENT),
        ),
        papers=(Paper(title="x", year=2019),),
    )
    from cvtui.widgets.timeline_compact import layout_compact

    other = person("李雷", papers=(Paper(title="x", year=2019),))
    for width in (20, 60, 80, 120):
        for make in (layout_chart, layout_compact):
            layout = make(Library([p, other]), [0, 1], width, TODAY)
            for row in (*layout.rows, layout.axis):
                assert cell_len(row.text) == width, (width, row.kind, row.text)


def test_axis_labels_sit_on_their_years_and_never_touch() -> None:
    p = person(education=(Education(institution="Uni", start=d("1990"), end=d("2019")),))
    for width in (60, 80, 140):
        layout = layout_chart(Library([p]), [0], width, TODAY)
        axis = plot(layout.axis.text, layout)
        labels = [
            (i, axis[i : i + 4])
            for i in range(len(axis) - 3)
            if axis[i : i + 4].isdigit() and (i == 0 or axis[i - 1] == " ")
        ]
        assert len(labels) >= 3
        for col, label in labels:
            assert col == layout.column_of(int(label))
        for (a, _), (b, _) in itertools.pairwise(labels):
            assert b - a >= 5
        years = [int(label) for _, label in labels]
        steps = {b - a for a, b in itertools.pairwise(years)}
        assert len(steps) == 1


def test_people_are_grouped_with_headers_on_one_scale() -> None:
    a = person("Ann", education=(Education(institution="A-Uni", start=d("2000"), end=d("2004")),))
    b = person(
        "Bob", experience=(Experience(organisation="B-Lab", start=d("2010"), end=d("2012")),)
    )
    lib = Library([a, b])
    layout = layout_chart(lib, [1, 0], 80, TODAY)
    assert [(r.kind, r.group) for r in layout.rows] == [
        ("header", 0),
        ("lane", 0),
        ("header", 1),
        ("lane", 1),
    ]
    assert layout.rows[0].text.startswith("Bob")
    assert layout.rows[2].text.startswith("Ann")
    assert layout.year0 == 2000
    assert layout.rows[1].person == 1 and layout.rows[3].person == 0


def test_profile_text_is_kept_literally() -> None:
    p = person(
        "[bold]Eve[/bold]", experience=(Experience(organisation="[link=x]Org", start=d("2010")),)
    )
    layout = layout_chart(Library([p]), [0], 80, TODAY)
    assert layout.rows[0].text.startswith("[bold]Eve[/bold]")
    assert lane_rows(layout)[0].text.startswith("[link=x]Org")


def test_undated_person_gets_a_note() -> None:
    layout = layout_chart(
        Library([person(education=(Education(institution="U"),))]), [0], 80, TODAY
    )
    assert [r.kind for r in layout.rows] == ["header", "empty"]
    assert "no dated entries" in layout.rows[1].text


def test_count_text_fits_its_room() -> None:
    assert count_text(7, 1) == "7"
    assert count_text(42, 1) == "+"
    assert count_text(42, 2) == "42"
    assert count_text(1234, 2) == "1k"
    assert count_text(123, 2) == "9+"
    assert count_text(20_000, 3) == "20k"
    assert count_text(20_000, 5) == "20000"


def test_lanes_at_the_same_organisation_say_what_tells_them_apart() -> None:
    from cvtui.widgets.timeline_layout import lanes_of

    ada = person(
        education=(
            Education(institution="University of Washington", degree="Ph.D.", start=d("2018")),
        ),
        experience=(
            Experience(
                organisation="University of Washington",
                unit="H2Lab",
                start=d("2019"),
                end=d("2020"),
            ),
            Experience(organisation="AI2", role="Intern", start=d("2017"), end=d("2017-09")),
        ),
    )
    labels = {lane.label for lane in lanes_of(ada, 0, TODAY)}
    assert labels == {"Ph.D., University of Washington", "H2Lab, University of Washington", "AI2"}


def test_the_label_column_is_as_wide_as_its_labels() -> None:
    short = person(education=(Education(institution="MIT", start=d("2010"), end=d("2014")),))
    layout = layout_chart(Library([short]), [0], 120, TODAY)
    assert layout.label_width == 8  # no narrower than that
    long = person(
        experience=(
            Experience(organisation="Institute of Very Long Names", start=d("2010")),
            Experience(organisation="A Far Longer Name of an Institute Than Fits", start=d("2012")),
        )
    )
    layout = layout_chart(Library([long]), [0], 120, TODAY)
    assert layout.label_width == label_width_for(120) == 36
    labels = [r.pieces[0].text for r in lane_rows(layout)]
    assert labels[0].rstrip() == "Institute of Very Long Names"
    assert labels[1] == "A Far Longer Name of an Institute Than Fits"[:35] + "…"


def test_cut_labels_keep_what_tells_them_apart() -> None:
    ant = person(
        experience=tuple(
            Experience(
                organisation="Ant Group",
                role="Research Leader",
                collaborators=(collaborator,),
                start=d(f"{2017 + n}"),
                end=d(f"{2018 + n}"),
            )
            for n, collaborator in enumerate(
                [
                    "Peking University",
                    "University of California, Berkeley",
                    "Peking University Frontier Computing Center",
                ]
            )
        )
    )
    for width in (80, 100, 140):
        layout = layout_chart(Library([ant]), [0], width, TODAY)
        labels = [r.pieces[0].text for r in lane_rows(layout)]
        assert len(set(labels)) == 3, (width, labels)
        assert all("Peking" in labels[i] for i in (0, 2)), (width, labels)
    wide = [r.pieces[0].text for r in lane_rows(layout_chart(Library([ant]), [0], 140, TODAY))]
    assert wide[0].rstrip() == "Ant Group × Peking University"  # whole when it fits
    narrow = [r.pieces[0].text for r in lane_rows(layout_chart(Library([ant]), [0], 80, TODAY))]
    # the start gives way to the tail: "Ant… × Peking University"
    assert narrow[0].rstrip().endswith("× Peking University")
    assert narrow[0].startswith("Ant")
    assert narrow[2].startswith("× Peking University F")


def test_a_range_of_years_zooms_in_and_points_at_what_lies_outside() -> None:
    p = person(
        education=(Education(institution="Old", start=d("2000"), end=d("2004")),),
        experience=(
            Experience(organisation="Mid", start=d("2008"), end=d("2012")),
            Experience(organisation="New", start=d("2016"), end=d("2018")),
        ),
        papers=(Paper(title="early", year=2001), Paper(title="mid", year=2010)),
    )
    whole = layout_chart(Library([p]), [0], 80, TODAY)
    assert (whole.year0, whole.year1) == whole.all_years == (2000, 2021)  # on to today
    layout = layout_chart(Library([p]), [0], 80, TODAY, years=(2007, 2013))
    assert (layout.year0, layout.year1) == (2007, 2013)
    assert layout.all_years == (2000, 2021)
    bars = {r.pieces[0].text.strip(): plot(r.text, layout) for r in lane_rows(layout)}
    assert bars["Old"] == "◂" + " " * (layout.plot_width - 1)
    assert bars["New"] == " " * (layout.plot_width - 1) + "▸"
    assert bars["Mid"].strip(FULL + LEFT_HALF + RIGHT_HALF + " ") == ""
    (papers,) = [r for r in layout.rows if r.kind == "papers"]
    assert plot(papers.text, layout).split() == ["1"]  # 2001 is out of range, not piled up
    assert plot(papers.text, layout)[layout.column_of(2010.5)] == "1"
    assert papers.text.startswith("papers 2")  # the label still counts every paper


def test_a_recent_career_runs_on_to_today() -> None:
    recent = person(education=(Education(institution="Uni", start=d("2012"), end=d("2018")),))
    layout = layout_chart(Library([recent]), [0], 80, TODAY)
    assert layout.year1 == 2021 and layout.today_column == layout.column_of(2020.5)
    assert all(plot(r.text, layout) != r.text[layout.label_width + 1 :] for r in lane_rows(layout))
    old = person(education=(Education(institution="Uni", start=d("1990"), end=d("1995")),))
    layout = layout_chart(Library([old]), [0], 80, TODAY)
    assert layout.year1 == 1996 and layout.today_column is None
    assert TODAY_MARK not in layout.axis.text


def test_compact_rows_overlay_each_persons_entries() -> None:
    from cvtui.widgets.timeline_compact import LOWER, UPPER, layout_compact

    a = person(
        "Ann",
        education=(Education(institution="U", start=d("2000"), end=d("2006")),),
        experience=(Experience(organisation="Lab", start=d("2004"), end=d("2010")),),
        papers=(Paper(title="p", year=2005), Paper(title="shared", year=2008)),
    )
    b = person(
        "Bob",
        education=(Education(institution="V", start=d("2002"), end=d("2024"), end_expected=True),),
        papers=(Paper(title="shared", year=2008, authors=("Ann", "Bob")),),
    )
    lib = Library([a, b])
    layout = layout_compact(lib, [0, 1], 100, TODAY)
    assert layout.compact
    kinds = [(r.kind, r.group) for r in layout.rows]
    assert kinds == [("person", 0), ("papers", 0), ("person", 1), ("shared", -1)]
    ann = plot(layout.rows[0].text, layout)

    def at(text: str, year: float) -> str:
        return text[layout.column_of(year)]

    assert at(ann, 2002.5) == UPPER and at(ann, 2005.5) == FULL and at(ann, 2008.5) == LOWER
    bob = plot(layout.rows[2].text, layout)
    assert at(bob, 2010.5) == UPPER and at(bob, 2022.5) == EXPECTED
    assert layout.rows[0].pieces[0].text.startswith("Ann")
    shared = layout.rows[3]
    assert shared.holders == (0, 1) and shared.pieces[0].text.startswith("Ann & Bob 1")
    assert plot(layout.rows[1].text, layout).split() == ["1"]  # Ann's own paper only
    for row in (*layout.rows, layout.axis):
        assert cell_len(row.text) == 100
    assert layout.pins == (0, 0, 2, -1)


def test_many_ways_of_sharing_works_take_a_few_rows() -> None:
    from cvtui.widgets.timeline_compact import layout_compact
    from cvtui.widgets.timeline_layout import SHARED_ROWS

    names = [f"Person {chr(65 + n)}" for n in range(8)]
    pairs = [(a, b) for a in range(8) for b in range(a + 1, 8)]  # 28 ways to share
    people = []
    for n, name in enumerate(names):
        papers = tuple(
            Paper(title=f"By {a} and {b}", year=2000 + k % 10, authors=(names[a], names[b]))
            for k, (a, b) in enumerate(pairs)
            if n in (a, b)
        )
        people.append(person(name, papers=papers))
    lib = Library(people)
    for make in (layout_chart, layout_compact):
        layout = make(lib, list(range(8)), 120, TODAY)
        shared = [r for r in layout.rows if r.kind == "shared"]
        assert len(shared) == SHARED_ROWS + 1
        assert shared[-1].pieces[0].text.startswith(f"more shared {len(pairs) - SHARED_ROWS}")
        works = [w for r in shared for w in r.works]
        assert len(works) == len(set(works)) == len(pairs)  # each shared work counted once
        assert not any(r.works for r in layout.rows if r.kind == "papers")
