"""The core stays free of Textual and Rich, so scripts and tests can use it alone."""

from __future__ import annotations

import pkgutil
import subprocess
import sys

import cvtui.core


def core_modules() -> list[str]:
    return [m.name for m in pkgutil.walk_packages(cvtui.core.__path__, prefix="cvtui.core.")]


def test_core_has_modules() -> None:
    names = core_modules()
    assert "cvtui.core.model" in names and "cvtui.core.loading" in names


def test_core_never_imports_textual_or_rich() -> None:
    # httpx loads its optional command line (click, rich, pygments) whenever click is
    # installed, as the test tools (import-linter) install it: that import is httpx's, not
    # the core's, and is left out the way httpx itself leaves it out without click.
    code = (
        "import importlib, sys\n"
        "sys.modules['httpx._main'] = None\n"
        f"for name in {core_modules()!r}:\n"
        "    importlib.import_module(name)\n"
        "import cvtui\n"
        "lib = cvtui.open_library()\n"
        "bad = sorted(m for m in sys.modules if m.split('.')[0] in ('textual', 'rich'))\n"
        "print(','.join(bad))\n"
    )
    result = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, timeout=120
    )
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == ""
