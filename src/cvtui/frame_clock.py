"""Frames on time after a pause: a one-line fix to Textual 8's interval timer.

Textual draws a screen on an interval timer (60 a second) that is paused while nothing
changes. A change resumes it and the frame is drawn at once; for its next tick the timer
then skips the ticks it missed while paused, but one too many, so the next frame waits for
the grid point after the next. A second frame soon after a first (the filtered list after
the typed letter, a paper's detail after the list moved) waited 17-33 ms instead of at most
17: on the ACL set the filtered list showed 33 ms after a key, 23 with this fix.

:func:`install` gives :class:`textual.timer.Timer` a ``_run`` that differs from Textual's
own in that one line (``count`` after a skip). It is installed only on the Textual version
it was written for (8, as ``pyproject.toml`` requires); ``tests/test_frame_clock.py`` runs
a timer on a virtual clock, with and without it.
"""

from __future__ import annotations

import textual
from textual import timer as _timer

__all__ = ["install", "uninstall"]

_TEXTUALS_OWN = _timer.Timer._run


async def _run(self: _timer.Timer) -> None:
    """Textual's ``Timer._run``, skipping missed ticks to the next grid point."""
    count = 0
    _repeat = self._repeat
    _interval = self._interval
    self._active  # noqa: B018  (Textual: made in the timer's own task)
    await self._active.wait()
    start = _timer._time.get_time()

    while _repeat is None or count <= _repeat:
        next_timer = start + ((count + 1) * _interval)
        now = _timer._time.get_time()
        if self._skip and next_timer < now:
            count = int((now - start) / _interval)  # Textual: + 1, one tick too far
            continue
        wait_time = max(0, next_timer - now)
        await _timer.sleep(wait_time)
        count += 1
        await self._active.wait()
        if self._reset:
            start = _timer._time.get_time()
            count = 0
            self._reset = False
            continue
        try:
            await self._tick(next_timer=next_timer, count=count)
        except _timer.EventTargetGone:
            break


def install() -> bool:
    """Use the fixed timer from now on (idempotent); False on a Textual it was not made for."""
    if not textual.__version__.startswith("8."):
        return False
    _timer.Timer._run = _run  # type: ignore[method-assign]
    return True


def uninstall() -> None:
    """Textual's own timer again (for tests)."""
    _timer.Timer._run = _TEXTUALS_OWN  # type: ignore[method-assign]
