"""Back and forward through the places a user went, as a browser does.

A jump pushes the place it leaves onto the back stack and forgets the forward one; going back
moves the current place onto the forward stack. The stacks are bounded: the oldest steps go.
"""

from __future__ import annotations

from collections import deque
from typing import Generic, TypeVar

__all__ = ["History"]

T = TypeVar("T")

MAX_STEPS = 100


class History(Generic[T]):
    """Two stacks of places; the current place is the caller's, passed in at each move."""

    def __init__(self, limit: int = MAX_STEPS) -> None:
        self._back: deque[T] = deque(maxlen=limit)
        self._forward: deque[T] = deque(maxlen=limit)

    @property
    def back_steps(self) -> list[T]:
        """The places behind, oldest first."""
        return list(self._back)

    @property
    def forward_steps(self) -> list[T]:
        """The places ahead, nearest first."""
        return list(reversed(self._forward))

    def leave(self, current: T) -> None:
        """A jump away from ``current``: it is a step back, and nothing is ahead any more."""
        self._back.append(current)
        self._forward.clear()

    def back(self, current: T) -> T | None:
        """The place before ``current`` (which becomes a step forward), or None."""
        if not self._back:
            return None
        self._forward.append(current)
        return self._back.pop()

    def forward(self, current: T) -> T | None:
        """The place after ``current`` (which becomes a step back), or None."""
        if not self._forward:
            return None
        self._back.append(current)
        return self._forward.pop()
