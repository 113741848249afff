"""JSON Resume: export validates against the schema's structure; import takes real documents in
with warnings and never fails; a round trip keeps every entry."""

from __future__ import annotations

import json
import os
import re
from pathlib import Path
from typing import Any

import pytest

from cvtui.cli import main
from cvtui.core.exchange.jsonresume import jsonresume_to_profile, person_to_jsonresume
from cvtui.core.exchange.writer import check_profile_text, render_profile
from cvtui.core.loading import load_file, load_paths

PROFILES = Path(__file__).resolve().parents[1] / "profiles"
# Real files from researchers' sites, kept beside the repository (or named by the environment).
REALWORLD = Path(
    os.environ.get("CVTUI_REALWORLD_DIR")
    or Path(__file__).resolve().parents[2] / "shared" / "realworld"
)


def _is_json_resume(path: Path) -> bool:
    """Whether a real sample is a JSON Resume (the folder also holds service responses)."""
    try:
        doc = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return False
    return isinstance(doc, dict) and "basics" in doc


RESUMES = (
    sorted(p for p in REALWORLD.glob("*.json") if _is_json_resume(p)) if REALWORLD.is_dir() else []
)
needs_realworld = pytest.mark.skipif(
    not RESUMES, reason="the real-world sample folder (shared/realworld) is not present"
)

# --- a structural validator for the JSON Resume schema (v1.0.0), network-free ---------------

ISO_DATE = re.compile(
    r"^([1-2][0-9]{3}-[0-1][0-9]-[0-3][0-9]|[1-2][0-9]{3}-[0-1][0-9]|[1-2][0-9]{3})$"
)
STR, LIST_STR, DATE, OBJ_LIST = "string", "list of strings", "date", "list of objects"
SCHEMA: dict[str, dict[str, Any]] = {
    "basics": {
        "name": STR,
        "label": STR,
        "image": STR,
        "email": STR,
        "phone": STR,
        "url": STR,
        "summary": STR,
        "location": "object",
        "profiles": (OBJ_LIST, {"network": STR, "username": STR, "url": STR}),
    },
    "work": {
        "name": STR,
        "location": STR,
        "description": STR,
        "position": STR,
        "url": STR,
        "startDate": DATE,
        "endDate": DATE,
        "summary": STR,
        "highlights": LIST_STR,
    },
    "volunteer": {
        "organization": STR,
        "position": STR,
        "url": STR,
        "startDate": DATE,
        "endDate": DATE,
        "summary": STR,
        "highlights": LIST_STR,
    },
    "education": {
        "institution": STR,
        "url": STR,
        "area": STR,
        "studyType": STR,
        "startDate": DATE,
        "endDate": DATE,
        "score": STR,
        "courses": LIST_STR,
    },
    "awards": {"title": STR, "date": DATE, "awarder": STR, "summary": STR},
    "publications": {
        "name": STR,
        "publisher": STR,
        "releaseDate": DATE,
        "url": STR,
        "summary": STR,
    },
    "skills": {"name": STR, "level": STR, "keywords": LIST_STR},
    "languages": {"language": STR, "fluency": STR},
    "interests": {"name": STR, "keywords": LIST_STR},
}


def _check_value(value: Any, kind: Any, where: str, errors: list[str]) -> None:
    if isinstance(kind, tuple):
        kind, fields = kind
        if not isinstance(value, list):
            errors.append(f"{where}: not a list")
            return
        for i, item in enumerate(value):
            _check_object(item, fields, f"{where}[{i}]", errors)
        return
    if kind == STR and not isinstance(value, str):
        errors.append(f"{where}: not a string")
    elif kind == DATE and not (isinstance(value, str) and ISO_DATE.match(value)):
        errors.append(f"{where}: {value!r} is not an ISO 8601 date")
    elif kind == LIST_STR and not (
        isinstance(value, list) and all(isinstance(v, str) for v in value)
    ):
        errors.append(f"{where}: not a list of strings")
    elif kind == "object" and not isinstance(value, dict):
        errors.append(f"{where}: not an object")


def _check_object(obj: Any, fields: dict[str, Any], where: str, errors: list[str]) -> None:
    if not isinstance(obj, dict):
        errors.append(f"{where}: not an object")
        return
    for key, value in obj.items():
        if key not in fields:
            errors.append(f"{where}.{key}: not in the schema")
        else:
            _check_value(value, fields[key], f"{where}.{key}", errors)


def schema_errors(doc: Any) -> list[str]:
    errors: list[str] = []
    if not isinstance(doc, dict):
        return ["document is not an object"]
    for key, value in doc.items():
        if key in ("$schema", "meta"):
            continue
        if key not in SCHEMA:
            errors.append(f"{key}: not a section of the schema")
        elif key == "basics":
            _check_object(value, SCHEMA[key], key, errors)
        elif not isinstance(value, list):
            errors.append(f"{key}: not a list")
        else:
            for i, item in enumerate(value):
                _check_object(item, SCHEMA[key], f"{key}[{i}]", errors)
    return errors


def test_the_validator_catches_shape_errors() -> None:
    bad = {"basics": {"name": 3}, "work": [{"startDate": "Present"}], "skills": {"x": 1}, "foo": []}
    assert len(schema_errors(bad)) == 4


# --- export ----------------------------------------------------------------------------------


def test_every_bundled_profile_exports_valid_json_resume() -> None:
    library = load_paths([PROFILES])
    assert library.people
    for person in library.people:
        doc = person_to_jsonresume(person)
        assert schema_errors(doc) == [], person.id
        assert doc["basics"]["name"] == person.name
        assert len(doc.get("publications", [])) == len(person.papers)
        assert len(doc.get("education", [])) == len(person.education)
        assert len(doc.get("work", [])) == len(person.experience)


def test_export_command(capsys: pytest.CaptureFixture[str]) -> None:
    library = load_paths([PROFILES])
    person = library.people[0]
    assert main(["export", "jsonresume", "--person", person.id, "--no-cache", str(PROFILES)]) == 0
    doc = json.loads(capsys.readouterr().out)
    assert schema_errors(doc) == []
    assert main(["export", "jsonresume", "--person", "nobody", "--no-cache", str(PROFILES)]) == 2


def test_ongoing_end_date_is_left_out() -> None:
    profile = {
        "name": "A",
        "experience": [{"organisation": "X", "start": "2020", "end": "present"}],
    }
    path_text = render_profile(profile)
    from cvtui.core.loading import load_text

    person, _ = load_text(path_text, "a.toml", "a")
    assert person is not None
    work = person_to_jsonresume(person)["work"][0]
    assert work == {"name": "X", "startDate": "2020"}


# --- import ----------------------------------------------------------------------------------


def _profile_loads_cleanly(profile: dict[str, Any], tmp_path: Path) -> None:
    text = render_profile(profile)
    errors = [p for p in check_profile_text(text, tmp_path / "x.toml") if p.severity == "error"]
    assert errors == []


@needs_realworld
@pytest.mark.parametrize("resume", RESUMES, ids=lambda p: p.name)
def test_real_resume_imports_and_round_trips(resume: Path, tmp_path: Path) -> None:
    doc = json.loads(resume.read_text(encoding="utf-8"))
    profile, _ = jsonresume_to_profile(doc)
    _profile_loads_cleanly(profile, tmp_path)
    for section, key in (
        ("work", "experience"),
        ("education", "education"),
        ("publications", "papers"),
        ("languages", "languages"),
    ):
        assert len(profile.get(key, [])) == len(doc.get(section, [])), section
    (tmp_path / "p.toml").write_text(render_profile(profile), encoding="utf-8")
    person, _ = load_file(tmp_path / "p.toml")
    assert person is not None
    exported = person_to_jsonresume(person)
    assert schema_errors(exported) == []
    again, warnings = jsonresume_to_profile(exported)
    assert warnings == []
    assert again == _without_schema_gaps(profile)


def _without_schema_gaps(profile: dict[str, Any]) -> dict[str, Any]:
    """What JSON Resume cannot say: an ongoing end date, where a degree was studied."""
    out = json.loads(json.dumps(profile))
    for section in ("experience", "education", "service"):
        for entry in out.get(section, []):
            if entry.get("end") == "present":
                del entry["end"]
            if section == "education":
                entry.pop("location", None)
    return out


@needs_realworld
def test_schema_bending_values_become_warnings_not_failures() -> None:
    doc = json.loads((REALWORLD / "afkd98-resume.json").read_text(encoding="utf-8"))
    profile, warnings = jsonresume_to_profile(doc)
    text = "\n".join(warnings)
    assert "`Present` read as present" in text
    assert "`2025-3-15` read as 2025-03-15" in text
    assert "gpa" in text and "projects" in text
    assert profile["education"][0]["end"] == "present"
    assert profile["education"][0]["honours"] == "GPA 3.8"
    assert profile["papers"][0]["date"] == "2025-03-15"


@needs_realworld
def test_status_in_publisher_is_split_off() -> None:
    doc = json.loads((REALWORLD / "afkd98-resume.json").read_text(encoding="utf-8"))
    profile, _ = jsonresume_to_profile(doc)
    first = profile["papers"][0]
    assert (first["status"], first["venue"]) == ("submitted", "TOSEM'26")


def test_basics_map_to_name_headline_and_links() -> None:
    profile, warnings = jsonresume_to_profile(
        {
            "basics": {
                "name": "Ada",
                "label": "PhD student",
                "email": "a@u.edu",
                "phone": "555",
                "url": "https://ada.org",
                "profiles": [
                    {"network": "GitHub", "url": "https://github.com/ada"},
                    {"network": "Mastodon", "url": "https://m.org/@ada"},
                ],
            },
        }
    )
    assert profile["name"] == "Ada" and profile["headline"] == "PhD student"
    assert profile["links"] == {
        "email": "a@u.edu",
        "github": "https://github.com/ada",
        "homepage": "https://ada.org",
    }
    assert any("phone" in w for w in warnings) and any("mastodon" in w for w in warnings)


def test_string_where_a_list_belongs_is_read_as_a_list() -> None:
    profile, warnings = jsonresume_to_profile(
        {
            "basics": {"name": "A"},
            "work": [{"name": "X", "highlights": "Did a thing"}],
            "skills": [{"name": "Code", "keywords": "Python, Go"}],
        }
    )
    assert profile["experience"][0]["highlights"] == ["Did a thing"]
    assert profile["skills"][0]["items"] == ["Python", "Go"]
    assert len(warnings) == 2


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        ("2022-07", "2022-07"),
        ("2022-7-9", "2022-07-09"),
        ("Jan 2020", "2020-01"),
        ("March 2021", "2021-03"),
        ("05/2019", "2019-05"),
        ("Summer 2018", "2018"),
    ],
)
def test_lenient_dates(raw: str, expected: str) -> None:
    profile, _ = jsonresume_to_profile(
        {"basics": {"name": "A"}, "work": [{"name": "X", "startDate": raw}]}
    )
    assert profile["experience"][0]["start"] == expected


@pytest.mark.parametrize(
    "doc",
    [
        {},
        {"basics": "nope"},
        {"basics": {"name": "A"}, "work": "x", "education": [1, None, {"institution": 5}]},
        {"basics": {"name": "A"}, "publications": [{"name": "T", "releaseDate": "soon"}]},
        {"basics": {"name": ["A"]}, "awards": {"title": "B"}, "interests": [{"keywords": ["x"]}]},
    ],
)
def test_odd_documents_never_fail(doc: dict[str, Any], tmp_path: Path) -> None:
    profile, _ = jsonresume_to_profile(doc)
    profile.setdefault("name", "Fallback")
    if not profile["name"]:
        profile["name"] = "Fallback"
    _profile_loads_cleanly(profile, tmp_path)


def test_volunteer_becomes_service_and_back() -> None:
    profile, _ = jsonresume_to_profile(
        {
            "basics": {"name": "A"},
            "volunteer": [{"organization": "NeurIPS", "position": "Reviewer", "startDate": "2022"}],
        }
    )
    assert profile["service"] == [{"role": "Reviewer", "venues": ["NeurIPS"], "start": "2022"}]


@needs_realworld
def test_import_command_creates_then_refuses_to_replace(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    resume = REALWORLD / "501good-resume.json"
    assert main(["import", "jsonresume", str(resume), "--dir", str(tmp_path)]) == 0
    path = tmp_path / "kirill-milintsevich.toml"
    person, problems = load_file(path)
    assert person is not None and person.name == "Kirill Milintsevich"
    assert [p for p in problems if p.severity == "error"] == []
    before = path.read_bytes()
    capsys.readouterr()
    assert main(["import", "jsonresume", str(resume), "--dir", str(tmp_path)]) == 2
    assert "--force" in capsys.readouterr().err
    assert path.read_bytes() == before
    assert main(["import", "jsonresume", str(resume), "--dir", str(tmp_path), "--force"]) == 0


@needs_realworld
def test_cross_format_papers_are_matched(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert (
        main(
            [
                "import",
                "jsonresume",
                str(REALWORLD / "501good-resume.json"),
                "--id",
                "kirill",
                "--dir",
                str(tmp_path),
            ]
        )
        == 0
    )
    capsys.readouterr()
    assert (
        main(
            [
                "import",
                "bibtex",
                str(REALWORLD / "501good-papers.bib"),
                "--person",
                "kirill",
                "--dir",
                str(tmp_path),
            ]
        )
        == 0
    )
    assert "added 7, merged 3, skipped 0" in capsys.readouterr().out
    person, problems = load_file(tmp_path / "kirill.toml")
    assert person is not None and len(person.papers) == 10
    assert [p for p in problems if p.severity == "error"] == []
