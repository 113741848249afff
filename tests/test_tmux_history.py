"""Back, forward and "this person" in a real terminal: tmux runs the installed ``cvtui``.

One walk per defect a person met: escape that never went back, ``a`` and ``2`` in Papers
about the People cursor instead of the paper's person, and a second ``p`` showing
``0 of 7`` under a stale filter. Without tmux these tests fail (CI installs it).
"""

from __future__ import annotations

from pathlib import Path

import pytest

from cvtui.core.loading import load_paths
from tmux_walks import PROFILES, Start, press
from tmux_walks import start as start  # the fixture

pytestmark = pytest.mark.tmux


@pytest.mark.parametrize("size", [(80, 24), (120, 40)])
def test_escape_goes_back_from_papers_to_the_timeline_to_people(
    start: Start, size: tuple[int, int]
) -> None:
    term = start([PROFILES], size)
    term.wait_for("3 people")
    press(term, "j")
    screen = press(term, "Enter")
    assert "Timeline of Mickel Liu" in screen
    assert "‹1 Mickel Liu › Timeline" in screen.splitlines()[0]
    library = load_paths([PROFILES])
    events = library.events_of("mickel-liu")
    steps = next(n for n, e in enumerate(events) if e.kind == "paper")
    press(term, *["j"] * steps)
    screen = press(term, "Enter")
    assert "Papers of Mickel Liu" in screen or "All papers" in screen
    assert "‹2" in screen.splitlines()[0]
    screen = press(term, "Escape")
    assert "Timeline of Mickel Liu" in screen, screen
    screen = press(term, "Escape")
    assert "People 3" in screen and "‹" not in screen.splitlines()[0], screen
    screen = press(term, "]")
    assert "Timeline of Mickel Liu" in screen, screen


def test_a_and_2_in_papers_are_about_the_paper_s_person(start: Start) -> None:
    term = start([PROFILES], (120, 40))
    term.wait_for("3 people")
    press(term, "3")
    term.wait_for("All papers")
    press(term, "/")
    term.type("hivemind")
    screen = press(term, "Enter")
    assert "Artificial Hivemind" in screen
    screen = press(term, "a")
    assert "Papers of Mickel Liu" in screen, screen
    screen = press(term, "2")
    assert "Timeline of Mickel Liu" in screen, screen


def test_p_twice_never_shows_a_stale_filter(start: Start, tmp_path: Path) -> None:
    profiles = tmp_path / "profiles"
    profiles.mkdir()
    work = (
        'title = "A linked paper"\nauthors = ["Ann Alpha", "Ben Beta", "Cid Gamma"]\nyear = 2020\n'
    )
    (profiles / "ann.toml").write_text(
        f'name = "Ann Alpha"\nid = "ann"\n\n[[papers]]\n{work}', encoding="utf-8"
    )
    ben = "".join(
        f'\n[[papers]]\ntitle = "Ben paper {n}"\nauthors = ["Ben Beta"]\nyear = {2000 + n}\n'
        for n in range(6)
    )
    (profiles / "ben.toml").write_text(f'name = "Ben Beta"\nid = "ben"\n{ben}', encoding="utf-8")
    (profiles / "cid.toml").write_text('name = "Cid Gamma"\nid = "cid"\n', encoding="utf-8")
    term = start([profiles], (120, 40))
    term.wait_for("3 people")
    press(term, "3")
    term.wait_for("All papers")
    press(term, "/")
    term.type("linked paper")
    press(term, "Enter")
    screen = press(term, "p")
    assert "Papers of Ben Beta 7" in screen, screen
    screen = press(term, "p")
    assert "Papers of Cid Gamma 1" in screen, screen
    assert " 0 of " not in screen
