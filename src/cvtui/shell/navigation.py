"""Jumps between the views, and the history that ``escape`` and ``ctrl+o``/``ctrl+i`` walk.

Every jump (a person, a paper, an entry, a co-author, a search hit) first records where the
user was: the view, its person, and the view's own snapshot (filter, cursor, scroll). Going
back or forward restores such a place exactly. Switching views with their keys is not a jump:
the views are tabs, and each keeps its own place.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

from .. import messages
from ..core.history import History
from .header import VIEW_TITLES, breadcrumb

if TYPE_CHECKING:
    from ..app import CvtuiApp
    from ..core.search import Hit
    from ..views.papers import PapersView
    from ..views.people import PeopleView
    from ..views.timeline import TimelineView

__all__ = ["Navigation", "Place"]


@dataclass(frozen=True)
class Place:
    """Where the user was: the view shown, whose it was, and the view's snapshot."""

    view: str
    person: str | None
    state: object
    label: str


class Navigation:
    def __init__(self, app: CvtuiApp) -> None:
        self.app = app
        self.history: History[Place] = History()

    # -- history ------------------------------------------------------------------------------
    def here(self) -> Place | None:
        app = self.app
        view = app.shown_view()
        if view is None:
            return None
        return Place(app.view, app.current_person, view.snapshot(), view.place_label())

    def leave(self) -> None:
        """Record the current place as a step back (before a jump away from it)."""
        place = self.here()
        if place is not None:
            self.history.leave(place)

    def back(self) -> bool:
        here = self.here()
        place = self.history.back(here) if here is not None else None
        if place is not None:
            self._go(place)
        return place is not None

    def forward(self) -> bool:
        here = self.here()
        place = self.history.forward(here) if here is not None else None
        if place is not None:
            self._go(place)
        return place is not None

    def _go(self, place: Place) -> None:
        app = self.app
        app.current_person = place.person
        app.view = place.view
        view = app.shown_view()
        if view is not None:
            view.restore(place.state)  # and focuses the pane that had focus
        app.update_header()

    def trail(self) -> str:
        """The breadcrumb: the last steps behind, then the view shown now."""
        behind = [place.label for place in self.history.back_steps]
        ahead = len(self.history.forward_steps)
        return breadcrumb(behind, VIEW_TITLES.get(self.app.view, ""), ahead)

    # -- jumps --------------------------------------------------------------------------------
    def follow(self, jump: messages.Jump) -> None:
        """Go where a view asked to go (each jump records a step)."""
        match jump:
            case messages.OpenPerson(person_id):
                self.show_person(person_id)
            case messages.OpenPaper(index, via):
                self.show_paper(index, via)
            case messages.OpenPapersOf(person_id, work):
                self.show_papers_of(person_id, work)
            case messages.OpenWorks(title, works):
                self.show_works(title, list(works))
            case messages.OpenEntry(person_id, kind, ref):
                self.show_entry(person_id, kind, ref)
            case messages.OpenEvent(person_id, kind, ref):
                self.show_event(person_id, kind, ref)
            case messages.OpenTimeline(person_id):
                self.show_timeline(person_id)
            case messages.OpenHit(hit):
                self.jump_to_hit(hit)  # type: ignore[arg-type]

    def show_person(self, person_id: str) -> None:
        """The People view, cursor on this person."""
        app = self.app
        view = self._people()
        if view is None or app.library is None or app.library.find_person(person_id) is None:
            return
        self.leave()
        view.show_person(person_id)
        app.current_person = person_id
        app.view = "people"
        view.list.focus()
        app.update_header()

    def show_paper(self, index: int, via: str | None = None) -> None:
        """The Papers view, cursor on paper ``index`` (about ``via``, if given)."""
        app = self.app
        view = self._papers()
        if view is None or app.library is None or not 0 <= index < len(app.library.papers):
            return
        self.leave()
        view.show_paper(index, via=via)
        self._settle("papers", view.context_person())
        view.list.focus()

    def show_papers_of(self, person_id: str | None, work: int | None = None) -> None:
        """The papers of this person (all papers for None), cursor on ``work`` if given."""
        view = self._papers()
        if view is None:
            return
        self.leave()
        view.show_scope(person_id, fresh=True)
        if work is not None:
            view.list.move_to_item(work)
        self._settle("papers", person_id)
        view.list.focus()

    def show_works(self, title: str, works: list[int]) -> None:
        """Exactly these works in the Papers view (Insights opens them)."""
        view = self._papers()
        if view is None:
            return
        self.leave()
        view.show_works(works, title)
        self._settle("papers", None)
        view.list.focus()

    def show_entry(self, person_id: str, kind: str, ref: int) -> None:
        """A person's card, the cursor on one of their entries (education, experience…)."""
        view = self._people()
        if view is None:
            return
        self.show_person(person_id)
        view.open_entry(person_id, kind, ref)

    def show_timeline(self, person_id: str) -> None:
        """The Timeline of this person with the marked people, its filter cleared."""
        app = self.app
        view = self._timeline()
        if view is None:
            return
        self.leave()
        app.current_person = person_id
        view.clear_filter()
        self._settle("timeline", person_id)
        view.show_first_of(person_id)
        view.focus_default()

    def show_event(self, person_id: str, kind: str, ref: int) -> None:
        """The Timeline of this person, the cursor on one of their facts."""
        view = self._timeline()
        if view is None:
            return
        self.show_timeline(person_id)
        view.show_event(person_id, kind, ref)

    def jump_to_hit(self, hit: Hit | None) -> None:
        """Show a search hit in its view."""
        library = self.app.library
        if library is None or hit is None:
            return
        if hit.kind in ("person", "people"):
            self.show_person(library.people[hit.index].id)
        elif hit.kind in ("paper", "papers"):
            self.show_paper(hit.index)
        elif hit.kind in ("event", "events"):
            event = library.events[hit.index]
            person_id = library.people[event.person].id
            if event.kind == "paper":
                self.show_paper(event.ref, via=person_id)
            else:
                self.show_event(person_id, event.kind, event.ref)

    # The views are imported once they are needed: the first frame (a loading bar) waits
    # for none of them.
    def _people(self) -> PeopleView | None:
        from ..views.people import PeopleView

        return self.app.view_of(PeopleView)

    def _papers(self) -> PapersView | None:
        from ..views.papers import PapersView

        return self.app.view_of(PapersView)

    def _timeline(self) -> TimelineView | None:
        from ..views.timeline import TimelineView

        return self.app.view_of(TimelineView)

    def _settle(self, view: str, person: str | None) -> None:
        app = self.app
        if person is not None:
            app.current_person = person
        if app.view == view:
            app.refresh_view()
        else:
            app.view = view
        app.update_header()
