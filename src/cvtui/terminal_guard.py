"""The last line of defence: only the escape sequences cvtui's own rendering makes reach the
terminal.

Text is sanitised where it enters (:mod:`cvtui.core.text`), but a path that forgot (a record
edited in the cache, a widget handed raw text) must still not be able to retitle the
terminal, set its clipboard or clear the screen. Every frame the app writes is made of
segments: the escape sequences for colours and cursor moves are generated from their styles
and positions, while their *text* is what was drawn. So every update is checked here, just
before it is turned into bytes: any control character, C1 control, DEL, bidirectional
override or lone surrogate in a segment's text is dropped (all but the surrogates take no
cell, so nothing moves; a surrogate becomes U+FFFD, one cell like itself).

Segments Rich marks as control (cursor movements it makes itself) are ours and kept.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from typing import Any

from rich.console import Console, ConsoleOptions, RenderResult
from rich.segment import Segment
from textual._compositor import ChopsUpdate, InlineUpdate, LayoutUpdate
from textual.strip import Strip

__all__ = ["UNSAFE_OUTPUT", "clean_strip", "clean_text", "guard"]

UNSAFE_OUTPUT = re.compile("[\x00-\x1f\x7f-\x9f\u202a-\u202e\u2066-\u2069\ud800-\udfff]")
"""What never leaves cvtui as text: C0 controls (ESC included), DEL, C1 controls, bidi
overrides and isolates, lone surrogates."""
_SURROGATE = re.compile("[\ud800-\udfff]")


def clean_text(text: str) -> str:
    """``text`` without the characters of :data:`UNSAFE_OUTPUT` (surrogates as U+FFFD)."""
    return UNSAFE_OUTPUT.sub("", _SURROGATE.sub("\ufffd", text))


def _clean_segments(segments: Iterable[Segment]) -> list[Segment]:
    out = []
    for segment in segments:
        text, style, control = segment
        if control is None and UNSAFE_OUTPUT.search(text):
            segment = Segment(clean_text(text), style)
        out.append(segment)
    return out


_CHECKED: dict[int, Strip] = {}
"""Strips found safe, by identity (held, so an id is not reused while it is here): widgets
draw the same lines frame after frame, and each is checked once."""
_CHECKED_MAX = 4096


def clean_strip(strip: Strip) -> Strip:
    """``strip`` itself when its text is safe, else a copy with the unsafe characters out."""
    key = id(strip)
    if _CHECKED.get(key) is strip:
        return strip
    text = "".join([segment.text for segment in strip if segment.control is None])
    if UNSAFE_OUTPUT.search(text) is None:
        if len(_CHECKED) >= _CHECKED_MAX:
            _CHECKED.clear()
        _CHECKED[key] = strip
        return strip
    return Strip(_clean_segments(strip), strip.cell_length)


class _Guarded:
    """Any other renderable, its segments cleaned as they are rendered."""

    def __init__(self, renderable: Any) -> None:
        self.renderable = renderable

    def __rich_console__(self, console: Console, options: ConsoleOptions) -> RenderResult:
        yield from _clean_segments(console.render(self.renderable, options))


def guard(renderable: Any) -> Any:
    """The update ``App._display`` is about to write, with every segment's text made safe."""
    if renderable is None:
        return None
    if isinstance(renderable, LayoutUpdate):
        renderable.strips = [[clean_strip(s) for s in line] for line in renderable.strips]
        return renderable
    if isinstance(renderable, ChopsUpdate):
        renderable.chops = [
            {x: (None if s is None else clean_strip(s)) for x, s in line.items()}
            for line in renderable.chops
        ]
        return renderable
    if isinstance(renderable, InlineUpdate):
        renderable.strips = [clean_strip(s) for s in renderable.strips]
        return renderable
    return _Guarded(renderable)
