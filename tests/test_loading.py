"""Loading profiles: every kind of bad input becomes a located problem, the rest loads."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from cvtui.core.discovery import discover
from cvtui.core.loading import load_file, load_paths, load_text

FIXTURES = Path(__file__).parent / "fixtures" / "loading"


def load_one(name: str):
    return load_file(FIXTURES / name)


def test_valid_profile_loads_without_problems() -> None:
    person, problems = load_one("valid.toml")
    assert problems == []
    assert person is not None
    assert person.id == "valid"  # the file name, since `id` is not set
    assert person.name == "Valid Person"
    assert person.papers[0].id == "a-fine-paper"
    assert person.papers[0].year == 2024


def test_syntax_error_has_line_and_column() -> None:
    person, problems = load_one("syntax_error.toml")
    assert person is None
    [problem] = problems
    assert "TOML syntax error" in problem.message
    assert (problem.line, problem.col) == (2, 26)
    assert str(problem).startswith(f"{FIXTURES / 'syntax_error.toml'}:2:26: ")


def test_wrong_types_are_dropped_field_by_field() -> None:
    person, problems = load_one("wrong_type.toml")
    assert person is not None
    assert [p.title for p in person.papers] == ["Kept", "Year as text"]
    assert person.papers[1].year is None
    fields = {p.field: p for p in problems}
    assert set(fields) == {"papers[1].year", "papers[1].categories"}
    assert fields["papers[1].year"].line == 8
    assert "expected a whole number, got a string" in fields["papers[1].year"].message
    assert fields["papers[1].categories"].line == 9


def test_missing_required_field_skips_only_that_entry() -> None:
    person, problems = load_one("missing_required.toml")
    assert person is not None
    assert person.education == ()
    assert [p.title for p in person.papers] == ["Still here"]
    [problem] = problems
    assert problem.field == "education[0]"
    assert "institution" in problem.message
    assert problem.line == 3


def test_unknown_keys_are_reported_with_a_suggestion() -> None:
    person, problems = load_one("unknown_key.toml")
    assert person is not None
    assert person.papers[0].title == "With a typo"
    by_field = {p.field: p for p in problems}
    assert "did you mean `headline`" in by_field["headlien"].message
    assert by_field["headlien"].line == 2
    assert "did you mean `year`" in by_field["papers[0].yaer"].message
    assert by_field["papers[0].yaer"].line == 6


def test_bad_dates_name_the_field() -> None:
    person, problems = load_one("bad_dates.toml")
    assert person is not None
    assert person.experience[0].organisation == "Somewhere"
    assert person.experience[0].start is None
    messages = {p.field: p.message for p in problems}
    assert "month 13" in messages["experience[0].start"]
    assert "yesterday" in messages["experience[0].end"]


def test_non_utf8_is_reported_with_position() -> None:
    person, problems = load_one("not_utf8.toml")
    assert person is None
    [problem] = problems
    assert "not UTF-8" in problem.message
    assert (problem.line, problem.col) == (1, 12)


def test_empty_file_is_a_problem() -> None:
    person, problems = load_one("empty.toml")
    assert person is None
    assert "empty" in problems[0].message


def test_bom_and_crlf_are_fine() -> None:
    person, problems = load_one("bom_crlf.toml")
    assert problems == []
    assert person is not None
    assert person.name == "With BOM"
    assert person.headline == "CRLF lines"


def test_missing_name_falls_back_to_the_id() -> None:
    person, problems = load_one("no_name.toml")
    assert person is not None
    assert person.name == "no_name"
    assert problems[0].field == "name"


def test_duplicate_ids_keep_the_first_and_report_the_second(tmp_path: Path) -> None:
    shutil.copy(FIXTURES / "dup_a.toml", tmp_path / "a.toml")
    shutil.copy(FIXTURES / "dup_b.toml", tmp_path / "b.toml")
    lib = load_paths([tmp_path])
    assert [p.name for p in lib.people] == ["First"]
    [problem] = lib.problems
    assert problem.path.endswith("b.toml")
    assert "duplicate id `same-person`" in problem.message
    assert problem.path != "" and "a.toml" in problem.message


def test_unreadable_file_is_reported(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    target = tmp_path / "locked.toml"
    target.write_text('name = "Locked"\n')
    from cvtui.core import loading

    original = loading.read_regular

    def refuse(path: object, limit: int) -> bytes:
        if Path(str(path)).name == "locked.toml":
            raise PermissionError(13, "Permission denied")
        return original(path, limit)  # type: ignore[arg-type]

    monkeypatch.setattr(loading, "read_regular", refuse)
    person, problems = load_file(target)
    assert person is None
    assert "Permission denied" in problems[0].message


def test_one_bad_file_never_stops_the_others() -> None:
    lib = load_paths([FIXTURES])
    names = {p.name for p in lib.people}
    assert {"Valid Person", "Wrong Types", "Unknown Keys", "With BOM"} <= names
    paths = {Path(p.path).name for p in lib.problems}
    assert {"syntax_error.toml", "not_utf8.toml", "empty.toml", "dup_b.toml"} <= paths


def test_discover_recurses_sorts_and_reports_missing_paths(tmp_path: Path) -> None:
    (tmp_path / "b").mkdir()
    (tmp_path / "b" / "z.toml").write_text('name = "Z"\n')
    (tmp_path / "a.toml").write_text('name = "A"\n')
    (tmp_path / "notes.txt").write_text("not a profile")
    (tmp_path / ".hidden").mkdir()
    (tmp_path / ".hidden" / "h.toml").write_text('name = "H"\n')
    files, problems = discover([tmp_path, tmp_path / "nope"])
    assert [f.relative_to(tmp_path).as_posix() for f in files] == ["a.toml", "b/z.toml"]
    assert problems[0].message == "no such file or directory"


def test_directory_symlink_loop_is_reported_not_followed(tmp_path: Path) -> None:
    (tmp_path / "sub").mkdir()
    (tmp_path / "sub" / "p.toml").write_text('name = "P"\n')
    (tmp_path / "sub" / "loop").symlink_to(tmp_path, target_is_directory=True)
    files, problems = discover([tmp_path])
    assert [f.name for f in files] == ["p.toml"]
    assert any("symlink loop" in p.message for p in problems)


def test_control_characters_are_replaced_and_reported() -> None:
    text = 'name = "Eve"\n[[papers]]\ntitle = "Hi \\u001b]52;c;SGVsbG8=\\u0007 \\u202e there"\n'
    person, problems = load_text(text, "eve.toml", "eve")
    assert person is not None
    title = person.papers[0].title
    assert "\x1b" not in title and "\x07" not in title and "\u202e" not in title
    assert "␛]52;c;SGVsbG8=␇" in title
    [warning] = problems
    assert warning.severity == "warning"
    assert warning.field == "papers[0].title"
    assert warning.line == 3


def test_paper_ids_are_unique_within_a_profile() -> None:
    text = 'name = "X"\n[[papers]]\ntitle = "Same"\n[[papers]]\ntitle = "Same"\n'
    person, problems = load_text(text, "x.toml", "x")
    assert person is not None
    assert [p.id for p in person.papers] == ["same", "same-2"]
    assert problems == []


def test_year_is_taken_from_the_date() -> None:
    text = 'name = "X"\n[[papers]]\ntitle = "T"\ndate = "2025-06-09"\n'
    person, _ = load_text(text, "x.toml", "x")
    assert person is not None
    assert person.papers[0].year == 2025
    assert str(person.papers[0].date) == "2025-06-09"


def test_enum_errors_list_the_choices() -> None:
    text = 'name = "X"\n[[experience]]\norganisation = "O"\nkind = "intern"\n'
    person, problems = load_text(text, "x.toml", "x")
    assert person is not None and person.experience[0].kind == "position"
    assert "internship" in problems[0].message
    assert problems[0].field == "experience[0].kind"


def test_indices_in_problems_are_those_of_the_file() -> None:
    text = (
        'name = "X"\n'
        "[[papers]]\nyear = 2020\n"  # papers[0]: no title, dropped
        '[[papers]]\ntitle = "B"\nyear = "x"\n'  # papers[1].year is wrong
    )
    person, problems = load_text(text, "x.toml", "x")
    assert person is not None and [p.title for p in person.papers] == ["B"]
    assert [p.field for p in problems] == ["papers[0]", "papers[1].year"]
    assert problems[1].line == 6
