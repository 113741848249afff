"""``e``: the focused profile (at its paper or entry) or problem in the user's editor.

The terminal is handed to ``$VISUAL``/``$EDITOR`` until it exits, then what it changed is
reloaded. Bundled profiles are read-only; a terminal that cannot be handed over is told so.
"""

from __future__ import annotations

import subprocess
from pathlib import Path
from typing import TYPE_CHECKING

from rich.text import Text

from ..core.text import display_name

if TYPE_CHECKING:
    from ..app import CvtuiApp

__all__ = ["Editing"]


class Editing:
    def __init__(self, app: CvtuiApp) -> None:
        self.app = app

    def target(self) -> tuple[str, int] | None:
        """(file, line) of what has focus: a profile (at a paper or entry), or a problem."""
        from ..core.editor import entry_line

        view = self.app.shown_view()
        wanted = view.edit_target() if view is not None else None
        if wanted is None or not wanted.source:
            return None
        path = self.app.reloading.real_path(wanted.source)
        if wanted.line is not None:
            return path, wanted.line
        return path, entry_line(path, wanted.field)

    def edit(self) -> None:
        from ..core.editor import EditorError, editor_command, is_bundled_file

        app = self.app
        if app.read_only or app.library is None or app.screen is not app.screen_stack[0]:
            return
        if app.library.partial:  # the files' real names come with the whole library
            app.notify("The profiles are still loading: press e again in a moment.", timeout=3)
            return
        target = self.target()
        if target is None:
            app.notify("Nothing to edit here.", timeout=3)
            return
        path, line = target
        name = display_name(Path(path).name)
        if is_bundled_file(path):
            self._say(
                f"{name} is bundled with cvtui and read-only. Copy it into your profiles "
                "directory (cvtui --help tells where cvtui looks) to edit it.",
                "warning",
            )
            return
        if not Path(path).is_file():
            self._say(f"{display_name(path)} is not a file.", "error", timeout=None)
            return
        try:
            argv = editor_command(path, line)
        except EditorError as exc:
            self._say(f"Cannot edit {name}: {exc}. Set $VISUAL or $EDITOR.", "error")
            return
        self.run_editor(argv)

    def _say(self, text: str, severity: str, timeout: float | None = 8) -> None:
        self.app.notify(Text(text).plain, severity=severity, timeout=timeout, markup=False)

    def run_editor(self, argv: list[str]) -> None:
        """Hand the terminal to ``argv`` until it exits, then reload what it changed."""
        from textual.app import SuspendNotSupported

        def run() -> int | str:
            try:
                return subprocess.run(argv, check=False).returncode
            except OSError as exc:
                return exc.strerror or str(exc)

        app = self.app
        if app.is_headless:  # no terminal to hand over (tests)
            outcome = run()
        else:
            try:
                with app.suspend():
                    outcome = run()
            except SuspendNotSupported:
                self._say(
                    "This terminal cannot hand the screen to an editor: edit "
                    f"{display_name(argv[-1])} yourself; cvtui reloads it when it is saved.",
                    "warning",
                )
                return
        program = Path(argv[0]).name
        if isinstance(outcome, str):
            self._say(f"{program} could not be started: {outcome}", "error", timeout=None)
            return
        if outcome != 0:
            self._say(f"{program} exited with status {outcome}", "warning", timeout=None)
        app.reloading.reload_now()
