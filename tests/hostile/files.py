"""Broken and hostile profile files, written at test time into a directory the test owns.

Each generator returns the path it wrote. Large files (50 MB, 20,000 papers, a 1 MB string)
are built here on demand so that the repository never holds them.
"""

from __future__ import annotations

import os
from collections.abc import Callable
from pathlib import Path

GOOD = 'name = "Good Person"\nheadline = "Still loads"\n'


def write(directory: Path, name: str, content: str | bytes) -> Path:
    path = directory / name
    path.parent.mkdir(parents=True, exist_ok=True)
    if isinstance(content, bytes):
        path.write_bytes(content)
    else:
        path.write_text(content, encoding="utf-8")
    return path


def good(directory: Path, name: str = "good.toml") -> Path:
    """A valid profile, to prove the rest still loads next to a broken one."""
    return write(directory, name, GOOD)


# --- the small broken cases: (file name, content, expected line, expected field, words) ---

BROKEN: dict[str, tuple[str | bytes, int, str, str]] = {
    # name: (content, line of the problem, field (key path) or "", a word the message must hold)
    "syntax_error": ('name = "Ok"\nheadline = "unterminated\n', 2, "", "syntax"),
    "syntax_table": ('name = "Ok"\n[[papers]\ntitle = "x"\n', 2, "", "syntax"),
    "duplicate_key": ('name = "A"\nname = "B"\n', 2, "", "syntax"),
    "wrong_type_top": ('name = "Ok"\nheadline = 42\n', 2, "headline", "string"),
    "wrong_type_year": (
        'name = "Ok"\n\n[[papers]]\ntitle = "P"\nyear = "twenty"\n',
        5,
        "papers[0].year",
        "whole number",
    ),
    "wrong_type_list": ('name = "Ok"\naliases = "not a list"\n', 2, "aliases", "list"),
    "wrong_type_table": ('name = "Ok"\nlinks = "https://x.example"\n', 2, "links", "table"),
    "missing_title": ('name = "Ok"\n\n[[papers]]\nyear = 2020\n', 3, "papers[0]", "title"),
    "missing_institution": (
        'name = "Ok"\n\n[[education]]\ndegree = "PhD"\n',
        3,
        "education[0]",
        "institution",
    ),
    "unknown_key_top": ('name = "Ok"\nnmae = "typo"\n', 2, "nmae", "unknown"),
    "unknown_key_paper": (
        'name = "Ok"\n\n[[papers]]\ntitle = "P"\nyaer = 2020\n',
        5,
        "papers[0].yaer",
        "unknown",
    ),
    "bad_enum": (
        'name = "Ok"\n\n[[papers]]\ntitle = "P"\ntype = "novel"\n',
        5,
        "papers[0].type",
        "conference",
    ),
    "date_month_13": (
        'name = "Ok"\n\n[[education]]\ninstitution = "U"\nstart = "2024-13"\n',
        5,
        "education[0].start",
        "month",
    ),
    "date_yesterday": (
        'name = "Ok"\n\n[[education]]\ninstitution = "U"\nend = "yesterday"\n',
        5,
        "education[0].end",
        "not a date",
    ),
    "date_feb_30": (
        'name = "Ok"\n\n[[awards]]\ntitle = "A"\ndate = "2023-02-30"\n',
        5,
        "awards[0].date",
        "real day",
    ),
    "date_year_range": (
        'name = "Ok"\n\n[[awards]]\ntitle = "A"\ndate = 12\n',
        5,
        "awards[0].date",
        "range",
    ),
    "date_bool": (
        'name = "Ok"\n\n[[awards]]\ntitle = "A"\ndate = true\n',
        5,
        "awards[0].date",
        "date",
    ),
    "not_utf8": (b'name = "Ok"\nheadline = "caf\xe9"\n', 2, "", "UTF-8"),
    "nul_byte": (b'name = "Ok"\nheadline = "a\x00b"\n', 2, "", "syntax"),
    "raw_escape": (b'name = "Ok"\nheadline = "a\x1b]0;T\x07b"\n', 2, "", "syntax"),
}
"""Small broken files; every one is a clear problem with a line and (where known) a field."""

EMPTY_CASES: dict[str, str | bytes] = {
    "empty": b"",
    "whitespace": "  \n\t\n",
    "bom_only": b"\xef\xbb\xbf",
    "comment_only": "# nothing here\n",
}


# --- the big ones -----------------------------------------------------------------------


def fifty_megabytes(directory: Path) -> Path:
    """A 50 MB file: a valid header, then a huge comment block (realistic for a bad export)."""
    path = directory / "fifty-mb.toml"
    line = "# " + "x" * 1021 + "\n"  # 1 KiB per line
    block = line * 1024  # 1 MiB
    with path.open("w", encoding="utf-8") as out:
        out.write('name = "Huge File"\n')
        for _ in range(50):
            out.write(block)
    return path


def many_papers(directory: Path, count: int = 20_000, broken_every: int = 0) -> Path:
    """One profile with ``count`` papers; every ``broken_every``-th paper has a bad year."""
    path = directory / f"papers-{count}.toml"
    parts = ['name = "Prolific Author"\n']
    for i in range(count):
        year = '"soon"' if broken_every and i % broken_every == 0 else str(1990 + i % 35)
        parts.append(
            f'\n[[papers]]\ntitle = "Paper {i}: [Re] a study of thing {i}"\n'
            f'authors = ["Prolific Author*", "Co Author {i % 97}"]\nvenue = "Venue {i % 13}"\n'
            f"year = {year}\n"
        )
    path.write_text("".join(parts), encoding="utf-8")
    return path


def megabyte_string(directory: Path) -> Path:
    """A profile whose summary is a single 1 MB string."""
    return write(
        directory,
        "megastring.toml",
        'name = "Long Winded"\nsummary = "' + "word " * 209_716 + '"\n',
    )


def deep_arrays(directory: Path, depth: int = 5_000) -> Path:
    return write(
        directory,
        "deep-arrays.toml",
        'name = "Deep"\naliases = ' + "[" * depth + "]" * depth + "\n",
    )


def deep_tables(directory: Path, depth: int = 5_000) -> Path:
    return write(
        directory,
        "deep-tables.toml",
        'name = "Deep"\nx = ' + "{a = " * depth + "1" + "}" * depth + "\n",
    )


def deep_headers(directory: Path, depth: int = 3_000) -> Path:
    return write(
        directory, "deep-headers.toml", 'name = "Deep"\n[' + ".".join(["t"] * depth) + "]\nv = 1\n"
    )


def deep_interests(directory: Path, depth: int = 60) -> Path:
    """Interests may legitimately nest; a deep but finite nesting must still load."""
    inner = '"leaf"'
    for i in range(depth):
        inner = f'{{ area = "level {i}", topics = [{inner}] }}'
    return write(
        directory, "deep-interests.toml", f'name = "Nested Interests"\ninterests = [{inner}]\n'
    )


def symlink_loop(directory: Path) -> Path:
    """``loop/inner/back -> loop``: walking it naively never ends."""
    loop = directory / "loop"
    (loop / "inner").mkdir(parents=True)
    write(loop / "inner", "looped.toml", 'name = "In The Loop"\n')
    os.symlink(loop, loop / "inner" / "back", target_is_directory=True)
    return loop


def self_symlink(directory: Path) -> Path:
    """A symlink that points at itself (stat fails with ELOOP)."""
    link = directory / "self.toml"
    os.symlink(link, link)
    return link


def dangling_symlink(directory: Path) -> Path:
    link = directory / "dangling.toml"
    os.symlink(directory / "does-not-exist.toml", link)
    return link


def duplicate_ids(directory: Path) -> tuple[Path, Path]:
    a = write(directory, "a/first.toml", 'id = "same-id"\nname = "First"\n')
    b = write(directory, "b/second.toml", 'id = "same-id"\nname = "Second"\n')
    return a, b


def terminal_profiles(directory: Path) -> Path:
    """Two small, stable profiles whose names fit the narrowest layout (60 columns)."""
    directory.mkdir()
    for n, (name, org) in enumerate([("Ada Tty", "Tmux U"), ("Grace Pty", "Pty Inst")]):
        papers = "".join(
            f'\n[[papers]]\ntitle = "Terminal study {n}-{i:02d}"\nauthors = ["{name}"]\n'
            f'venue = "TTY"\nyear = {2000 + i}\n'
            for i in range(30)
        )
        (directory / f"p{n}.toml").write_text(
            f'name = "{name}"\naffiliation = "{org}"\n\n[[education]]\ninstitution = "{org}"\n'
            f'degree = "PhD"\nstart = "2015"\nend = "2020"\n{papers}',
            encoding="utf-8",
        )
    return directory


GENERATORS: dict[str, Callable[[Path], object]] = {
    "deep_arrays": deep_arrays,
    "deep_tables": deep_tables,
    "deep_headers": deep_headers,
}
