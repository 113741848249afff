"""How a paper's bibliographic record maps onto BibTeX fields and entry types.

Shared by import and export so that the two agree: a field read into ``pages`` is written
back as ``pages``; an entry type that the paper's ``type`` implies is not stored again.
"""

from __future__ import annotations

import re

__all__ = [
    "BIBLATEX_NAMES",
    "TEXT_FIELDS",
    "VENUE_FIELDS",
    "VERBATIM_FIELDS",
    "default_entry_type",
    "is_url",
]

# Paper attribute → BibTeX field, for values stored as they are (decoded from LaTeX).
TEXT_FIELDS: dict[str, str] = {
    "booktitle": "booktitle",
    "journal": "journal",
    "pages": "pages",
    "volume": "volume",
    "number": "number",
    "publisher": "publisher",
    "series": "series",
    "edition": "edition",
    "address": "address",
    "isbn": "isbn",
    "issn": "issn",
    "note": "note",
    "abstract": "abstract",
    "language": "language",
}
# biblatex names of the same fields (read either way; written per --style).
BIBLATEX_NAMES: dict[str, str] = {
    "journaltitle": "journal",
    "location": "address",
    "eprinttype": "archiveprefix",
    "eprintclass": "primaryclass",
}
# The field that holds an entry's venue, by entry type.
VENUE_FIELDS: dict[str, tuple[str, ...]] = {
    "article": ("journal", "booktitle"),
    "inproceedings": ("booktitle", "journal", "series"),
    "conference": ("booktitle", "journal", "series"),
    "incollection": ("booktitle", "journal", "series"),
    "inbook": ("booktitle", "journal", "series"),
    "proceedings": ("series", "publisher", "organization"),
    "phdthesis": ("school", "institution"),
    "mastersthesis": ("school", "institution"),
    "thesis": ("school", "institution"),
    "techreport": ("institution", "publisher"),
    "report": ("institution", "publisher"),
    "book": ("publisher", "series"),
    "booklet": ("howpublished", "publisher"),
}
OTHER_VENUE_FIELDS = (
    "howpublished",
    "journal",
    "booktitle",
    "publisher",
    "organization",
    "institution",
)
_DEFAULT_TYPES = {
    "conference": "inproceedings",
    "workshop": "inproceedings",
    "journal": "article",
    "report": "techreport",
    "thesis": "phdthesis",
    "book": "book",
}
# Fields read and written verbatim: addresses, identifiers or file names, not text.
VERBATIM_FIELDS = frozenset(("file", "url", "urlraw", "doi", "eprint", "adsurl", "biburl", "ids"))
_URL_RE = re.compile(r"^(?:https?|ftp)://\S+$", re.I)


def default_entry_type(paper_type: str, has_arxiv: bool) -> str:
    """The entry type a paper of ``paper_type`` is written as when nothing else says."""
    if paper_type == "preprint":
        return "misc" if has_arxiv else "unpublished"
    return _DEFAULT_TYPES.get(paper_type, "misc")


def is_url(value: str) -> bool:
    return bool(_URL_RE.match(value.strip()))
