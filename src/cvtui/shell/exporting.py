"""``x``: the BibTeX of what is on screen to a file (a download in a browser), and any text
saved to a file the user names: never over a directory, over a file only once confirmed,
written atomically in a thread."""

from __future__ import annotations

import io
from collections.abc import Callable
from functools import partial
from pathlib import Path
from typing import TYPE_CHECKING

from rich.text import Text

from ..core.model import Library

if TYPE_CHECKING:
    from ..app import CvtuiApp
    from ..views.export import ExportTarget

__all__ = ["Exporting"]


def _entries(count: int, kind: str = "") -> str:
    """``1 entry``, ``12 BibTeX entries``."""
    return f"{count:,} {kind}entr{'y' if count == 1 else 'ies'}"


class Exporting:
    def __init__(self, app: CvtuiApp) -> None:
        self.app = app

    def target(self) -> ExportTarget | None:
        """The papers ``x`` saves: the search's paper hits, the list on screen, or None."""
        from ..views.search import SearchScreen

        app = self.app
        if isinstance(app.screen, SearchScreen):
            return app.screen.export_target()
        if app.screen is not app.screen_stack[0] or app.library is None:
            return None
        view = app.shown_view()
        return view.export_target() if view is not None else None

    def export(self) -> None:
        from ..views.export import FileNameScreen

        app = self.app
        modal = app.screen is not app.screen_stack[0]
        target = self.target()
        if target is None and modal:
            return  # another dialog is open
        library = app.library
        if target is None or library is None or not target.indices:
            app.notify("No papers to save here.", timeout=3)
            return
        indices = list(target.indices)
        if app.read_only:
            if app.is_web:
                self._download_bibtex(library, indices, target.file_name)
            return
        app.push_screen(
            FileNameScreen(
                f"{_entries(len(indices), 'BibTeX ')}: {target.what}", f"./{target.file_name}"
            ),
            partial(self._export_to, library, indices),
        )

    def _export_to(self, library: Library, indices: list[int], answer: str | None) -> None:
        from ..core.exchange.bibtex import papers_to_bibtex

        done = f"Saved {_entries(len(indices))} to {answer}"
        self.choose_file(lambda: papers_to_bibtex(library, indices), done, answer)

    def choose_file(self, make: Callable[[], str], done: str, answer: str | None) -> None:
        """Write ``make()`` to the file named ``answer``: not over a directory, not into one
        that is missing, and over a file only once confirmed."""
        from ..views.export import ConfirmScreen, save_problem

        app = self.app
        if not answer or app.read_only:
            return
        path = Path(answer).expanduser()
        problem = save_problem(path)
        if problem:
            app.notify(
                Text(f"Not saved to {answer}: {problem}.").plain, severity="error", markup=False
            )
            return
        if path.exists():

            def confirmed(yes: bool | None) -> None:
                if yes:
                    self.save_text(path, answer, make, done)

            app.push_screen(
                ConfirmScreen(f"{answer} exists. Overwrite it?", "Overwrite?"), confirmed
            )
            return
        self.save_text(path, answer, make, done)

    def _download_bibtex(self, library: Library, indices: list[int], file_name: str) -> None:
        """In a browser: hand the BibTeX to it as a download; nothing is written here."""
        from ..core.exchange.bibtex import papers_to_bibtex
        from ..views.export import safe_file_stem

        name = safe_file_stem(file_name.removesuffix(".bib")) + ".bib"
        self.app.deliver_text(
            io.StringIO(papers_to_bibtex(library, indices)),
            save_filename=name,
            open_method="download",
            mime_type="application/x-bibtex",
        )
        self.app.notify(
            Text(f"Downloading {_entries(len(indices))} as {name}").plain, timeout=5, markup=False
        )

    def save_text(self, path: Path, shown: str, make: Callable[[], str], done: str) -> None:
        """Write ``make()`` to ``path`` atomically, off the screen's thread, and say so."""
        self.app.run_worker(
            partial(self._write, path, shown, make, done),
            thread=True,
            group="export",
            exit_on_error=False,
        )

    def _write(self, path: Path, shown: str, make: Callable[[], str], done: str) -> None:
        from ..core.atomic import atomic_write_text

        app = self.app
        try:
            atomic_write_text(path, make())
        except Exception as exc:  # an unwritable place must never take the app down
            reason = exc.strerror if isinstance(exc, OSError) and exc.strerror else str(exc)
            app.call_from_thread(
                app.notify,
                Text(f"Could not save {shown}: {reason}").plain,
                severity="error",
                timeout=8,
                markup=False,
            )
            return
        app.call_from_thread(app.notify, Text(done).plain, timeout=5, markup=False)
