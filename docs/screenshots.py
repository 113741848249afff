"""Save the README screenshots: docs/people.svg, docs/timeline.svg, docs/papers.svg.

Runs the app headless on the bundled profiles at 120×36 with a throwaway config (so the
user's own config, theme and keymap do not leak in) and a fixed "today" for the timeline.

    python docs/screenshots.py
"""

from __future__ import annotations

import asyncio
import datetime as dt
import os
import sys
import tempfile
from pathlib import Path

DOCS = Path(__file__).resolve().parent
PROFILES = DOCS.parent / "profiles"
SIZE = (120, 36)
TODAY = dt.date(2026, 1, 15)

# (file, keys pressed after start-up)
SHOTS = [
    ("people.svg", ["j"]),
    ("timeline.svg", ["j", "space", "k", "2"]),
    ("papers.svg", ["3", "j", "j"]),
]


async def shoot(name: str, keys: list[str]) -> None:
    from cvtui.app import CvtuiApp
    from cvtui.config import load_config
    from cvtui.core.loading import load_paths

    config, _ = load_config()
    app = CvtuiApp(load_paths([PROFILES]), config=config, today=TODAY)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        for key in keys:
            await pilot.press(key)
            await pilot.pause()
        await app.workers.wait_for_complete()
        await pilot.pause()
        app.save_screenshot(filename=name, path=str(DOCS))
    print(f"wrote {DOCS / name}")


def main() -> int:
    with tempfile.TemporaryDirectory() as tmp:
        config = Path(tmp) / "config.toml"
        config.write_text("animation = false\n", encoding="utf-8")
        os.environ["CVTUI_CONFIG"] = str(config)
        os.environ["CVTUI_STATE"] = str(Path(tmp) / "state.json")
        os.environ["CVTUI_CACHE_DIR"] = str(Path(tmp) / "cache")
        for name, keys in SHOTS:
            asyncio.run(shoot(name, keys))
    return 0


if __name__ == "__main__":
    sys.exit(main())
