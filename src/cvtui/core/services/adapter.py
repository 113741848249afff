"""The one place the service imports reach into the BibTeX import's merge engine and writer.

Every call the services make to :mod:`cvtui.core.exchange.merge` (is this the same work,
fill one entry from another) and :mod:`cvtui.core.exchange.writer` (splice papers into a
file without disturbing it, render a new profile, check it with the loader, diff it, write
it atomically) goes through these names, so the engine can change behind them.
"""

from __future__ import annotations

import os
from collections.abc import Mapping, MutableMapping, Sequence
from typing import Any

from ..exchange import merge as _merge
from ..exchange import writer as _writer
from ..exchange.writer import write_text as _write_atomically
from ..problems import Problem

__all__ = [
    "ProfileWriteError",
    "add_papers",
    "check_profile_text",
    "merge_paper",
    "render_profile",
    "same_work",
    "title_key",
    "unified_diff",
    "write_text",
]

ProfileWriteError = _writer.ProfileWriteError


def same_work(a: Mapping[str, Any], b: Mapping[str, Any]) -> str:
    """Why ``a`` and ``b`` are one work (``same DOI``…), or ``""``."""
    return _merge.same_work(a, b)


def merge_paper(existing: MutableMapping[str, Any], incoming: Mapping[str, Any]) -> dict[str, Any]:
    """Fill ``existing`` from ``incoming`` in place; the changes, as the writer takes them."""
    return _merge.merge_paper(existing, incoming)


def title_key(title: object) -> str:
    """The key ``same_work`` compares titles by."""
    return _merge.title_key(title)


def add_papers(
    text: str,
    new_papers: Sequence[Mapping[str, Any]],
    changes: Mapping[int, Mapping[str, Any]],
) -> str:
    return _writer.add_papers(text, new_papers, changes)


def render_profile(data: Mapping[str, Any], comment: str) -> str:
    return _writer.render_profile(data, comment)


def check_profile_text(text: str, path: str | os.PathLike[str]) -> list[Problem]:
    return _writer.check_profile_text(text, path)


def unified_diff(old: str, new: str, path: str | os.PathLike[str]) -> str:
    return _writer.unified_diff(old, new, path)


def write_text(path: str | os.PathLike[str], text: str) -> None:
    """Check ``text`` with the loader, then write it atomically."""
    _write_atomically(path, text)
