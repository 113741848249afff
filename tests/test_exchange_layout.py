"""A comment written above a table stays directly above it after an edit, wherever the TOML
library files that comment (its releases differ), and an edit adds no more than it should."""

from __future__ import annotations

import tomli
import tomlkit

from cvtui.core.exchange.layout import keep_heading_comments, table_lines
from cvtui.core.services.sections import SectionEdit, apply_sections

PROFILE = """\
# Ada's profile — kept on top.

name = "Ada"

[links]
homepage = "https://a.example"

# ---- papers below
[[papers]]
title = "First Paper"   # an inline comment
year = 2020

  [papers.links]
  url = "https://a.example/1"

# ---- awards below

[[awards]]
title = "Prize"
# ---- service below
[[service]]
role = "Reviewer"
"""

WANTED = """\
# Ada's profile — kept on top.

name = "Ada"
headline = "Linguist"

[links]
homepage = "https://a.example"
orcid = "0000-0002-1825-0097"

# ---- papers below
[[papers]]
title = "First Paper"   # an inline comment
year = 2020
type = "journal"

  [papers.links]
  url = "https://a.example/1"
  doi = "10.1/first"

# ---- awards below

[[awards]]
title = "Prize"

[[awards]]
title = "Medal"
# ---- service below
[[service]]
role = "Reviewer"
"""


def _edited_by_tomlkit() -> str:
    doc = tomlkit.parse(PROFILE)
    doc["headline"] = "Linguist"
    doc["links"]["orcid"] = "0000-0002-1825-0097"  # type: ignore[index]
    paper = doc["papers"][0]  # type: ignore[index]
    paper["type"] = "journal"
    paper["links"]["doi"] = "10.1/first"
    medal = tomlkit.table()
    medal["title"] = "Medal"
    doc["awards"].append(medal)  # type: ignore[union-attr]
    return doc.as_string()


def _moved_below_comments(text: str) -> str:
    """The same edit with every new line put where some tomlkit releases put it: below the
    comment that heads the next table, right above that table's header."""
    lines = text.split("\n")
    for new, header in (
        ('orcid = "0000-0002-1825-0097"', "[[papers]]"),
        ('  doi = "10.1/first"', "[[awards]]"),
    ):
        lines.remove(new)
        lines.insert(lines.index(header), new)
    start = lines.index('title = "Medal"') - 2
    medal = lines[start : start + 3]
    del lines[start : start + 3]
    at = lines.index("[[service]]")
    lines[at:at] = medal
    return "\n".join(lines)


def test_new_lines_go_above_a_heading_comment_wherever_the_library_put_them() -> None:
    edited = _edited_by_tomlkit()
    below = _moved_below_comments(WANTED)
    assert below != WANTED and tomli.loads(below) == tomli.loads(WANTED)
    assert keep_heading_comments(PROFILE, below) == WANTED
    assert keep_heading_comments(PROFILE, edited) == WANTED
    assert keep_heading_comments(PROFILE, WANTED) == WANTED  # already in place: unchanged


def test_a_section_edit_keeps_comments_above_their_tables() -> None:
    edit = SectionEdit(
        top={"headline": "Linguist"},
        links={"orcid": "0000-0002-1825-0097"},
        entries={"awards": [{"title": "Medal"}]},
    )
    text = apply_sections(PROFILE, edit)
    lines = text.split("\n")
    for comment, header in (
        ("# ---- papers below", "[[papers]]"),
        ("# ---- awards below", "[[awards]]"),
        ("# ---- service below", "[[service]]"),
    ):
        assert lines[lines.index(comment) + 1 : lines.index(header)] in ([], [""])
    assert lines[0] == "# Ada's profile — kept on top."
    assert lines.index('headline = "Linguist"') < lines.index("[links]")
    assert lines.index('orcid = "0000-0002-1825-0097"') < lines.index("# ---- papers below")
    assert lines.index('title = "Medal"') < lines.index("# ---- service below")
    data = tomli.loads(text)
    assert data["links"]["orcid"] == "0000-0002-1825-0097"
    assert [a["title"] for a in data["awards"]] == ["Prize", "Medal"]


def test_headers_inside_multi_line_strings_are_not_tables() -> None:
    text = 'summary = """\n# not a comment\n[not.a.table]\n"""\n\n[[papers]]\ntitle = "x"\n'
    assert table_lines(text) == [(5, "papers")]
    assert keep_heading_comments(text, text.replace('title = "x"', 'title = "x"\nyear = 1')) == (
        text.replace('title = "x"', 'title = "x"\nyear = 1')
    )
