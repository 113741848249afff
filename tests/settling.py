"""Waiting for the screen to catch up with a key, for tests that read what it shows.

A view draws its list first and its detail pane a frame later (so a page down at 100,000
rows repaints at once); a test that moves a cursor and then reads the detail waits for it.
"""

from __future__ import annotations

from typing import Any

from cvtui.views.base import ListDetailView


def details_behind(app: Any) -> list[ListDetailView]:
    """Views on screen whose detail pane does not show their cursor's item yet."""
    return [view for view in app.screen.query(ListDetailView) if view.detail_behind]


async def settle(pilot: Any, rounds: int = 200) -> None:
    """Process what is queued, paint, and wait for every detail pane on screen to follow."""
    await pilot.pause()
    for _ in range(rounds):
        if not details_behind(pilot.app):
            break
        await pilot.pause(0.01)
    else:
        raise AssertionError(f"detail panes never caught up: {details_behind(pilot.app)}")
    await pilot.pause()


async def wait_until(pilot: Any, condition: Any, rounds: int = 300) -> None:
    """Let the app run (it polls files, loads in threads) until ``condition()`` holds, then
    settle; fails after ``rounds`` × 50 ms."""
    for _ in range(rounds):
        if condition():
            await settle(pilot)
            return
        await pilot.pause(0.05)
    raise AssertionError("the app never reached the expected state")
