"""A commented profile skeleton for ``cvtui new``: every section shown, nothing invented."""

from __future__ import annotations

import hashlib
import re

import tomlkit

from ..loading import slugify
from ..text import sanitize

__all__ = ["profile_id", "skeleton_text"]


def profile_id(name: str) -> str:
    """A file-name-safe id from a person's name: ``José Müller`` → ``jose-muller``,
    ``李雷`` → ``li-lei``; a name with nothing to spell an id from gets ``person-`` and a
    short digest of the name, so two such names do not collide."""
    slug = slugify(name)
    if slug == "untitled":
        digest = hashlib.blake2b(name.encode("utf-8", "surrogatepass"), digest_size=4)
        return f"person-{digest.hexdigest()}"
    return slug


def _quoted(value: str) -> str:
    return tomlkit.string(value).as_string()


def skeleton_text(name: str, person_id: str | None = None) -> str:
    """The skeleton for ``name``; uncomment and fill in what you know (see profile-format.md)."""
    pid = person_id or profile_id(name)
    name_line = sanitize(re.sub(r"\s+", " ", name).strip())
    return f"""\
# Profile of {name_line.replace(chr(10), " ")}.
# Only `name` is required. Uncomment and fill in what you know; leave out the rest.
# Dates are partial ISO strings: "2024", "2024-09", "2024-09-01", or "present" for an end.
# The full format: docs/profile-format.md. Check the file with `cvtui validate`.

id = {_quoted(pid)}
name = {_quoted(name_line)}
# headline = "Ph.D. student in Computer Science"
# affiliation = "Example University"
# summary = "A few sentences about the research, in your own words."
# aliases = ["A. Example"]            # other spellings of the name, used to link papers

# [links]
# homepage = "https://example.org"
# scholar = "https://scholar.google.com/citations?user=..."
# github = "https://github.com/..."
# orcid = "https://orcid.org/0000-0000-0000-0000"
# email = "name@university.edu"      # an institutional address; never a phone number

# interests = ["Machine learning", {{ area = "Robotics", topics = ["manipulation"] }}]

# [[education]]
# degree = "Ph.D."
# field = "Computer Science"
# institution = "Example University"  # required
# start = "2024-09"
# end = "2029"
# end_expected = true
# advisors = ["Grace Advisor"]

# [[experience]]
# kind = "internship"                 # position | internship | visiting | collaboration | work | research | teaching | other
# organisation = "Example Lab"        # required
# role = "Research Intern"
# start = "2023-06"
# end = "2023-09"
# highlights = ["What you did, in a line."]

# [[papers]]
# title = "The Paper's Title"         # required
# authors = ["First Author*", "{name_line.replace('"', "'")}*", "Last Author"]   # * marks equal contribution
# venue = "NeurIPS"
# year = 2024
# type = "conference"                 # conference | journal | workshop | preprint | report | blog | thesis | book | other
# status = "published"
#   [papers.links]
#   arxiv = "2401.00001"
#   code = "https://github.com/..."

# [[awards]]
# title = "Example Fellowship"        # required
# date = "2024"
# awarder = "Example University"

# [[service]]
# role = "Reviewer"                   # required
# venues = ["NeurIPS", "ICML"]

# [[skills]]
# category = "Programming"            # required
# items = ["Python", "PyTorch"]

# [[languages]]
# language = "English"                # required
# fluency = "Native"
"""
