"""A paper as a formatted reference (``Ji, J. et al. (2023) ‘BeaverTails…’, …``) via citeproc-py.

The default style is Harvard (Cite Them Right), which ships with citeproc-py; any CSL style
file (APA, IEEE, Chicago… from the CSL style repository) can be named instead.
"""

from __future__ import annotations

import warnings
from functools import lru_cache
from pathlib import Path
from typing import Any

from ..model import Paper
from .csl import paper_to_csl
from .keys import conventional_key

__all__ = ["DEFAULT_STYLE", "StyleError", "bundled_style_path", "format_reference"]

DEFAULT_STYLE = "harvard-cite-them-right"


class StyleError(Exception):
    """The CSL style cannot be read; the message says which and why."""


def bundled_style_path(name: str = DEFAULT_STYLE) -> Path:
    import citeproc

    return Path(citeproc.__file__).parent / "data" / "styles" / f"{name}.csl"


@lru_cache(maxsize=8)
def _style(path: str) -> Any:
    from citeproc import CitationStylesStyle

    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            return CitationStylesStyle(path, validate=False)
    except Exception as exc:  # lxml or citeproc: any failure means the file is unusable
        raise StyleError(f"{path}: not a usable CSL style ({type(exc).__name__}: {exc})") from None


def style_path(style: str | None) -> str:
    """The file of a style: a bundled name, a path to a ``.csl`` file, or the default."""
    if not style:
        return str(bundled_style_path())
    candidate = Path(style).expanduser()
    if candidate.is_file():
        return str(candidate)
    bundled = bundled_style_path(style)
    if bundled.is_file():
        return str(bundled)
    raise StyleError(f"{style}: no such CSL style file")


def format_reference(paper: Paper, style: str | None = None) -> str:
    """The paper's entry in a reference list, as plain text (one line)."""
    from citeproc import Citation, CitationItem, CitationStylesBibliography, formatter
    from citeproc.source.json import CiteProcJSON

    item = paper_to_csl(paper, conventional_key(paper) or "item")
    item.pop("custom", None)
    item["id"] = "item"
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        bibliography = CitationStylesBibliography(
            _style(style_path(style)), CiteProcJSON([item]), formatter.plain
        )
        bibliography.register(Citation([CitationItem("item")]))
        entries = [str(e) for e in bibliography.bibliography()]
    return " ".join(" ".join(entries).split())
