"""BibTeX ↔ papers: the entry points the command line and the app use.

Reading is :mod:`.bibtex_parse` (text → entries) and :mod:`.bibtex_import` (entries →
papers that keep the whole record); writing is :mod:`.bibtex_export`, with keys from
:mod:`.keys`. This module only joins them to the library.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING

from .bibtex_export import Style, papers_to_bibtex_text
from .bibtex_import import BibtexImport, ImportedPaper, entry_to_paper, read_bibtex
from .identifiers import is_arxiv_doi, normalize_arxiv, normalize_doi
from .keys import CitationKeys, conventional_key

if TYPE_CHECKING:
    from ..model import Library, Paper

__all__ = [
    "BibtexImport",
    "CitationKeys",
    "ImportedPaper",
    "Style",
    "citation_key",
    "entry_to_paper",
    "is_arxiv_doi",
    "normalize_arxiv",
    "normalize_doi",
    "paper_to_bibtex",
    "papers_to_bibtex",
    "papers_to_bibtex_text",
    "read_bibtex",
]


def citation_key(paper: Paper) -> str:
    """The key a paper is exported under when nothing else in the file takes it."""
    return CitationKeys().key(paper) if paper.citation_key else conventional_key(paper)


def papers_to_bibtex(
    library: Library, indices: Sequence[int], style: Style = "bibtex", ascii: bool = False
) -> str:
    """BibTeX for the papers at ``indices`` of ``library.papers`` (e.g. a filtered list)."""
    return papers_to_bibtex_text(
        (library.papers[i] for i in indices), CitationKeys(), style=style, ascii=ascii
    )


def paper_to_bibtex(library: Library, index: int, style: Style = "bibtex") -> str:
    """BibTeX for one paper of ``library`` (what the app copies to the clipboard)."""
    return papers_to_bibtex(library, [index], style=style)
