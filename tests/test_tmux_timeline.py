"""The Timeline in a real terminal: tmux runs the installed ``cvtui``; the screen is read back.

One walk per defect a person met: enter opening another entry or another paper, names cut
to ``Łukasz …``, five rows that read alike, and three people compared at 80×24. Without tmux
these tests fail (CI installs it): a skipped terminal test proves nothing.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest

from cvtui.core.loading import load_paths
from tmux_walks import PROFILES, Start, press
from tmux_walks import start as start  # the fixture

pytestmark = pytest.mark.tmux


def cursor_lines(screen: str) -> list[str]:
    """Screen lines with a cursor mark (``▌``) at the start of a list row or card line."""
    return [line for line in screen.splitlines() if "▌" in line[:60]]


def rows_to(paths: list[Path], person_id: str, match: Callable[..., bool]) -> int:
    """How many ``j`` presses take the one-person event list to the first matching event."""
    library = load_paths(paths)
    events = library.events_of(person_id)
    return next(n for n, e in enumerate(events) if match(e))


def test_enter_on_a_collaboration_opens_that_entry(start: Start) -> None:
    term = start([PROFILES], (120, 40))
    term.wait_for("3 people")
    term.wait_for("Junwu Xiong")
    press(term, "2")
    term.wait_for("Dates")
    steps = rows_to([PROFILES], "junwu-xiong", lambda e: str(e.start) == "2020-06")
    screen = press(term, *["j"] * steps)
    (row,) = [line for line in screen.splitlines() if line.startswith("▌ 2020-06")]
    assert "Hong Kong" in row, screen  # the row itself says whom with
    screen = press(term, "Enter")
    card = [line for line in cursor_lines(screen) if "Research Leader" in line]
    assert card and "2020-06 – 2021-05" in card[0], screen


def test_enter_on_a_paper_after_filtering_papers_opens_that_paper(start: Start) -> None:
    term = start([PROFILES], (120, 40))
    term.wait_for("3 people")
    press(term, "3")
    term.wait_for("All papers")
    press(term, "/")
    term.type("mate")
    screen = press(term, "Enter")
    assert "MATE" in screen
    press(term, "2")  # the timeline of MATE's author
    term.wait_for("Timeline of Mickel Liu")
    library = load_paths([PROFILES])
    events = library.events_of("mickel-liu")
    first = next(n for n, e in enumerate(events) if e.kind == "paper")
    target = next(
        e for e in events[first + 1 :] if e.kind == "paper" and not e.title.startswith("MATE")
    )
    # the cursor opens on Mickel's first event; walk to the other paper from there
    steps = events.index(target)
    press(term, *["k"] * len(events), *["j"] * steps)
    screen = press(term, "Enter")
    rows = cursor_lines(screen)
    assert rows and target.title[:20] in rows[0], screen
    assert "MATE" not in rows[0]
    assert "All papers 28" in screen  # the stale filter is gone


def axis_years(chart: str) -> list[int]:
    """The year labels of the chart's axis (its last line that has any)."""
    for line in reversed(chart.splitlines()):
        years = [int(w) for w in line.split() if w.isdigit() and len(w) == 4]
        if years:
            return years
    raise AssertionError(f"no axis in:\n{chart}")


def write_profile(directory: Path, stem: str, text: str) -> None:
    (directory / f"{stem}.toml").write_text(text, encoding="utf-8")


def test_who_shows_whole_names(start: Start, tmp_path: Path) -> None:
    profiles = tmp_path / "profiles"
    profiles.mkdir()
    for stem, name, org in (
        ("lk", "Łukasz Kowalczyk", "Warsaw University"),
        ("lw", "Łukasz Wiśniewski", "Jagiellonian University"),
    ):
        write_profile(
            profiles,
            stem,
            f'name = "{name}"\n\n[[experience]]\norganisation = "{org}"\n'
            'role = "Postdoc"\nstart = "2016"\nend = "2019"\n',
        )
    term = start([profiles])
    term.wait_for("2 people")
    screen = press(term, "space", "j", "space", "2")
    term.wait_for("Who")
    screen = term.settle()
    assert "Łukasz Kowalczyk" in screen and "Łukasz Wiśniewski" in screen
    assert "Łukasz …" not in screen


@pytest.mark.parametrize("size", [(80, 24), (120, 40)], ids=["80x24", "120x40"])
def test_five_collaborations_read_differently(start: Start, size: tuple[int, int]) -> None:
    term = start([PROFILES], size)
    term.wait_for("3 people")
    press(term, "2")
    term.wait_for("Dates")
    screen = term.settle()
    lanes = [line for line in screen.splitlines() if "Peking" in line and "█" in line]
    assert len(lanes) == 2 and len({line.split("█")[0] for line in lanes}) == 2, screen
    # every row, read as the cursor lands on it
    rows = []
    for _ in range(len(load_paths([PROFILES]).events_of("junwu-xiong"))):
        (row,) = [line for line in screen.splitlines() if line.startswith("▌")]
        if "collaboration" in row:
            rows.append(row)
        screen = press(term, "j")
    assert len(rows) == 5, rows
    without_dates = {line.split("collaboration", 1)[1].strip() for line in rows}
    assert len(without_dates) == 5, rows


def test_three_people_compared_at_80x24(start: Start) -> None:
    term = start([PROFILES])
    term.wait_for("3 people")
    press(term, "space", "j", "space", "j", "space")
    press(term, "2")
    screen = term.wait_for("Who")
    screen = term.settle()
    chart = screen.split(" Who ")[0]
    for name in ("Junwu Xiong", "Mickel Liu", "Tianhao Wu"):
        assert name in chart, screen
    assert "┊" in chart  # today
    assert "more" not in chart  # nothing hidden
    # zoom in on the years, then back
    years = axis_years(chart)
    screen = press(term, "+", "+", "+")
    zoomed = axis_years(screen.split(" Who ")[0])
    assert zoomed[-1] - zoomed[0] < years[-1] - years[0], (years, zoomed)
    screen = press(term, "0")
    assert screen.split(" Who ")[0] == chart
    # the event list filters with /
    press(term, "/")
    term.type("ant group")
    screen = term.settle()
    assert "5/" in screen, screen
    rows = [line for line in screen.split(" Who ")[1].splitlines() if "Junwu X" in line]
    assert len(rows) == 5 and all("Ant Group" in row for row in rows), screen
    screen = press(term, "Escape")
    assert "Mickel Liu" in screen.split(" Who ")[1], screen
    # z: the stacked chart, whose name row stays on top while J scrolls it on its own
    names = ("Junwu Xiong", "Mickel Liu", "Tianhao Wu")
    before = press(term, "z")
    assert "more" in before.split(" Who ")[0]  # too tall for 80×24: it scrolls
    cursor = [line for line in before.splitlines() if line.startswith("▌")]
    tops = set()
    for _ in range(12):
        screen = press(term, "J")
        chart = screen.split(" Who ")[0].splitlines()[2:]  # under the header and caption
        assert any(chart[0].startswith(name) for name in names), screen
        tops.add(chart[1])
        assert [line for line in screen.splitlines() if line.startswith("▌")] == cursor
    assert len(tops) > 6  # it moved, row by row, and the event list stayed where it was
    term.send("q")
    assert term.wait_until_exit() == 0
