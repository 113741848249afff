"""``cvtui serve`` in a real browser: headless Chromium opens the page and uses the app.

The installed ``cvtui serve`` runs on a free loopback port; Chromium (Debian's, driven by
Selenium through chromedriver) loads the page, types into the terminal as a person does and
reads what xterm.js shows. Without Chromium these tests fail, never skip: CI installs it.

``CVTUI_SCREENSHOT_DIR=docs pytest tests/test_serve_browser.py`` also saves the README's
``serve.png`` there.
"""

from __future__ import annotations

import os
import re
import shutil
import time
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

import pytest
from selenium.webdriver.common.keys import Keys

from browser import (
    allow_clipboard,
    clipboard,
    ctrl,
    download_to,
    new_tab,
    png,
    press,
    quit_chromium,
    screen,
    set_viewport,
    start_chromium,
    wait_for_text,
)
from serving import PROFILES, Served, files_under, wait_until

pytestmark = pytest.mark.browser

LOADED = "people ·"
"""The header's counts: shown once the session has loaded the profiles."""
ONE_SPIRAL = re.compile(r"spiral\s+1/\d+")
"""The papers filter line once ``spiral`` is typed: one paper of all matches."""


@pytest.fixture(scope="module")
def chromium() -> Iterator[Any]:
    driver = start_chromium()
    yield driver
    quit_chromium(driver)


@dataclass
class Lab:
    served: Served
    profiles: Path
    home: Path
    work: Path

    def watched(self) -> dict[str, tuple[int, int, bytes]]:
        """Every file a served action could write: profiles, config, state, the working dir."""
        return files_under(
            self.profiles, self.home, self.work, skip=[self.home / "cache", self.work / "serve.log"]
        )


def _environment(home: Path, **extra: str) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith(("SSH_", "CVTUI_"))}
    env.update(
        CVTUI_CONFIG=str(home / "config.toml"),
        CVTUI_STATE=str(home / "state.json"),
        CVTUI_CACHE_DIR=str(home / "cache"),
        **extra,
    )
    return env


@pytest.fixture(scope="module")
def lab(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Lab]:
    """A server on a copy of the bundled profiles, with an editor that would change them."""
    root = tmp_path_factory.mktemp("lab")
    profiles = root / "profiles"
    shutil.copytree(PROFILES, profiles)
    home = root / "home"
    home.mkdir()
    (home / "config.toml").write_text("animation = false\n", encoding="utf-8")
    editor = root / "editor.sh"
    editor.write_text('#!/bin/sh\nfor f; do [ -f "$f" ] && echo "# edited" >> "$f"; done\n')
    editor.chmod(0o755)
    work = root / "work"
    work.mkdir()
    env = _environment(home, EDITOR=str(editor), VISUAL=str(editor))
    served = Served([str(profiles)], cwd=work, env=env)
    served.wait_ready()
    yield Lab(served, profiles, home, work)
    served.close()


def _open(driver: Any, url: str) -> str:
    driver.get(url)
    return wait_for_text(driver, LOADED)


def _filter_papers(driver: Any, text: str) -> None:
    """``3``, ``/`` and ``text``, each once the screen shows the last took effect."""
    press(driver, "3")
    wait_for_text(driver, "/ Filter a All/one")  # the papers list has focus (its footer)
    press(driver, "/")
    wait_for_text(driver, "filter papers")  # the filter line is open and takes the keys
    press(driver, text)


def _header_colour(driver: Any) -> int:
    """The background colour of the terminal's first cell (the header): it shows the theme."""
    return int(
        driver.execute_script(
            "return window.__terminals[0].buffer.active.getLine(0).getCell(1).getBgColor();"
        )
    )


def test_papers_filter_finds_spiral_in_a_real_browser(
    chromium: Any, lab: Lab, tmp_path: Path
) -> None:
    set_viewport(chromium, 1100, 640)
    try:
        shown = _open(chromium, lab.served.link)
        assert "1 People" in shown and "3 Papers" in shown
        assert not ONE_SPIRAL.search(shown)
        _filter_papers(chromium, "spiral")
        wait_for_text(chromium, ONE_SPIRAL)  # the filter kept one paper…
        shown = wait_for_text(chromium, "SPIRAL: Self-Play on Zero-Sum Games")  # …and its detail
        assert ONE_SPIRAL.search(shown) and shown.count("SPIRAL") >= 2
        time.sleep(0.3)  # the cursor's last frame
        shot = png(chromium)
    finally:
        chromium.execute_cdp_cmd("Emulation.clearDeviceMetricsOverride", {})
    assert shot.startswith(b"\x89PNG") and len(shot) > 20_000
    (tmp_path / "serve.png").write_bytes(shot)
    if os.environ.get("CVTUI_SCREENSHOT_DIR"):
        (Path(os.environ["CVTUI_SCREENSHOT_DIR"]) / "serve.png").write_bytes(shot)


def test_copy_fills_the_browser_clipboard_and_x_downloads(
    chromium: Any, lab: Lab, tmp_path: Path
) -> None:
    downloads = tmp_path / "downloads"
    downloads.mkdir()
    download_to(chromium, downloads)
    allow_clipboard(chromium, lab.served.base)
    _open(chromium, lab.served.link)
    _filter_papers(chromium, "spiral")
    wait_for_text(chromium, ONE_SPIRAL)
    press(chromium, Keys.ENTER, "c")
    wait_for_text(chromium, "Copied citation")
    copied = wait_until(lambda: (text := clipboard(chromium)).startswith("@") and text)
    assert "{{SPIRAL}: {Self-Play" in copied
    press(chromium, "x")
    wait_for_text(chromium, "Downloading 1 entry")
    done = wait_until(lambda: [p for p in downloads.iterdir() if p.suffix == ".bib"])
    assert "{{SPIRAL}: {Self-Play" in done[0].read_text(encoding="utf-8")


def test_no_served_action_writes_a_file(chromium: Any, lab: Lab, tmp_path: Path) -> None:
    before = lab.watched()
    assert any(name.endswith(".toml") for name in before)
    download_to(chromium, tmp_path)
    _open(chromium, lab.served.link)
    colour = _header_colour(chromium)
    press(chromium, "e")  # edit the profile: $EDITOR would append to it
    press(chromium, "x")  # save the person's BibTeX: a file dialog would save into ./ on enter
    wait_for_text(chromium, "Downloading 11 entries")
    press(chromium, Keys.ENTER)  # here: the person's timeline
    wait_for_text(chromium, "Dates")
    time.sleep(0.5)  # a key pressed while the view switches can be lost
    press(chromium, "t")  # a theme chosen is remembered in the state file, elsewhere
    wait_for_text(chromium, "Search for themes")
    press(chromium, "gruvbox")
    wait_for_text(chromium, re.compile(r"\n\s+gruvbox\s*\n"))
    press(chromium, Keys.ENTER)
    wait_until(lambda: _header_colour(chromium) != colour)  # the session's theme did change
    wait_until(lambda: "🔎" not in screen(chromium))  # the theme picker has closed
    _filter_papers(chromium, "spiral")
    wait_for_text(chromium, ONE_SPIRAL)
    press(chromium, Keys.ENTER, "x")
    wait_for_text(chromium, "Downloading 1 entry")
    press(chromium, Keys.ENTER)
    wait_until(lambda: len([p for p in tmp_path.iterdir() if p.suffix == ".bib"]) == 2)
    time.sleep(1.0)  # anything written in a worker thread has landed by now
    assert lab.watched() == before
    assert not (lab.home / "state.json").exists()


def _help_text(driver: Any) -> str:
    """Every line of the help screen: read, page down, until nothing new comes."""
    press(driver, "?")
    seen = wait_for_text(driver, "Keys —")
    text = seen
    for _ in range(20):
        press(driver, Keys.PAGE_DOWN)
        time.sleep(0.2)
        now = screen(driver)
        if now == seen:
            break
        text += "\n" + now
        seen = now
    press(driver, Keys.ESCAPE)
    return text


def test_help_and_palette_do_not_offer_writing_actions(chromium: Any, lab: Lab) -> None:
    _open(chromium, lab.served.link)
    help_text = _help_text(chromium)
    assert "(app.search)" in help_text and "(app.copy)" in help_text  # the whole list was read
    assert "(app.edit)" not in help_text and "Edit profile" not in help_text
    assert "(app.export)" in help_text  # x stays: here it is a download
    ctrl(chromium, "p")
    press(chromium, "edit")
    time.sleep(0.5)
    assert "Edit profile" not in screen(chromium)
    press(chromium, Keys.BACKSPACE * 4, "save bibtex")
    wait_for_text(chromium, "Save BibTeX of the list")
    press(chromium, Keys.ESCAPE)


def test_the_token_link_busy_page_and_closed_tabs(chromium: Any, tmp_path: Path) -> None:
    home = tmp_path / "home"
    home.mkdir()
    token = "a-lab-token-for-the-browser"
    served = Served(
        ["--token", token, "--max-sessions", "1", str(PROFILES)],
        cwd=tmp_path,
        env=_environment(home),
    )
    try:
        served.wait_ready()
        first = chromium.current_window_handle
        _open(chromium, served.link)
        assert "token" not in chromium.current_url  # it went into a cookie
        [session] = wait_until(served.children)
        new_tab(chromium)
        chromium.get(served.base + "/")  # the cookie lets the second tab in
        body = chromium.find_element("tag name", "body").text
        assert "All sessions are in use" in body and "at most 1 session" in body
        chromium.switch_to.window(first)
        chromium.get("about:blank")  # the first tab leaves: its process ends
        wait_until(lambda: served.children() == [], timeout=20)
        others = [h for h in chromium.window_handles if h != first]
        chromium.switch_to.window(others[0])
        wait_until(lambda: "session ended" in served.log)
        _open(chromium, served.base + "/")
        assert served.children() and served.children() != [session]
        chromium.close()
        chromium.switch_to.window(first)
        wait_until(lambda: served.children() == [], timeout=20)
    finally:
        served.close()


def test_copy_reaches_the_clipboard_from_a_plain_http_page_too(tmp_path: Path) -> None:
    """On http:// to a lab server (not localhost) browsers hide navigator.clipboard."""
    home = tmp_path / "home"
    home.mkdir()
    token = "a-lab-token-for-the-browser"
    served = Served(["--token", token, str(PROFILES)], cwd=tmp_path, env=_environment(home))
    # lab.test is this machine for this browser only, and its pages are no secure context.
    driver = start_chromium("--host-resolver-rules=MAP lab.test 127.0.0.1")
    try:
        served.wait_ready()
        port = urlsplit(served.base).port
        _open(driver, f"http://lab.test:{port}/?token={token}")
        assert driver.execute_script("return window.isSecureContext") is False
        _filter_papers(driver, "spiral")
        wait_for_text(driver, ONE_SPIRAL)
        press(driver, Keys.ENTER, "c")
        wait_for_text(driver, "Copied citation")
        press(driver, "1")  # the terminal still has the keys after copying
        wait_for_text(driver, "People 3")
        lab_tab = driver.current_window_handle
        new_tab(driver)  # read the clipboard where a page may: a loopback one
        driver.get(f"http://127.0.0.1:{port}/")
        allow_clipboard(driver, f"http://127.0.0.1:{port}")
        copied = wait_until(lambda: (text := clipboard(driver)).startswith("@") and text)
        assert "{{SPIRAL}: {Self-Play" in copied
        driver.switch_to.window(lab_tab)
    finally:
        quit_chromium(driver)
        served.close()
