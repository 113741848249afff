"""The round-trip proofs over real bibliographies (shared/realworld and tests/fixtures/exchange).

For every file: import it into an empty profile with ``cvtui import``, export that profile's
entries with ``cvtui export --entries`` (the default writes one entry per *work*, and a
bibliography may list one paper twice), and read the export back with bibtexparser and with pybtex. Every entry
with a title (or booktitle) must be there under its key; every bibliographic field value of
the source must come back (see tests/bibproof.py for what "the same" allows); no exported
name may carry a contribution mark; pybtex's ``plain`` style must format every exported entry
whose source entry it can format; and importing the export and exporting again must give the
same text. CSL-JSON exports must validate against the vendored CSL-JSON schema and round-trip.
"""

from __future__ import annotations

import json
import os
from pathlib import Path

import bibtexparser
import jsonschema
import pytest

import bibproof as bp
from cvtui.cli import main

HERE = Path(__file__).resolve().parent
REALWORLD = Path(os.environ.get("CVTUI_REALWORLD_DIR") or HERE.parents[1] / "shared" / "realworld")
FIXTURES = HERE / "fixtures" / "exchange"
BIB_FILES = [
    *(sorted(REALWORLD.glob("*.bib")) if REALWORLD.is_dir() else []),
    *sorted((FIXTURES / "bib").glob("*.bib")),
]
CSL_FILES = sorted((FIXTURES / "csl").glob("bbt-*.csl.json"))
SCHEMA = json.loads((FIXTURES / "csl" / "csl-data.schema.json").read_text(encoding="utf-8"))


def _cli(capsys: pytest.CaptureFixture[str], *argv: str) -> tuple[int, str]:
    capsys.readouterr()
    code = main(list(argv))
    return code, capsys.readouterr().out


def _import(capsys: pytest.CaptureFixture[str], fmt: str, path: Path, directory: Path) -> int:
    directory.mkdir(parents=True, exist_ok=True)
    code, _ = _cli(
        capsys, "import", fmt, str(path), "--person", "p", "--name", "P", "--dir", str(directory)
    )
    return code


def _export(capsys: pytest.CaptureFixture[str], fmt: str, directory: Path, *options: str) -> str:
    code, out = _cli(
        capsys, "export", fmt, "--person", "p", "--entries", "--no-cache", *options, str(directory)
    )
    assert code == 0
    return out


def _titled(source: bp.BibliographyData) -> list[str]:
    return [k for k in source.entries if bp.expected_fields(source, k)[1].get("title")]


@pytest.mark.parametrize("bib", BIB_FILES, ids=lambda p: p.name)
@pytest.mark.parametrize(
    "options",
    [("--style", "bibtex"), ("--style", "biblatex"), ("--style", "bibtex", "--ascii")],
    ids=["bibtex", "biblatex", "ascii"],
)
def test_bibtex_round_trip_keeps_every_entry_and_field(
    bib: Path, options: tuple[str, ...], tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    style = options[1]
    source = bp.quiet_parse(bib.read_text(encoding="utf-8"))
    titled = _titled(source)
    if not titled:
        assert _import(capsys, "bibtex", bib, tmp_path / "a") == 1  # nothing importable
        return
    assert _import(capsys, "bibtex", bib, tmp_path / "a") == 0
    exported = _export(capsys, "bibtex", tmp_path / "a", *options)

    assert bibtexparser.parse_string(exported).failed_blocks == []
    export = bp.quiet_parse(exported)
    assert bp.marks_in_names(export) == []
    problems = []
    for key in titled:
        if key not in export.entries:
            problems.append(f"{key}: not exported")
            continue
        problems += [f"{key}: {d}" for d in bp.differences(source, key, export, key)]
        # biblatex output (date, journaltitle) is for biber; BibTeX's styles read --style bibtex.
        if (
            style == "bibtex"
            and bp.plain_style_formats(source, key)
            and not bp.plain_style_formats(export, key)
        ):
            problems.append(f"{key}: pybtex plain style cannot format the export")
    assert problems == []

    (tmp_path / "exported.bib").write_text(exported, encoding="utf-8")
    assert _import(capsys, "bibtex", tmp_path / "exported.bib", tmp_path / "b") == 0
    assert _export(capsys, "bibtex", tmp_path / "b", *options) == exported


def _importable(path: Path) -> bool:
    """Whether a bibliography has an entry with a title (the one that has none is tested
    above: its import exits 1)."""
    return bool(_titled(bp.quiet_parse(path.read_text(encoding="utf-8"))))


@pytest.mark.parametrize(
    "path", [p for p in BIB_FILES if _importable(p)] + CSL_FILES, ids=lambda p: p.name
)
def test_csl_json_export_validates_and_round_trips(
    path: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    fmt = "csl-json" if path.suffix == ".json" else "bibtex"
    assert _import(capsys, fmt, path, tmp_path / "a") == 0
    exported = _export(capsys, "csl-json", tmp_path / "a")
    items = json.loads(exported)
    errors = [e.message for e in jsonschema.Draft7Validator(SCHEMA).iter_errors(items)]
    assert errors == []
    (tmp_path / "exported.json").write_text(exported, encoding="utf-8")
    assert _import(capsys, "csl-json", tmp_path / "exported.json", tmp_path / "b") == 0
    assert _export(capsys, "csl-json", tmp_path / "b") == exported


@pytest.mark.parametrize("path", CSL_FILES, ids=lambda p: p.name)
def test_csl_json_import_keeps_every_variable(
    path: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    source = json.loads(path.read_text(encoding="utf-8"))
    assert _import(capsys, "csl-json", path, tmp_path / "a") == 0
    exported = {
        item["id"]: item for item in json.loads(_export(capsys, "csl-json", tmp_path / "a"))
    }
    problems = []
    for item in source:
        if not item.get("title"):
            continue
        key = item.get("citation-key") or item["id"]
        assert key in exported
        problems += [f"{key}: {d}" for d in bp.csl_differences(item, exported[key])]
    assert problems == []
