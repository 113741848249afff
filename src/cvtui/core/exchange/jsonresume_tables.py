"""What JSON Resume and profiles name differently, shared by export and import.

Export (:mod:`.jsonresume_export`) and import (:mod:`.jsonresume_import`) read the same
tables, so that what one writes the other reads back.
"""

from __future__ import annotations

import re

__all__ = ["NETWORKS", "NETWORK_NAMES", "STATUS_RE"]

# A profile network's name as written in documents (lower-cased) → the profile's link key;
# NETWORK_NAMES is the way back, for export.
NETWORKS: dict[str, str] = {
    "github": "github",
    "linkedin": "linkedin",
    "twitter": "twitter",
    "x": "twitter",
    "google scholar": "scholar",
    "googlescholar": "scholar",
    "scholar": "scholar",
    "orcid": "orcid",
    "dblp": "dblp",
    "semantic scholar": "semantic_scholar",
    "semanticscholar": "semantic_scholar",
    "openreview": "openreview",
    "openalex": "openalex",
}
NETWORK_NAMES: dict[str, str] = {
    "github": "GitHub",
    "linkedin": "LinkedIn",
    "twitter": "Twitter",
    "scholar": "Google Scholar",
    "orcid": "ORCID",
    "dblp": "DBLP",
    "semantic_scholar": "Semantic Scholar",
    "openreview": "OpenReview",
    "openalex": "OpenAlex",
}
# A paper's status written before its venue in ``publisher`` (``Submitted: ACL'25``), as JSON
# Resume has no field for it: group 1 the status, group 2 the venue.
STATUS_RE = re.compile(
    r"^\s*(submitted|published|accepted|under review|in review|in press|to appear|in preparation|"
    r"preprint|forthcoming)\s*(?:[:\-–—]\s*|\s+(?:to|at|in)\s+|$)(.*)$",
    re.I,
)
