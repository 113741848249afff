"""How legible a works-per-year chart is at 80×24: cvtui's own chart against textual-plotext.

    pip install textual-plotext        # only for this comparison; cvtui does not need it
    python bench/chart_legibility.py --dir /tmp/acl        # the person with most works
    python bench/chart_legibility.py                       # tests/fixtures/insights

Both draw the same numbers (the works of one person per year, stacked by paper type) in a
headless 80×24 app, with colour and with ``NO_COLOR``, and the screen is read back:

- years on screen: how many of the years with works are drawn at once (cvtui draws one per
  line and scrolls the rest; plotext squeezes all of them in);
- labelled: how many of those carry their year;
- count written: how many have their exact number of works written beside them;
- type glyphs: how many different characters draw the bars, for how many types (types
  told apart without colour need one each).
"""

from __future__ import annotations

import argparse
import asyncio
import os
import re
import sys
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "src"))

from cvtui.core.cache import load_cached  # noqa: E402
from cvtui.core.insights import Insights, Scope  # noqa: E402
from cvtui.core.insights.output import Output  # noqa: E402

BARS = set("█▓▒░▚▞▌▀▄▇▆▅▃▂▁")
SIZE = (80, 24)


def _screen(app: Any) -> list[list[tuple[str, str]]]:
    """Each screen line as (character, colour) pairs."""
    lines = []
    for strip in app.screen._compositor.render_strips():
        cells = []
        for segment in strip:
            colour = str(segment.style.color) if segment.style and segment.style.color else ""
            cells.extend((ch, colour) for ch in segment.text)
        lines.append(cells)
    return lines


def _measure(lines: list[list[tuple[str, str]]], output: Output, ours: bool) -> dict[str, object]:
    text = ["".join(ch for ch, _ in line) for line in lines]
    series = output.series[0]
    years = [y for y in output.years if series.bar(y).total]
    if ours:  # one line per year: those on screen (the rest scroll)
        rows = {y: line for y in years for line in text if line.strip().startswith(str(y))}
        bar_lines = [  # without the last column: the scroll bar is drawn with blocks too
            lines[n][:-1] for n, line in enumerate(text) if line.strip()[:4].isdigit()
        ]
        shown = len(rows)
        labelled = shown
        written = sum(
            1 for y, row in rows.items() if re.search(rf"\s{series.bar(y).total}\b", row[5:])
        )
    else:  # every year is a bar on screen; the axis labels some of them
        bar_lines = lines
        shown = len(years)
        labelled = sum(1 for y in years if any(str(y) in line for line in text))
        written = 0  # plotext writes no counts, only a scale
    glyphs = {ch for line in bar_lines for ch, _ in line if ch in BARS}
    return {
        "years on screen": f"{shown}/{len(years)}",
        "labelled": f"{labelled}/{shown}",
        "count written": f"{written}/{shown}",
        "type glyphs": f"{len(glyphs)} for {len(output.types)}",
    }


async def _cvtui(library: Any, person: str, output: Output) -> list[list[tuple[str, str]]]:
    from cvtui.app import CvtuiApp
    from cvtui.config import Config

    app = CvtuiApp(library, config=Config(animation=False))
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        await pilot.press("4")
        view = app.query_one("#insights")
        view.set_scope("person", Scope.of_person(person))
        await app.workers.wait_for_complete()
        await pilot.pause(0.3)
        return _screen(app)


async def _plotext(library: Any, person: str, output: Output) -> list[list[tuple[str, str]]] | None:
    try:
        from textual_plotext import PlotextPlot
    except ImportError:
        return None
    from textual.app import App, ComposeResult

    series = output.series[0]
    years = [y for y in output.years if series.bar(y).total]

    class Chart(App[None]):
        def compose(self) -> ComposeResult:
            yield PlotextPlot()

        def on_mount(self) -> None:
            plt = self.query_one(PlotextPlot).plt
            values = [[series.bar(y).by_type.get(t, 0) for y in years] for t in output.types]
            plt.stacked_bar([str(y) for y in years], values, labels=output.types)
            plt.title(f"Works per year: {series.label}")

    app = Chart()
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause(0.3)
        return _screen(app)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--dir", help="a profile set (default: the test fixture)")
    args = parser.parse_args(argv)
    library = load_cached([args.dir or str(ROOT / "tests" / "fixtures" / "insights")])
    best = max(range(len(library.people)), key=library.work_count)
    output = Insights(library, Scope.of_person(library.people[best].id)).output()
    print(f"{library.people[best].name}: {output.total} works, {len(output.years)} years, 80×24")
    person = library.people[best].id
    header = _measure([], output, True)
    print(f"{'chart':<18}{'colour':<8}" + "".join(f"{k:>17}" for k in header))
    for no_color in (False, True):
        if no_color:
            os.environ["NO_COLOR"] = "1"
        else:
            os.environ.pop("NO_COLOR", None)
        for name, draw in (("cvtui", _cvtui), ("textual-plotext", _plotext)):
            lines = asyncio.run(draw(library, person, output))
            mode = "none" if no_color else "theme"
            if lines is None:
                print(f"{name:<18}{mode:<8} (not installed: pip install textual-plotext)")
                continue
            values = _measure(lines, output, name == "cvtui")
            print(f"{name:<18}{mode:<8}" + "".join(f"{v!s:>17}" for v in values.values()))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
