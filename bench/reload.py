"""How much live reload costs: the periodic check, a reload of one file, and the swap on screen.

    python bench/reload.py [--people 1000] [--papers-per-person 100] [--dir DIR]

Copies a generated profile set into a temporary directory (so it can be edited), then prints:

- the check the app runs every poll when nothing changed (stat of every file);
- the check after one file was edited (that file is parsed again, the library rebuilt);
- ``swap_library`` in a running app (every view takes the new library, cursor kept).
"""

from __future__ import annotations

import argparse
import asyncio
import re
import shutil
import statistics
import sys
import tempfile
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))

from cvtui.core.reload import Reloader  # noqa: E402
from load import dataset  # noqa: E402


def timed(run: object, repeat: int = 5) -> float:
    times = []
    for _ in range(repeat):
        start = time.perf_counter()
        run()  # type: ignore[operator]
        times.append(time.perf_counter() - start)
    return statistics.median(times)


def touch_one(path: Path, n: int) -> None:
    """A real edit: the person's headline changes."""
    text = path.read_text(encoding="utf-8")
    text = re.sub(r'(?m)^headline = ".*"$', f'headline = "Edited {n}"', text, count=1)
    if f'"Edited {n}"' not in text:
        text = re.sub(r"(?m)^(name = .*)$", f'\\1\nheadline = "Edited {n}"', text, count=1)
    path.write_text(text, encoding="utf-8")


async def swap_time(directory: Path, reloader: Reloader, edited: Path) -> float:
    from cvtui.app import CvtuiApp
    from cvtui.config import Config

    app = CvtuiApp(reloader.loader.library, config=Config(animation=False, cache=False))
    times = []
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.pause()
        await pilot.press("j", "j", "3", "j")
        await app.workers.wait_for_complete()
        for n in range(3):
            touch_one(edited, 100 + n)
            library = reloader.refresh(app.library).library
            start = time.perf_counter()
            app.reloading.swap_library(library)
            await pilot.pause()
            times.append(time.perf_counter() - start)
    return statistics.median(times)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--dir", type=Path, help="an existing profile directory to copy")
    parser.add_argument("--people", type=int, default=1000)
    parser.add_argument("--papers-per-person", type=int, default=100)
    parser.add_argument("--seed", type=int, default=7)
    args = parser.parse_args()
    source = dataset(args.people, args.papers_per_person, args.seed, args.dir)
    with tempfile.TemporaryDirectory(prefix="cvtui-reload-") as tmp:
        directory = Path(tmp) / "profiles"
        shutil.copytree(source, directory)
        files = sorted(directory.glob("*.toml"))
        reloader = Reloader.for_paths([directory], use_cache=False)
        start = time.perf_counter()
        library = reloader.load()
        load = time.perf_counter() - start
        time.sleep(2.1)  # past the loader's "written just now" window
        reloader.refresh()
        idle = timed(lambda: reloader.refresh())
        edited = files[len(files) // 2]
        counter = iter(range(1000))

        def one_change() -> None:
            touch_one(edited, next(counter))
            result = reloader.refresh()
            assert result.changed == [str(edited)], result.changed

        changed = timed(one_change)
        swap = asyncio.run(swap_time(directory, reloader, edited))
    rows = [
        ("profiles / papers", f"{len(library.people):,} / {len(library.papers):,}"),
        ("first load (no cache)", f"{load:.2f} s"),
        ("check, nothing changed (each poll)", f"{idle * 1000:.1f} ms"),
        ("check + reload of 1 edited file", f"{changed * 1000:.1f} ms"),
        ("swap_library in the app (all views)", f"{swap * 1000:.1f} ms"),
    ]
    width = max(len(r[0]) for r in rows)
    for what, value in rows:
        print(f"{what:<{width}}  {value:>14}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
