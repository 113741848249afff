"""Huge single profiles: one paper with 200,000 authors, one person with 700,000 aliases.

    python bench/hostile_profiles.py
    python bench/hostile_profiles.py --authors 400000 --aliases 700000 --save bench/results/hostile.txt

Whatever one profile holds, a key must be answered within about 100 ms and the command line
must stay linear. Two kinds of figures:

- **Commands**, each a fresh ``cvtui`` process: ``search``, ``export bibtex`` and
  ``validate`` (no cache), with wall time and the process's peak memory.
- **Headless** (``App.run_test``, as ``bench/ui.py`` times it): the time from a key to the end
  of the first frame that shows its result: ``3`` (the Papers view and the crowd paper's
  detail), ``c`` (copy its citation: the size of what would go through OSC 52), and each
  keystroke of a People filter over the person with 700,000 aliases.

The profiles are written to a temporary directory. Run with ``PYTHONPATH`` pointing at another
checkout's ``src`` to measure that code the same way.
"""

from __future__ import annotations

import argparse
import asyncio
import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))
from load import machine  # noqa: E402
from ui import KEY_GAP, Frames, repaint, until  # noqa: E402

SIZE = (120, 40)
FILTER = "alias12"


def write_sets(root: Path, authors: int, aliases: int) -> tuple[Path, Path]:
    crowd = root / "crowd"
    names = root / "names"
    crowd.mkdir()
    names.mkdir()
    listed = ", ".join(f'"Author{i} Surname{i % 977}"' for i in range(authors))
    (crowd / "crowd.toml").write_text(
        'name = "Crowd Owner"\n\n[[papers]]\ntitle = "A very large collaboration"\n'
        f'venue = "Physics"\nyear = 2024\nauthors = [{listed}, "Crowd Owner"]\n',
        encoding="utf-8",
    )
    (crowd / "other.toml").write_text(  # older: the crowd paper comes first in Papers
        'name = "Other Person"\n\n[[papers]]\ntitle = "A small paper"\nyear = 2021\n'
        'authors = ["Other Person"]\n',
        encoding="utf-8",
    )
    listed = ", ".join(f'"Alias{i} Name{i % 333}"' for i in range(aliases))
    (names / "names.toml").write_text(
        f'name = "Many Names"\naliases = [{listed}]\n', encoding="utf-8"
    )
    for n in range(20):
        (names / f"p{n:02d}.toml").write_text(f'name = "Person {n:02d}"\n', encoding="utf-8")
    return crowd, names


def command(args: list[str], home: Path, timeout: float) -> tuple[float, float, int]:
    """Seconds, peak MB and exit status of one ``cvtui`` run (output discarded)."""
    env = {
        **os.environ,
        "HOME": str(home),
        "CVTUI_CONFIG": str(home / "config.toml"),
        "CVTUI_STATE": str(home / "state.json"),
        "CVTUI_CACHE_DIR": str(home / "cache"),
    }
    script = Path(sys.executable).with_name("cvtui")
    start = time.perf_counter()
    process = subprocess.Popen(
        [str(script), *args], stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, env=env
    )
    try:
        _, status, usage = os.wait4(process.pid, 0)
    except BaseException:
        process.kill()
        raise
    process.returncode = os.waitstatus_to_exitcode(status)
    return time.perf_counter() - start, usage.ru_maxrss / 1024, process.returncode


async def crowd_keys(directory: Path) -> dict[str, object]:
    from cvtui.app import CvtuiApp
    from cvtui.config import Config

    frames = Frames()
    app = CvtuiApp(paths=[directory], no_cache=True, config=Config(cache=False))
    out: dict[str, object] = {}
    async with app.run_test(size=SIZE) as pilot:
        await until(lambda: app.library is not None and bool(app.query("#papers-list")), 600)
        await repaint(pilot)
        view = app.query_one("#papers")
        detail = view.detail  # type: ignore[attr-defined]
        frames.probe = lambda: (app.view, detail._generation, app.copying.last_copied)
        generation = detail._generation
        shown = await frames.after(
            "3", app, [lambda s: s[0] == "papers", lambda s: s[1] != generation], timeout=600
        )
        out["key 3: papers view drawn"] = shown[0]
        out["key 3: its detail drawn"] = shown[1]
        await asyncio.sleep(KEY_GAP)
        (copied,) = await frames.after("c", app, [lambda s: s[2] is not None], timeout=600)
        out["key c: copied, notice drawn"] = copied
        text = app.copying.last_copied or ""
        out["copied bytes (OSC 52 carries 4/3 of it)"] = len(text.encode())
        for key in ("j", "k"):
            await asyncio.sleep(KEY_GAP)
            generation = detail._generation
            (moved,) = await frames.after(
                key, app, [lambda s, g=generation: s[1] != g], timeout=600
            )
            out[f"key {key}: next paper's detail drawn"] = moved
    return out


async def alias_filter(directory: Path) -> dict[str, object]:
    from cvtui.app import CvtuiApp
    from cvtui.config import Config

    frames = Frames()
    app = CvtuiApp(paths=[directory], no_cache=True, config=Config(cache=False))
    out: dict[str, object] = {}
    async with app.run_test(size=SIZE) as pilot:
        await until(lambda: app.library is not None and bool(app.query("#people-list")), 600)
        await repaint(pilot)
        view = app.query_one("#people")
        people_list = view.list  # type: ignore[attr-defined]
        await pilot.press("slash")
        await until(lambda: view.filter_bar.input.has_focus)  # type: ignore[attr-defined]
        await repaint(pilot)
        frames.probe = lambda: (view.filter_bar.value, people_list.items)  # type: ignore[attr-defined]
        for i, char in enumerate(FILTER):
            query = FILTER[: i + 1]
            items = people_list.items
            echo, result = await frames.after(
                char,
                app,
                [lambda s, q=query: s[0] == q, lambda s, it=items: s[1] is not it],
                timeout=900,
            )
            out[f"filter {query!r}: typed / list drawn"] = (echo, result)
            await asyncio.sleep(KEY_GAP)
        out["people matching"] = people_list.row_count
    return out


def _ms(value: object) -> str:
    if isinstance(value, tuple):
        return " / ".join(_ms(v) for v in value)
    if isinstance(value, float):
        return f"{value * 1000:,.0f} ms"
    return f"{value:,}" if isinstance(value, int) else str(value)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--authors", type=int, default=200_000)
    parser.add_argument("--aliases", type=int, default=700_000)
    parser.add_argument("--timeout", type=float, default=600, help="seconds per command")
    parser.add_argument("--save", type=Path, help="also write the table to this file")
    args = parser.parse_args()
    import cvtui

    lines = [
        machine(),
        f"code: {Path(cvtui.__file__).resolve().parent}",
        f"data: one paper with {args.authors:,} authors (+1 small profile); one person with "
        f"{args.aliases:,} aliases (+20 small profiles)",
        "",
    ]
    with tempfile.TemporaryDirectory(prefix="cvtui-hostile-") as tmp:
        root = Path(tmp)
        crowd, names = write_sets(root, args.authors, args.aliases)
        home = root / "home"
        home.mkdir()
        lines.append(f"{'command (fresh process, no cache)':<46} {'time':>9} {'peak':>9}")
        for label, argv in (
            ("search 'Surname5' (700,000 aliases set)", ["search", "Surname5", str(names)]),
            ("search 'Surname5' (200,000 authors set)", ["search", "Surname5", str(crowd)]),
            ("search --json 'collaboration' (authors)", ["search", "collaboration", "--json", str(crowd)]),
            ("export bibtex (200,000 authors)", ["export", "bibtex", str(crowd)]),
            ("validate (700,000 aliases set)", ["validate", str(names)]),
        ):  # fmt: skip
            seconds, peak, code = command([*argv, "--no-cache"], home, args.timeout)
            lines.append(
                f"{label:<46} {seconds:>8.2f}s {peak:>7.0f}MB"
                + ("" if code in (0, 1) else f"  exit {code}")
            )
            print(lines[-1], file=sys.stderr)
        lines += ["", "headless: key → end of the first frame showing its result"]
        for name, figures in (
            ("200,000 authors", asyncio.run(crowd_keys(crowd))),
            ("700,000 aliases", asyncio.run(alias_filter(names))),
        ):
            lines.append(f"  {name}")
            lines += [f"    {key:<44} {_ms(value):>18}" for key, value in figures.items()]
    table = "\n".join(lines)
    print(table)
    if args.save:
        args.save.write_text(table + "\n", encoding="utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main())
