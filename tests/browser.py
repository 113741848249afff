"""Headless Chromium (Debian's ``chromium`` and ``chromium-driver``) for tests, via Selenium.

The page's terminal is xterm.js inside textual-serve's script, which keeps it to itself. A
small script, run before the page's own, notes every object assigned to a ``terminal``
property that has an xterm buffer, so :func:`screen` can read the buffer's lines: the text
the visitor sees. Nothing is fetched from the network (there is none here): Chromium starts
with its background services off and a fresh profile.
"""

from __future__ import annotations

import base64
import re
import shutil
import tempfile
import time
from pathlib import Path
from typing import Any

import pytest

CHROMIUM = "/usr/bin/chromium"
CHROMEDRIVER = "/usr/bin/chromedriver"
CHROMIUM_FLAGS = (
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--window-size=1100,700",
)

_FIND_TERMINAL = """
(() => {
  window.__terminals = [];
  Object.defineProperty(Object.prototype, "terminal", {
    configurable: true,
    set(value) {
      Object.defineProperty(this, "terminal",
        {value, writable: true, configurable: true, enumerable: true});
      if (value && value.buffer && value.buffer.active) window.__terminals.push(value);
    },
  });
})();
"""

_READ_TERMINAL = """
const terminal = window.__terminals && window.__terminals[0];
if (!terminal) return null;
const buffer = terminal.buffer.active, lines = [];
for (let row = 0; row < terminal.rows; row++) {
  const line = buffer.getLine(buffer.viewportY + row);
  lines.push(line ? line.translateToString(true) : "");
}
return lines.join("\\n");
"""


def start_chromium(*flags: str) -> Any:
    """A headless Chromium under chromedriver; fails (never skips) when they are missing."""
    for program, package in ((CHROMIUM, "chromium"), (CHROMEDRIVER, "chromium-driver")):
        if not Path(program).exists():
            pytest.fail(f"{program} is missing: apt-get install {package}")
    from selenium import webdriver
    from selenium.webdriver.chrome.service import Service

    options = webdriver.ChromeOptions()
    options.binary_location = CHROMIUM
    for flag in (*CHROMIUM_FLAGS, *flags):
        options.add_argument(flag)
    profile = tempfile.mkdtemp(prefix="cvtui-chromium-")
    options.add_argument(f"--user-data-dir={profile}")
    driver = webdriver.Chrome(options=options, service=Service(CHROMEDRIVER))
    driver.cvtui_profile = profile
    watch_terminal(driver)
    return driver


def new_tab(driver: Any) -> None:
    """Open a tab and switch to it (its pages' terminals can be read too)."""
    driver.switch_to.new_window("tab")
    watch_terminal(driver)


def watch_terminal(driver: Any) -> None:
    """Make every page loaded from now on in this tab note its terminal for :func:`screen`."""
    driver.execute_cdp_cmd("Page.addScriptToEvaluateOnNewDocument", {"source": _FIND_TERMINAL})


def quit_chromium(driver: Any) -> None:
    driver.quit()
    shutil.rmtree(driver.cvtui_profile, ignore_errors=True)


def screen(driver: Any) -> str:
    """The lines the page's terminal shows now ("" before it exists)."""
    return str(driver.execute_script(_READ_TERMINAL) or "")


def wait_for_text(driver: Any, text: str | re.Pattern[str], timeout: float = 30.0) -> str:
    """The screen once it shows ``text`` (a string, or a pattern to search for)."""
    deadline = time.monotonic() + timeout
    shown = ""
    while time.monotonic() < deadline:
        shown = screen(driver)
        if (text in shown) if isinstance(text, str) else text.search(shown):
            return shown
        time.sleep(0.05)
    raise AssertionError(f"{text!r} never appeared; the page shows:\n{shown}")


def press(driver: Any, *keys: str, pause: float = 0.15) -> None:
    """Type into the terminal as a visitor does (each item: text, or a selenium Keys value)."""
    field = driver.find_element("css selector", ".xterm-helper-textarea")
    for key in keys:
        field.send_keys(key)
        time.sleep(pause)


def ctrl(driver: Any, letter: str) -> None:
    from selenium.webdriver.common.action_chains import ActionChains
    from selenium.webdriver.common.keys import Keys

    ActionChains(driver).key_down(Keys.CONTROL).send_keys(letter).key_up(Keys.CONTROL).perform()
    time.sleep(0.15)


def clipboard(driver: Any) -> str:
    """The browser's clipboard text (permission granted by :func:`allow_clipboard`).

    Read from the current tab, which must be a secure context (https or loopback); reading
    needs a focused page, which a headless browser's tab is only told it is.
    """
    driver.execute_cdp_cmd("Emulation.setFocusEmulationEnabled", {"enabled": True})
    return str(
        driver.execute_async_script(
            "const done = arguments[arguments.length - 1];"
            "navigator.clipboard.readText().then(done, (e) => done('refused: ' + e));"
        )
    )


def allow_clipboard(driver: Any, origin: str) -> None:
    driver.execute_cdp_cmd(
        "Browser.grantPermissions",
        {"origin": origin, "permissions": ["clipboardReadWrite", "clipboardSanitizedWrite"]},
    )


def download_to(driver: Any, directory: Path) -> None:
    driver.execute_cdp_cmd(
        "Browser.setDownloadBehavior", {"behavior": "allow", "downloadPath": str(directory)}
    )


def set_viewport(driver: Any, width: int, height: int) -> None:
    """Make the page exactly ``width``×``height`` CSS pixels (before loading it)."""
    driver.execute_cdp_cmd(
        "Emulation.setDeviceMetricsOverride",
        {"width": width, "height": height, "deviceScaleFactor": 1, "mobile": False},
    )


def png(driver: Any) -> bytes:
    """A PNG of the page as it is drawn now."""
    shot = driver.execute_cdp_cmd("Page.captureScreenshot", {"format": "png"})
    return base64.b64decode(shot["data"])
