"""``c``, ``C`` and ``o``: what is focused to the clipboard, and links to a browser.

The terminal's clipboard (OSC 52) takes only so much: larger text is offered as a file.
Profiles are untrusted, so only web and mail links go to a browser; anything else is shown
and copied, never opened. What lands on the clipboard is pasted elsewhere, so it is sanitised.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from rich.text import Text

from ..clipboard import can_open_browser
from ..core.text import sanitize

if TYPE_CHECKING:
    from ..app import CvtuiApp

__all__ = ["Copying"]

SAFE_SCHEMES = ("https://", "http://", "mailto:")


class Copying:
    def __init__(self, app: CvtuiApp) -> None:
        self.app = app
        self.last_copied: str | None = None
        self.last_opened: str | None = None

    def copy(self) -> None:
        view = self.app.shown_view()
        target = view.copy_target() if view is not None else None
        if target is None:
            self.app.notify("Nothing to copy here.", timeout=3)
            return
        text, what = target
        if not self.copy_or_offer(text, what):
            return
        first = text.strip().splitlines()[0] if text.strip() else ""
        self.app.notify(
            Text(f"Copied {what}: {first[:60]}").plain, title="Clipboard", timeout=4, markup=False
        )

    def copy_as(self) -> None:
        """Choose what ``c`` copies for papers, remember it, and copy the focused item."""
        from ..copy_formats import choose
        from ..views.copy_format import CopyFormatScreen

        def picked(name: str | None) -> None:
            if name:
                choose(name)
                self.copy()

        self.app.push_screen(CopyFormatScreen(), picked)

    def copy_or_offer(self, text: str, what: str) -> bool:
        """Copy ``text`` through the terminal; False when it is too large for that, and then
        it is offered as a file instead."""
        from ..core.bounds import MAX_CLIPBOARD_BYTES, size_text
        from ..views.export import FileNameScreen

        text = sanitize(text)
        size = len(text.encode("utf-8", "replace"))
        if size <= MAX_CLIPBOARD_BYTES:
            self.app.copy_to_clipboard(text)
            self.last_copied = text
            return True
        prompt = (
            f"The {what} is {size_text(size)}, more than a terminal takes through its "
            f"clipboard ({size_text(MAX_CLIPBOARD_BYTES)}). Save it to a file:"
        )
        name = "./cvtui-copy.bib" if what == "citation" else "./cvtui-copy.txt"

        def chosen(answer: str | None) -> None:
            self.app.exporting.choose_file(lambda: text, f"Saved to {answer}", answer)

        self.app.push_screen(FileNameScreen(prompt, name, heading="Too large to copy"), chosen)
        return False

    def open(self) -> None:
        view = self.app.shown_view()
        url = view.open_target() if view is not None else None
        if not url:
            self.app.notify("No link here.", timeout=3)
            return
        self.open_url_safely(url)

    def open_url_safely(self, url: str) -> None:
        """Open in a local browser; over SSH or without one, show the URL and copy it."""
        app = self.app
        self.last_opened = url
        if (app.is_web or can_open_browser()) and url.lower().startswith(SAFE_SCHEMES):
            app.open_url(url)
            app.notify(Text(f"Opening {url}").plain, timeout=3, markup=False)
            return
        if self.copy_or_offer(url, "URL"):
            app.notify(
                Text(url).plain, title="No local browser: URL copied", timeout=8, markup=False
            )
