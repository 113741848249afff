"""What ``c`` copies for a paper: BibTeX, CSL-JSON or a formatted reference.

The choice is the config's ``copy_format`` when set, else the one last made with ``C``
(remembered in the state file beside the theme), else BibTeX.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import NamedTuple

from .core.model import Paper

__all__ = ["FORMATS", "CopyFormat", "choose", "current", "paper_text", "papers_text"]


class CopyFormat(NamedTuple):
    name: str
    label: str
    key: str
    """The key that picks it in the chooser."""


FORMATS = (
    CopyFormat("bibtex", "BibTeX", "b"),
    CopyFormat("csl-json", "CSL-JSON (Zotero, pandoc)", "j"),
    CopyFormat("reference", "Formatted reference", "r"),
)
_NAMES = tuple(f.name for f in FORMATS)
# Choices made in this process, by state file (so a choice holds even if it cannot be saved).
_chosen: dict[str, str] = {}


def _configured() -> tuple[str, str]:
    from .config import load_config

    config, _ = load_config()
    return config.copy_format, config.citation_style


def _state_key() -> str:
    from .config import state_path

    return str(state_path())


def current() -> str:
    """The format ``c`` copies in now."""
    from .state import read_state

    configured, _ = _configured()
    if configured in _NAMES:
        return configured
    remembered = _chosen.get(_state_key()) or read_state().get("copy_format", "")
    return remembered if remembered in _NAMES else "bibtex"


def choose(name: str) -> None:
    """Copy in ``name`` from now on, and remember it for the next run."""
    if name not in _NAMES:
        raise ValueError(f"unknown copy format {name!r}")
    _chosen[_state_key()] = name
    from .state import remember

    try:
        remember("copy_format", name)
    except OSError:
        pass  # an unwritable state directory only means the choice is not remembered


def label(name: str) -> str:
    return next(f.label for f in FORMATS if f.name == name)


def papers_text(papers: Sequence[Paper], name: str | None = None) -> str:
    """Several papers in format ``name``: one BibTeX file (keys kept apart), one CSL-JSON
    array, or one reference a line."""
    name = name or current()
    if name == "csl-json":
        from .core.exchange.csl import papers_to_csl_json

        return papers_to_csl_json(list(papers))
    if name == "reference":
        return "".join(paper_text(paper, name) for paper in papers)
    from .core.exchange.bibtex import CitationKeys, papers_to_bibtex_text

    return papers_to_bibtex_text(list(papers), CitationKeys())


def paper_text(paper: Paper, name: str | None = None) -> str:
    """``paper`` in format ``name`` (the current one by default)."""
    name = name or current()
    if name == "csl-json":
        from .core.exchange.csl import papers_to_csl_json

        return papers_to_csl_json([paper])
    if name == "reference":
        from .core.exchange.reference import StyleError, format_reference

        _, style = _configured()
        try:
            return format_reference(paper, style or None) + "\n"
        except StyleError:
            return format_reference(paper) + "\n"
    from .core.exchange.bibtex import CitationKeys, papers_to_bibtex_text

    return papers_to_bibtex_text([paper], CitationKeys())
