"""Lists in a real terminal: tmux runs the installed ``cvtui``; the screen is read back.

One walk per defect a person met: space doing nothing in Papers and the Timeline, a filtered
list in another order than its caption says, keymap mistakes passing silently, tables
leaving their width unused, the Problems view's cut-off folders, the header losing the paper
count, the search box's cut placeholder, URLs broken mid-word and a terminal below 60×20
showing only a message. Without tmux these tests fail (CI installs it).
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from tmux_walks import PROFILES, Start, press
from tmux_walks import start as start  # the fixture

pytestmark = pytest.mark.tmux


def test_space_marks_papers_and_timeline_events(start: Start) -> None:
    term = start([PROFILES])
    term.wait_for("Mickel Liu")
    screen = press(term, "3")
    term.wait_for("All papers")
    screen = press(term, "space", "j", "space")
    assert "2 marked" in screen.splitlines()[1]
    marked = [line for line in screen.splitlines() if line[1:2] == "●"]
    assert len(marked) == 2
    screen = press(term, "M")
    assert "marked" not in screen.splitlines()[1]
    press(term, "2")
    term.wait_for("Timeline of")
    screen = press(term, "space")
    assert "1 marked" in screen.splitlines()[1]
    assert any(line[1:2] == "●" for line in screen.splitlines())


def test_a_filtered_paper_list_is_in_the_order_its_caption_says(start: Start) -> None:
    term = start([PROFILES])
    term.wait_for("Mickel Liu")
    press(term, "3")
    term.wait_for("All papers")
    term.send("/")
    term.type("yang")
    screen = term.settle()
    caption = screen.splitlines()[1]
    assert "best match first" in caption and "by year" not in caption
    press(term, "Enter")
    screen = press(term, "y")
    assert "by year ↓" in screen.splitlines()[1]
    years = [int(y) for y in re.findall(r"\s(20\d\d)\s*▏", screen)]
    assert len(years) >= 3 and years == sorted(years, reverse=True)


def test_keymap_mistakes_are_warnings_and_the_caption_shows_the_bound_keys(
    start: Start,
) -> None:
    config = '[keymap]\n"people.nonexistent" = "z"\n"app.help" = "j"\n"papers.sort_year" = "Y"\n'
    term = start([PROFILES], size=(120, 40), config=config)
    screen = term.wait_for("people.nonexistent")
    assert "config.toml:3:" in screen
    screen = term.wait_for("list.down")
    assert "config.toml:4:" in screen
    screen = press(term, "3")
    term.wait_for("All papers")
    assert "(Y T v)" in term.screen().splitlines()[1]


def test_tables_use_the_width_they_have(start: Start) -> None:
    term = start([PROFILES], size=(120, 40))
    screen = term.wait_for("Tianhao Wu")
    screen = term.wait_for("U. California")  # written short: the column is narrower
    rows = {
        name: line for line in screen.splitlines() for name in ("Mickel", "Tianhao") if name in line
    }
    assert "U. Washington" in rows["Mickel"] and "U. California, B" in rows["Tianhao"]
    press(term, "3")
    screen = term.wait_for("All papers")
    row = next(line for line in screen.splitlines() if line[2:].startswith("Artificial"))
    title = row[2:].split("…")[0]
    assert len(title) >= 30, row  # about 22 before
    term.send("w")
    screen = term.wait_for("Code")  # the detail pane gone, the table widens to every column
    row = next(line for line in screen.splitlines() if line[2:].startswith("Artificial"))
    assert "▏" not in row and "Liwei Jiang" in row
    assert len(row[2:].split("…")[0]) >= 50, row


def broken_profiles(root: Path) -> Path:
    folder = root / "a-rather-long-folder-name-for-profiles" / "lab"
    folder.mkdir(parents=True)
    (folder / "mickel-liu.toml").write_text(
        'name = "Mickel Test"\nid = "mickel-test"\n[[papers]]\ntitle = "P"\nyear = "soon"\n',
        encoding="utf-8",
    )
    (folder / "ada.toml").write_text(
        'name = "Ada"\nid = "ada"\n'
        'links = { homepage = "https://homes.example.edu/~ada-lovelace-research/papers/index.html" }\n'
        '[[papers]]\ntitle = "Q"\nyear = 2020\n',
        encoding="utf-8",
    )
    return folder


def test_problems_name_the_file_and_the_header_keeps_the_papers(
    start: Start, tmp_path: Path
) -> None:
    folder = broken_profiles(tmp_path)
    term = start([folder], size=(80, 24))
    screen = term.wait_for("problem")
    assert "1 papers" in screen.splitlines()[0] or "papers" in screen.splitlines()[0]
    screen = press(term, "5")
    screen = term.wait_for("Problems 1")
    assert "1 error," in screen and "1 errors" not in screen
    row = next(line for line in screen.splitlines() if line.startswith("▌"))
    assert row[1:].startswith("mickel-liu.toml")
    assert any(re.search(r"mickel-liu\.toml:5:\d+\s*$", line) for line in screen.splitlines())


def test_a_long_url_breaks_after_a_separator(start: Start, tmp_path: Path) -> None:
    folder = broken_profiles(tmp_path)
    term = start([folder], size=(70, 24))
    term.wait_for("Ada")
    screen = press(term, "l")
    lines = [line.split("▏")[-1].strip() for line in screen.splitlines()]
    start_at = next(n for n, line in enumerate(lines) if "https://" in line)
    first = lines[start_at][lines[start_at].index("https://") :]
    assert first[-1] in "/-.~", lines[start_at]
    assert lines[start_at + 1][-1] in "/-.~l", lines[start_at + 1]


def test_the_search_box_says_one_thing_at_a_time(start: Start) -> None:
    term = start([PROFILES], size=(60, 20))
    term.wait_for("Mickel Liu")
    screen = press(term, "C-f")
    assert "people, papers, events · author: venue: year: !not" in screen
    assert "Type to search" in screen and "No matches" not in screen
    term.type("zzqqxx")
    screen = term.settle()
    assert screen.count("No matches") == 1 and "Type to search" not in screen


@pytest.mark.parametrize("size", [(100, 19), (50, 15)], ids=["100x19", "50x15"])
def test_below_60x20_the_reduced_layout_browses(start: Start, size: tuple[int, int]) -> None:
    term = start([PROFILES], size=size)
    term.wait_for("Mickel Liu")
    screen = term.wait_for("28 papers")  # the header's counts may land a frame later
    assert "too small" not in screen
    assert "1 People" in screen.splitlines()[0] and "28 papers" in screen.splitlines()[0]
    screen = press(term, "3")
    assert "3 Papers" in screen.splitlines()[0] and "Artificial Hivemind" in screen
    assert all(len(line) <= size[0] for line in screen.splitlines())
    screen = press(term, "l")
    assert "Liwei Jiang" in screen  # the detail, alone
