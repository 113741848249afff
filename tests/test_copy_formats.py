"""``c`` copies a paper as BibTeX, CSL-JSON or a formatted reference; ``C`` chooses which,
and the choice is remembered for the next run (the config's ``copy_format`` wins)."""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path

import bibtexparser
import jsonschema

from cvtui.app import CvtuiApp
from cvtui.config import Config
from cvtui.core.model import Library
from cvtui.views.copy_format import CopyFormatScreen
from cvtui.views.papers import PapersView

SCHEMA = json.loads(
    (Path(__file__).parent / "fixtures" / "exchange" / "csl" / "csl-data.schema.json").read_text()
)


def make_app(library: Library) -> CvtuiApp:
    return CvtuiApp(library, config=Config(animation=False), today=dt.date(2026, 1, 15))


async def test_C_chooses_csl_json_and_the_choice_is_remembered(
    bundled_library: Library, isolated_user_files: Path
) -> None:
    app = make_app(bundled_library)
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.press("3", "C")
        assert isinstance(app.screen, CopyFormatScreen)
        await pilot.press("j")
        paper = bundled_library.papers[app.query_one(PapersView).list.item]
        items = json.loads(app.clipboard)
        assert list(jsonschema.Draft7Validator(SCHEMA).iter_errors(items)) == []
        assert items[0]["title"] == paper.title
    state = json.loads((isolated_user_files / "state.json").read_text())
    assert state["copy_format"] == "csl-json"
    again = make_app(bundled_library)
    async with again.run_test(size=(120, 40)) as pilot:
        await pilot.press("3", "c")
        assert json.loads(again.clipboard)[0]["type"]


async def test_C_then_r_copies_a_formatted_reference_and_escape_changes_nothing(
    bundled_library: Library,
) -> None:
    app = make_app(bundled_library)
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.press("3", "C", "escape", "c")
        assert app.clipboard.startswith("@")  # still BibTeX
        await pilot.press("C", "r")
        paper = bundled_library.papers[app.query_one(PapersView).list.item]
        reference = app.clipboard
        assert paper.title.split(":")[0] in reference
        assert not reference.startswith(("@", "["))
        assert f"({paper.year})" in reference or "(no date)" in reference
        await pilot.press("C", "b")
        assert bibtexparser.parse_string(app.clipboard).entries[0]["title"]


async def test_config_copy_format_and_a_broken_style_fall_back_to_harvard(
    bundled_library: Library, isolated_user_files: Path
) -> None:
    (isolated_user_files / "config.toml").write_text(
        'animation = false\ncopy_format = "reference"\ncitation_style = "/no/such.csl"\n'
    )
    app = make_app(bundled_library)
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.press("3", "c")
        paper = bundled_library.papers[app.query_one(PapersView).list.item]
        assert paper.title.split(":")[0] in app.clipboard
        assert not app.clipboard.startswith("@")
