"""How fast ``cvtui serve`` opens a tab, against a warm ``cvtui`` start in a terminal.

Starts ``cvtui serve --port 0`` on a profile set (the bundled one, then a generated one) and
opens it in headless Chromium (Debian's, through Selenium), one tab after another: the clock
runs from asking the browser for the page to a profile name in the page's terminal (read from
xterm.js's buffer). The anchor is the same data set in a real ``cvtui`` start in a
pseudo-terminal with the cache warm (``bench/ui.py``'s measure). The server is started once per
set; its time to listen includes loading the set once to fill the cache. Each tab is timed
once the previous one's process has ended.

    python bench/serve.py --save bench/results/serve.txt
"""

from __future__ import annotations

import argparse
import os
import statistics
import sys
import tempfile
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))
sys.path.insert(0, str(HERE.parent / "tests"))
from browser import quit_chromium, screen, set_viewport, start_chromium  # noqa: E402
from load import RACY_WAIT, dataset, dataset_options, machine  # noqa: E402
from serving import PROFILES, Served, wait_until  # noqa: E402
from ui import first_name, real_start  # noqa: E402


def tab_times(
    directory: Path, names: list[str], tabs: int, env: dict[str, str], work: Path
) -> tuple[float, list[float], list[float]]:
    """(seconds to listen, [per tab: to a name on screen], [the same without a browser])."""
    t0 = time.perf_counter()
    served = Served([str(directory)], cwd=work, env=env)
    try:
        link = served.wait_ready(timeout=600)
        ready = time.perf_counter() - t0
        bare = websocket_times(link, names, tabs, served)
        driver = start_chromium()
        set_viewport(driver, 1200, 800)  # about 120×40 cells, as the terminal anchor
        times = []
        try:
            for _ in range(tabs):
                driver.get("about:blank")
                settled(served)
                start = time.perf_counter()
                driver.get(link)
                while not any(name in screen(driver) for name in names):
                    if time.perf_counter() - start > 120:
                        raise RuntimeError("the tab never showed the profiles")
                    time.sleep(0.01)
                times.append(time.perf_counter() - start)
        finally:
            quit_chromium(driver)
    finally:
        served.close()
    return ready, times, bare


def settled(served: Served) -> None:
    """Wait until the last tab's process has ended, and a second more: tabs are timed alone."""
    wait_until(lambda: served.children() == [], timeout=60)
    time.sleep(1.0)


def websocket_times(link: str, names: list[str], tabs: int, served: Served) -> list[float]:
    """Seconds from asking for the page to a name in the session's output, with no browser."""
    import asyncio

    import aiohttp

    from serving import WEBSOCKET_URL

    base = link.split("?", 1)[0].rstrip("/")
    wanted = [name.encode("utf-8") for name in names]

    async def run() -> list[float]:
        times = []
        async with aiohttp.ClientSession() as http:
            for _ in range(tabs):
                await asyncio.to_thread(settled, served)
                start = time.perf_counter()
                async with http.get(f"{base}/") as response:
                    match = WEBSOCKET_URL.search(await response.text())
                assert match, "no session page"
                ws = await http.ws_connect(match.group(1) + "?width=120&height=40")
                seen = b""
                while not any(name in seen for name in wanted):
                    seen = seen[-4096:] + (await ws.receive(timeout=120)).data
                times.append(time.perf_counter() - start)
                await ws.close()
        return times

    return asyncio.run(run())


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    dataset_options(parser)
    parser.add_argument("--tabs", type=int, default=5, help="tabs opened one after another")
    parser.add_argument("--save", type=Path, help="also write the table to this file")
    args = parser.parse_args()
    directory = dataset(args.people, args.papers_per_person, args.seed, args.dir)
    newest = max(f.stat().st_mtime for f in directory.rglob("*.toml"))
    if time.time() - newest < RACY_WAIT:
        time.sleep(RACY_WAIT - (time.time() - newest))
    import subprocess

    chromium = subprocess.run(
        ["/usr/bin/chromium", "--version"], capture_output=True, text=True, check=False
    ).stdout.strip()
    header = f"{machine()}\nbrowser: {chromium}, headless, 1200×800 CSS pixels"
    rows: list[tuple[str, str, str]] = []
    with tempfile.TemporaryDirectory(prefix="cvtui-bench-serve-") as tmp:
        home = Path(tmp)
        (home / "config.toml").write_text("animation = false\n", encoding="utf-8")
        env = {k: v for k, v in os.environ.items() if not k.startswith(("CVTUI_", "SSH_"))}
        env.update(
            CVTUI_CONFIG=str(home / "config.toml"),
            CVTUI_STATE=str(home / "state.json"),
            CVTUI_CACHE_DIR=str(home / "cache"),
        )
        sets = [
            ("bundled profiles", PROFILES, ["Junwu Xiong", "Mickel Liu"]),
            (
                f"{args.people:,} profiles × {args.papers_per_person}",
                directory,
                [first_name(directory)],
            ),
        ]
        for label, path, names in sets:
            print(f"{label} …", file=sys.stderr)
            ready, times, bare = tab_times(path, names, args.tabs, env, home)
            terminal = [real_start([str(path)], env, home, names, timeout=300) for _ in range(3)]
            shown = sorted(float(r["shown"]) for r in terminal if r["shown"] is not None)  # type: ignore[arg-type]
            rows.append((f"{label}: server start → listening (loads once)", f"{ready:.2f} s", ""))
            rows.append(
                (
                    f"{label}: new tab → profiles on screen, median of {len(times)}",
                    f"{statistics.median(times):.2f} s",
                    f"best {min(times):.2f} s, worst {max(times):.2f} s",
                )
            )
            rows.append(
                (
                    f"{label}: new session, no browser (websocket) → profiles drawn",
                    f"{statistics.median(bare):.2f} s",
                    f"best {min(bare):.2f} s, worst {max(bare):.2f} s",
                )
            )
            rows.append(
                (
                    f"{label}: anchor, cvtui in a terminal (cache warm) → profiles on screen",
                    f"{statistics.median(shown):.2f} s" if shown else "n/a",
                    f"median of {len(shown)}",
                )
            )
    width = max(len(r[0]) for r in rows)
    lines = [header, ""] + [
        f"{what:<{width}}  {value:>8}  {note}".rstrip() for what, value, note in rows
    ]
    text = "\n".join(lines) + "\n"
    print(text)
    if args.save:
        args.save.write_text(text, encoding="utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main())
